//! Writing restXml request bodies as botocore's `RestXMLSerializer` does: the input's
//! members inside the element the operation names (or the payload member's own element),
//! attributes first, each member's element declaring its namespace, lists wrapped in their
//! member's element unless flattened, map entries in key order.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::emit::symbols::{field_ident, timestamp_format, with_member_value};
use crate::ir::{
    Location, Member, Operation, Shape, ShapeKind, Structure, TimestampFormat, Transform, Union,
    XmlNamespace,
};

/// The impls a named shape needs to be written into requests.
pub fn write_impls(cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
    if !cx.usage.serialized.contains(&shape.name) {
        return TokenStream::new();
    }
    let name = format_ident!("{}", shape.rust_name);
    let to_xml = imports.name("awsgen_runtime::xml::ToXml");
    let writer_type = imports.name("awsgen_runtime::xml::XmlWriter");
    let body = match &shape.kind {
        ShapeKind::Structure(structure) => structure_body(cx, structure, imports),
        ShapeKind::Union(union) => union_body(cx, &name, union, imports),
        ShapeKind::Enum(_) => quote!(writer.text(self.as_str());),
        _ => return TokenStream::new(),
    };
    let writer = if body.is_empty() {
        quote!(_writer)
    } else {
        quote!(writer)
    };
    quote! {
        impl #to_xml for #name {
            fn write_xml(&self, #writer: &mut #writer_type) {
                #body
            }
        }
    }
}

/// A structure's attributes, then its members' elements.
fn structure_body(cx: &Context<'_>, structure: &Structure, imports: &mut Imports) -> TokenStream {
    let members: Vec<&Member> = structure.members.iter().collect();
    let attributes = attributes(cx, &members);
    let elements = elements(cx, &members, imports);
    quote! {
        #attributes
        #elements
    }
}

fn union_body(
    cx: &Context<'_>,
    name: &syn::Ident,
    union: &Union,
    imports: &mut Imports,
) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let member = &variant.member;
        let write = write_value(cx, element_name(member), member, quote!(value), imports);
        quote!(#name::#ident(value) => { #write })
    });
    quote! {
        match self {
            #(#arms)*
            #name::Unknown(_) => {}
        }
    }
}

/// `fn serialize`'s body statements: the members in the operation's document element, when
/// any is set (botocore sends no body otherwise).
pub fn write_members(
    cx: &Context<'_>,
    op: &Operation,
    members: &[&Member],
    imports: &mut Imports,
) -> TokenStream {
    let writer_type = imports.name("awsgen_runtime::xml::XmlWriter");
    let (root, namespace) = match &op.input_root {
        Some(root) => (root.name.as_str(), root.namespace.as_ref()),
        // botocore's models name every restXml input with a body; a model that does not
        // gets the input shape's name.
        None => (op.input.as_str(), None),
    };
    let declare = namespace.map(declaration);
    let attributes = attributes(cx, members);
    let elements = elements(cx, members, imports);
    // botocore adds a token the caller left out to the end of the parameters.
    let tokens = members
        .iter()
        .filter(|m| m.idempotency_token && !m.required)
        .map(|member| {
            let ident = field_ident(member);
            let write = write_value(cx, element_name(member), member, quote!(&token), imports);
            quote! {
                if self.#ident.is_none() {
                    let token = cx.idempotency_token();
                    #write
                }
            }
        });
    let document = quote! {
        let mut document = #writer_type::new();
        let writer = &mut document;
        writer.start(#root);
        #declare
        #attributes
        #elements
        #(#tokens)*
        request.body = document.finish().into_bytes().into();
    };
    let always = members.iter().any(|m| m.required || m.idempotency_token);
    if always {
        return document;
    }
    let set = members.iter().map(|member| {
        let ident = field_ident(member);
        quote!(self.#ident.is_some())
    });
    quote! {
        if #(#set)||* {
            #document
        }
    }
}

