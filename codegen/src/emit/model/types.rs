//! Structures and string enums: their definitions, constructors and `Debug`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs::{doc_attrs, doc_lines};
use crate::emit::imports::Imports;
use crate::emit::symbols::{field_ident, field_type, is_sensitive, rust_type};
use crate::emit::{Context, protocol};
use crate::ir::{EnumShape, Member, Shape, ShapeKind, Structure};

use super::validation;

/// A structure shared between operations, with what its uses require.
pub fn nested_structure(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let definition = struct_definition(cx, shape, structure, imports);
    let constructor = cx
        .usage
        .in_input
        .contains(&shape.name)
        .then(|| constructor_and_setters(cx, shape, structure, imports));
    let codec = protocol::shape_impls(cx, shape, imports);
    let validate = (cx.usage.in_input.contains(&shape.name)
        && validation::needs_validation(cx.service, &shape.name))
    .then(|| validation::validate_impl(cx, shape, structure, &[], imports));
    quote! {
        #definition
        #constructor
        #codec
        #validate
    }
}

/// `pub struct …` with documented fields, and a `Debug` that hides sensitive members.
pub fn struct_definition(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let docs = doc_attrs(shape.docs.as_deref());
    let streamed = cx.service.streamed_output_payload(structure);
    let fields: Vec<TokenStream> = structure
        .members
        .iter()
        .map(|member| {
            let ident = field_ident(member);
            // Always there, if empty, as botocore always gives a `StreamingBody`.
            let ty = if streamed.is_some_and(|streamed| streamed.name == member.name) {
                let byte_stream = imports.name("awsgen_runtime::body::ByteStream");
                quote!(#byte_stream)
            } else {
                field_type(cx.service, member, imports)
            };
            let docs = member_docs(member);
            let deprecated = member.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #docs
                #deprecated
                pub #ident: #ty,
            }
        })
        .collect();
    let sensitive = structure
        .members
        .iter()
        .any(|m| is_sensitive(cx.service, m));
    // With every member optional, the empty value is a natural default; a structure read
    // from responses also has one when its required members do, for error correction.
    let default = cx
        .service
        .structure_has_default(structure, cx.usage.deserialized.contains(&shape.name));
    // A stream is read once, and compares with nothing; a sensitive member's `Debug` is
    // written by hand.
    let derives: Vec<TokenStream> = [
        (streamed.is_none(), quote!(Clone)),
        (!sensitive, quote!(Debug)),
        (default, quote!(Default)),
        (streamed.is_none(), quote!(PartialEq)),
    ]
    .into_iter()
    .filter_map(|(derived, name)| derived.then_some(name))
    .collect();
    let derives = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    let debug = sensitive.then(|| redacting_debug(cx, &name, structure, imports));
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields)*
        }
        #debug
    }
}

fn member_docs(member: &Member) -> TokenStream {
    doc_attrs(member.docs.as_deref())
}

