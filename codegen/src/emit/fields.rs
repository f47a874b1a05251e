//! How a member read from a response becomes a field of the value built from it: the
//! local it is collected in, and what a missing required member turns into. Shared by
//! every codec and binding that reads members.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Member;

use super::Context;
use super::imports::Imports;
use super::symbols::{field_ident, has_default};

/// How a member that does not parse is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// The response is an error.
    Strict,
    /// The member is left unset, for error responses, whose code and message matter more.
    Lenient,
}

/// `field: value,` in the struct literal after parsing: a missing required member gets its
/// type's default where it has one (as the official SDKs correct such responses), and is an
/// error where it has none, made by the `required` function of the runtime module
/// `codec_module` (the codec's [`runtime_module`]).
///
/// [`runtime_module`]: super::codec::ResponseCodec::runtime_module
pub fn finish_field(
    cx: &Context<'_>,
    member: &Member,
    codec_module: &str,
    imports: &mut Imports,
) -> TokenStream {
    let ident = field_ident(member);
    let local = local_ident(member);
    if !member.required && !member.boxed && local == ident {
        return quote!(#ident,);
    }
    let value = if member.required {
        required_value(cx, member, quote!(#local), codec_module, imports)
    } else if member.boxed {
        quote!(#local.map(Box::new))
    } else {
        quote!(#local)
    };
    quote!(#ident: #value,)
}

/// The local a parser collects a member in: named after the field, unless that name is
/// one the parser's own code uses (its parameters and loop variables).
pub fn local_ident(member: &Member) -> syn::Ident {
    const TAKEN: &[&str] = &["value", "response", "meta", "reader", "wire_key", "start"];
    if TAKEN.contains(&member.rust_name.as_str()) {
        format_ident!("{}_member", member.rust_name)
    } else {
        field_ident(member)
    }
}

/// A required member's value from the `Option` a response gave: the type's default when
/// it is missing and the type has one, else an error naming the member, made by the
/// `required` function of the runtime module `codec_module`.
pub fn required_value(
    cx: &Context<'_>,
    member: &Member,
    found: TokenStream,
    codec_module: &str,
    imports: &mut Imports,
) -> TokenStream {
    let value = if has_default(cx.service, member) {
        quote!(#found.unwrap_or_default())
    } else {
        let module = imports.name(codec_module);
        let key = member.name.as_str();
        quote!(#module::required(#found, #key)?)
    };
    if member.boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