/// The payload member, a structure or union, as the document: its own element, with its
/// namespace; an unset one sends no body.
pub fn write_payload(payload: &Member, imports: &mut Imports) -> TokenStream {
    let writer_type = imports.name("awsgen_runtime::xml::XmlWriter");
    let name = element_name(payload);
    let declare = payload.xml_namespace.as_ref().map(declaration);
    let to_xml = imports.name("awsgen_runtime::xml::ToXml");
    let write = quote! {
        let mut document = #writer_type::new();
        let writer = &mut document;
        writer.start(#name);
        #declare
        #to_xml::write_xml(value, writer);
        request.body = document.finish().into_bytes().into();
    };
    with_member_value(payload, write)
}

/// `writer.attribute("xmlns", "…");`
fn declaration(namespace: &XmlNamespace) -> TokenStream {
    let attribute = namespace.attribute();
    let uri = namespace.uri.as_str();
    quote!(writer.attribute(#attribute, #uri);)
}

/// The members that are attributes of the element just started.
fn attributes(cx: &Context<'_>, members: &[&Member]) -> TokenStream {
    let writes = members.iter().filter(|m| m.xml_attribute).map(|member| {
        let name = element_name(member);
        let text = match &cx.service.shape(&member.target).kind {
            ShapeKind::Enum(_) => quote!(value.as_str()),
            ShapeKind::String(_) => quote!(value),
            _ => quote!(&value.to_string()),
        };
        let write = quote!(writer.attribute(#name, #text););
        bound(member, write)
    });
    quote!(#(#writes)*)
}

/// The members that are elements, each when set.
fn elements(cx: &Context<'_>, members: &[&Member], imports: &mut Imports) -> TokenStream {
    let writes = members.iter().filter(|m| !m.xml_attribute).map(|member| {
        if member.required {
            let ident = field_ident(member);
            return write_value(
                cx,
                element_name(member),
                member,
                quote!(&self.#ident),
                imports,
            );
        }
        let write = write_value(cx, element_name(member), member, quote!(value), imports);
        bound(member, write)
    });
    quote!(#(#writes)*)
}

/// `write` with `value` bound to the member's value, when it has one.
fn bound(member: &Member, write: TokenStream) -> TokenStream {
    with_member_value(member, write)
}

fn element_name(member: &Member) -> &str {
    match &member.location {
        Location::Body(name) => name,
        Location::Payload(name) => name,
        other => unreachable!("a member bound to {other:?} is not in the body"),
    }
}

/// How a value is laid out: what its member says, or nothing, for list elements and map
/// values.
#[derive(Clone, Copy, Default)]
struct Layout<'a> {
    timestamp_format: Option<TimestampFormat>,
    flattened: bool,
    namespace: Option<&'a XmlNamespace>,
    transform: Option<Transform>,
}

impl<'a> Layout<'a> {
    fn of(member: &'a Member) -> Self {
        Layout {
            timestamp_format: member.timestamp_format,
            flattened: member.flattened,
            namespace: member.xml_namespace.as_ref(),
            transform: member.transform,
        }
    }

    fn in_namespace(namespace: Option<&'a XmlNamespace>) -> Self {
        Layout {
            namespace,
            ..Layout::default()
        }
    }
}

/// Statements writing the member's `value` (a reference) as the element `name`.
fn write_value(
    cx: &Context<'_>,
    name: &str,
    member: &Member,
    value: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    element(cx, name, &member.target, Layout::of(member), value, imports)
}

/// Statements writing `value`, of `target`, as the element `name` laid out as `layout` says.
fn element(
    cx: &Context<'_>,
    name: &str,
    target: &str,
    layout: Layout<'_>,
    value: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let declare = layout.namespace.map(declaration);
    let open = quote! {
        writer.start(#name);
        #declare
    };
    match &cx.service.shape(target).kind {
        ShapeKind::List(list) => {
            let element_name = list.member_name.as_deref().unwrap_or("member");
            let item_layout = Layout::in_namespace(list.member_namespace.as_ref());
            if layout.flattened {
                let write = element(cx, name, &list.member, item_layout, quote!(item), imports);
                return quote! {
                    for item in #value {
                        #write
                    }
                };
            }
            let write = element(
                cx,
                element_name,
                &list.member,
                item_layout,
                quote!(item),
                imports,
            );
            quote! {
                #open
                for item in #value {
                    #write
                }
                writer.end();
            }
        }
        ShapeKind::Map(map) => {
            let xml = imports.name("awsgen_runtime::xml");
            let key_name = map.key_name.as_deref().unwrap_or("key");
            let value_name = map.value_name.as_deref().unwrap_or("value");
            let key = element(
                cx,
                key_name,
                &map.key,
                Layout::in_namespace(map.key_namespace.as_ref()),
                quote!(key),
                imports,
            );
            let entry_value = element(
                cx,
                value_name,
                &map.value,
                Layout::in_namespace(map.value_namespace.as_ref()),
                quote!(entry),
                imports,
            );
            if layout.flattened {
                return quote! {
                    for (key, entry) in #xml::entries(#value) {
                        #open
                        #key
                        #entry_value
                        writer.end();
                    }
                };
            }
            quote! {
                #open
                for (key, entry) in #xml::entries(#value) {
                    writer.start("entry");
                    #key
                    #entry_value
                    writer.end();
                }
                writer.end();
            }
        }
        ShapeKind::Timestamp => match layout.timestamp_format {
            Some(format) if format != TimestampFormat::Iso8601 => {
                let format = timestamp_format(format, imports);
                quote! {
                    #open
                    writer.text(&#format.format(*#value));
                    writer.end();
                }
            }
            _ => scalar(name, layout, value, imports),
        },
        _ => scalar(name, layout, value, imports),
    }
}

/// A value written with its `ToXml`: `xml::element(…)` when its element declares nothing.
/// A string botocore changes first is changed first.
fn scalar(
    name: &str,
    layout: Layout<'_>,
    value: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let value = match layout.transform {
        Some(Transform::Base64) => {
            let customizations = imports.name("awsgen_runtime::customizations");
            quote!(&#customizations::base64_text(#value))
        }
        Some(Transform::LastPathSegment) => {
            let customizations = imports.name("awsgen_runtime::customizations");
            quote!(#customizations::last_path_segment(#value))
        }
        // Decoding is for what responses carry; a value written is sent as it is. The
        // encoding default belongs to a query member, S3's copy source and customer keys to
        // headers and its metadata check to validation, never an element.
        Some(
            Transform::DecodeBase64
            | Transform::DecodeJson { .. }
            | Transform::RootText
            | Transform::UrlEncodingUnlessChosen
            | Transform::QuotedCopySource
            | Transform::CustomerKey
            | Transform::CustomerKeyMd5
            | Transform::AsciiOnly,
        )
        | None => value,
    };
    match layout.namespace {
        None => {
            let xml = imports.name("awsgen_runtime::xml");
            quote!(#xml::element(writer, #name, #value);)
        }
        Some(namespace) => {
            let declare = declaration(namespace);
            let to_xml = imports.name("awsgen_runtime::xml::ToXml");
            quote! {
                writer.start(#name);
                #declare
                #to_xml::write_xml(#value, writer);
                writer.end();
            }
        }
    }
}