/// Sensitive values print as a placeholder so that logging a request or response never
/// leaks a secret.
fn redacting_debug(
    cx: &Context<'_>,
    name: &syn::Ident,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let fmt = imports.name("std::fmt");
    let fields = structure.members.iter().map(|member| {
        let ident = field_ident(member);
        let label = member.rust_name.trim_start_matches("r#");
        if is_sensitive(cx.service, member) {
            quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    let struct_name = name.to_string();
    quote! {
        impl #fmt::Debug for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.debug_struct(#struct_name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

/// `new` takes the required members, so they cannot be forgotten; each optional member gets
/// a chained setter.
pub fn constructor_and_setters(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let constructor = constructor(cx, structure, imports);
    let setters: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|member| {
            let ident = field_ident(member);
            setter(cx, member, quote!(self.#ident), imports)
        })
        .collect();
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// `pub fn new(required…) -> Self`.
pub fn constructor(cx: &Context<'_>, structure: &Structure, imports: &mut Imports) -> TokenStream {
    let required: Vec<&Member> = structure.members.iter().filter(|m| m.required).collect();
    let params = required_parameters(cx, structure, imports);
    let fields = structure.members.iter().map(|member| {
        let ident = field_ident(member);
        if member.required {
            let value = into_value(cx, member, quote!(#ident));
            if takes_as_is(cx, member) {
                quote!(#ident,)
            } else {
                quote!(#ident: #value,)
            }
        } else {
            quote!(#ident: None,)
        }
    });
    let doc = if required.is_empty() {
        doc_lines("Creates a value with every member unset.")
    } else {
        let names: Vec<String> = required.iter().map(|m| format!("`{}`", m.name)).collect();
        doc_lines(&format!(
            "Creates a value from its required members: {}.",
            names.join(", ")
        ))
    };
    if required.is_empty() {
        return quote! {
            #doc
            pub fn new() -> Self {
                // Spelled out: a member named `default` has a setter of that name.
                <Self as Default>::default()
            }
        };
    }
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#fields)* }
        }
    }
}

/// A chained setter for an optional member; `target` is the field's place expression.
pub fn setter(
    cx: &Context<'_>,
    member: &Member,
    target: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let ident = field_ident(member);
    let ty = parameter_type(cx, member, imports);
    let docs = member_docs(member);
    let value = into_value(cx, member, quote!(#ident));
    let deprecated = member.deprecated.then(|| quote!(#[deprecated]));
    // A member named like an operator's method (`Add`) is still a setter, not `Add::add`.
    const TRAIT_METHODS: &[&str] = &[
        "add", "sub", "mul", "div", "rem", "neg", "not", "shl", "shr", "bitand", "bitor", "bitxor",
        "next", "eq", "cmp", "hash", "borrow", "deref", "index", "drop",
    ];
    let allow_trait_name = TRAIT_METHODS
        .contains(&member.rust_name.as_str())
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    quote! {
        #docs
        #deprecated
        #allow_trait_name
        pub fn #ident(mut self, #ident: #ty) -> Self {
            #target = Some(#value);
            self
        }
    }
}

/// Strings are taken as `impl Into<String>` so that literals need no `.to_owned()`, and a
/// streamed body as `impl Into<RequestBody>`, so that bytes need no wrapping.
fn parameter_type(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    if cx.service.is_streamed_payload(member) {
        // Bytes, or a body made from a file or a reader.
        let body = imports.name("awsgen_runtime::body::RequestBody");
        quote!(impl Into<#body>)
    } else if takes_as_is(cx, member) || member.boxed {
        // The caller passes the value; boxing is a layout detail.
        rust_type(cx.service, &member.target, imports)
    } else {
        quote!(impl Into<String>)
    }
}

/// `name: Type` for each required member, in model order: the arguments of a constructor
/// and of a client method.
pub fn required_parameters(
    cx: &Context<'_>,
    structure: &Structure,
    imports: &mut Imports,
) -> Vec<TokenStream> {
    structure
        .members
        .iter()
        .filter(|m| m.required)
        .map(|member| {
            let ident = field_ident(member);
            let ty = parameter_type(cx, member, imports);
            quote!(#ident: #ty)
        })
        .collect()
}

/// The field value made from a parameter: strings arrive as `impl Into<String>`.
fn into_value(cx: &Context<'_>, member: &Member, ident: TokenStream) -> TokenStream {
    if member.boxed {
        quote!(Box::new(#ident))
    } else if takes_as_is(cx, member) {
        ident
    } else {
        quote!(#ident.into())
    }
}

/// Whether a parameter already has the field's type.
fn takes_as_is(cx: &Context<'_>, member: &Member) -> bool {
    !member.boxed
        && !cx.service.is_streamed_payload(member)
        && !matches!(cx.service.shape(&member.target).kind, ShapeKind::String(_))
}

/// A string enum that keeps values it does not know.
pub fn string_enum(
    cx: &Context<'_>,
    shape: &Shape,
    shape_enum: &EnumShape,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let docs = doc_attrs(shape.docs.as_deref());
    let unknown = if shape_enum.values.iter().any(|v| v.rust_name == "Unknown") {
        format_ident!("UnknownValue")
    } else {
        format_ident!("Unknown")
    };
    let variants = shape_enum.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust_name);
        let doc = doc_lines(&format!("`{}`", v.value));
        quote!(#doc #variant,)
    });
    let as_str = shape_enum.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust_name);
        let value = &v.value;
        quote!(#name::#variant => #value,)
    });
    let from_str = shape_enum.values.iter().map(|v| {
        let variant = format_ident!("{}", v.rust_name);
        let value = &v.value;
        quote!(#value => #name::#variant,)
    });
    let values = shape_enum.values.iter().map(|v| &v.value);
    let fmt = imports.name("std::fmt");
    let codec = protocol::shape_impls(cx, shape, imports);
    let default = cx.usage.deserialized.contains(&shape.name).then(|| {
        quote! {
            /// An empty unknown value: what a required member the service left out takes.
            impl Default for #name {
                fn default() -> Self {
                    #name::#unknown(String::new())
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as the service sent it.
            #unknown(String),
        }

        impl #name {
            /// Every value the model lists, as the service spells it.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::#unknown(other.to_owned()),
                }
            }
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #default
        #codec
    }
}
