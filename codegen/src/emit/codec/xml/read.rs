//! Reading XML responses: members are child elements matched by local name (attributes,
//! for members so marked), read through the runtime's pull reader with nothing built for
//! elements the model does not know. Lists and maps are read as botocore reads them: a
//! wrapped list's every child is an element; a flattened list's (or map's) elements repeat
//! under the member's name (the list's element name, where it has one).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::Context;
use crate::emit::codec::BodyAt;
use crate::emit::fields::{Strictness, finish_field, local_ident};
use crate::emit::imports::Imports;
use crate::emit::symbols::rust_type;
use crate::ir::{Location, Member, Shape, ShapeKind, Structure, Transform, Union};

/// The impls a named shape needs to be read from responses.
pub fn read_impls(cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
    if !cx.usage.deserialized.contains(&shape.name) {
        return TokenStream::new();
    }
    match &shape.kind {
        ShapeKind::Structure(structure) => structure_impl(cx, shape, structure, imports),
        ShapeKind::Union(union) => union_impl(cx, shape, union, imports),
        ShapeKind::Enum(_) => enum_impl(shape, imports),
        _ => TokenStream::new(),
    }
}

/// Statements reading `members` into their locals: an output's from inside an awsQuery
/// result wrapper or the document's element (restXml's body may be empty, and then holds
/// none), an error's from the error element, leniently.
pub fn read_members(
    cx: &Context<'_>,
    members: &[&Member],
    at: BodyAt<'_>,
    imports: &mut Imports,
) -> TokenStream {
    let lets = member_locals(cx, members, imports);
    let attributes = attribute_reads(cx, members, at.strictness(), imports);
    let dispatch = dispatch(cx, members, at.strictness(), imports);
    match at {
        BodyAt::Output(op) => {
            if let Some(wrapper) = &op.result_wrapper {
                let query = imports.name("awsgen_runtime::protocol::query");
                return quote! {
                    #lets
                    let reader = &mut #query::output_reader(&response.body, #wrapper)?;
                    while let Some(start) = reader.next_start()? {
                        #dispatch
                    }
                };
            }
            let xml = imports.name("awsgen_runtime::xml");
            if cx.service.meta.protocol.binds_http() {
                return quote! {
                    #lets
                    if let Some(reader) = &mut #xml::body_reader(&response.body)? {
                        #attributes
                        while let Some(start) = reader.next_start()? {
                            #dispatch
                        }
                    }
                };
            }
            quote! {
                #lets
                let reader = &mut #xml::document_reader(&response.body)?;
                while let Some(start) = reader.next_start()? {
                    #dispatch
                }
            }
        }
        BodyAt::Error => {
            let xml = imports.name("awsgen_runtime::xml");
            quote! {
                #lets
                if let Some(reader) = &mut #xml::error_reader(&response.body) {
                    while let Ok(Some(start)) = reader.next_start() {
                        #dispatch
                    }
                }
            }
        }
    }
}

/// The payload member, a structure or union, read from the whole body.
pub fn read_payload(imports: &mut Imports) -> TokenStream {
    let xml = imports.name("awsgen_runtime::xml");
    quote!(#xml::payload(response))
}

/// `impl ReadXml` for a structure read from responses: one local per member, filled as its
/// element comes by.
fn structure_impl(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_xml = imports.name("awsgen_runtime::xml::ReadXml");
    let reader_type = imports.name("awsgen_runtime::xml::XmlReader");
    let xml_error = imports.name("awsgen_runtime::xml::XmlError");
    let members: Vec<&Member> = structure.members.iter().collect();
    if members.is_empty() {
        return quote! {
            impl #read_xml for #name {
                fn read_xml(reader: &mut #reader_type<'_>) -> Result<Self, #xml_error> {
                    while reader.next_start()?.is_some() {
                        reader.skip()?;
                    }
                    Ok(#name {})
                }
            }
        };
    }
    let lets = member_locals(cx, &members, imports);
    let attributes = attribute_reads(cx, &members, Strictness::Strict, imports);
    let dispatch = dispatch(cx, &members, Strictness::Strict, imports);
    let fields: Vec<TokenStream> = members
        .iter()
        .map(|m| finish_field(cx, m, "awsgen_runtime::xml", imports))
        .collect();
    quote! {
        impl #read_xml for #name {
            fn read_xml(reader: &mut #reader_type<'_>) -> Result<Self, #xml_error> {
                #lets
                #attributes
                while let Some(start) = reader.next_start()? {
                    #dispatch
                }
                Ok(#name { #(#fields)* })
            }
        }
    }
}

/// The first member element present picks the variant; the rest of the element is skipped.
/// An element the model does not know becomes `Unknown`.
fn union_impl(
    cx: &Context<'_>,
    shape: &Shape,
    union: &Union,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_xml = imports.name("awsgen_runtime::xml::ReadXml");
    let reader_type = imports.name("awsgen_runtime::xml::XmlReader");
    let xml_error = imports.name("awsgen_runtime::xml::XmlError");
    let arms = union.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let key = element_name(cx, &variant.member);
        let read = read_expr(cx, &variant.member.target, imports);
        let read = if variant.member.boxed {
            quote!(Box::new(#read?))
        } else {
            quote!(#read?)
        };
        quote!(#key => #name::#ident(#read),)
    });
    quote! {
        impl #read_xml for #name {
            fn read_xml(reader: &mut #reader_type<'_>) -> Result<Self, #xml_error> {
                let Some(start) = reader.next_start()? else {
                    return Err(#xml_error::new("a union with no member set"));
                };
                let value = match start.local_name() {
                    #(#arms)*
                    other => {
                        reader.skip()?;
                        #name::Unknown(other.to_owned())
                    }
                };
                while reader.next_start()?.is_some() {
                    reader.skip()?;
                }
                Ok(value)
            }
        }
    }
}

fn enum_impl(shape: &Shape, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_xml = imports.name("awsgen_runtime::xml::ReadXml");
    let reader_type = imports.name("awsgen_runtime::xml::XmlReader");
    let xml_error = imports.name("awsgen_runtime::xml::XmlError");
    quote! {
        impl #read_xml for #name {
            fn read_xml(reader: &mut #reader_type<'_>) -> Result<Self, #xml_error> {
                reader.text().map(|value| #name::from(&*value))
            }
        }
    }
}

/// Members that are attributes, read from the start tag of the element just entered (an
/// element of the same name, met later, overrides one, as botocore prefers elements). Their
/// values are strings or enums.
fn attribute_reads(
    cx: &Context<'_>,
    members: &[&Member],
    strictness: Strictness,
    imports: &mut Imports,
) -> TokenStream {
    let reads: Vec<TokenStream> = members
        .iter()
        .filter(|member| member.xml_attribute)
        .map(|member| {
            let local = local_ident(member);
            let name = element_name(cx, member);
            let value = match &cx.service.shape(&member.target).kind {
                ShapeKind::Enum(_) => {
                    let ty = rust_type(cx.service, &member.target, imports);
                    quote!(#ty::from(&*value))
                }
                _ => quote!(value.into_owned()),
            };
            let attribute = match strictness {
                Strictness::Strict => quote!(start.attribute(#name)?),
                Strictness::Lenient => quote!(start.attribute(#name).ok().flatten()),
            };
            quote! {
                if let Some(value) = #attribute {
                    #local = Some(#value);
                }
            }
        })
        .collect();
    if reads.is_empty() {
        return TokenStream::new();
    }
    quote! {
        if let Some(start) = reader.entered().cloned() {
            #(#reads)*
        }
    }
}

/// `let mut <local>: Option<T> = None;` for each member (without `mut` for one that is
/// never read, see [`members_read`]).
fn member_locals(cx: &Context<'_>, members: &[&Member], imports: &mut Imports) -> TokenStream {
    let read = members_read(cx, members);
    let lets = members.iter().map(|member| {
        let local = local_ident(member);
        let ty = rust_type(cx.service, &member.target, imports);
        if read.iter().any(|m| m.name == member.name) {
            quote!(let mut #local: Option<#ty> = None;)
        } else {
            quote!(let #local: Option<#ty> = None;)
        }
    });
    quote!(#(#lets)*)
}

/// The members read from the body: two the model reads from one element name (a flattened
/// list named by its elements' name, beside another) cannot both be, and the first is.
fn members_read<'a>(cx: &Context<'_>, members: &[&'a Member]) -> Vec<&'a Member> {
    let mut read: Vec<&Member> = Vec::with_capacity(members.len());
    for member in members {
        let name = element_name(cx, member);
        if !read.iter().any(|m| element_name(cx, m) == name) {
            read.push(member);
        }
    }
    read
}

/// The element a member is read from: a flattened list's elements carry the list's element
/// name where it has one (botocore's `_member_key_name`), else the member's wire name.
fn element_name<'a>(cx: &'a Context<'_>, member: &'a Member) -> &'a str {
    let wire = match &member.location {
        Location::Body(wire) => wire.as_str(),
        other => unreachable!("a query member is in the body, not at {other:?}"),
    };
    match &cx.service.shape(&member.target).kind {
        ShapeKind::List(list) if member.flattened => list.member_name.as_deref().unwrap_or(wire),
        _ => wire,
    }
}

/// `match start.local_name() { "Name" => …, _ => reader.skip()? }` over the members, or an
/// `if` when there is one. Strictly, a value that does not parse is an error; leniently it
/// is left unset and reading goes on.
fn dispatch(
    cx: &Context<'_>,
    members: &[&Member],
    strictness: Strictness,
    imports: &mut Imports,
) -> TokenStream {
    let arms: Vec<(&str, TokenStream)> = members_read(cx, members)
        .into_iter()
        .map(|member| {
            let read = member_read(cx, member, strictness, imports);
            (element_name(cx, member), read)
        })
        .collect();
    let skip = match strictness {
        Strictness::Strict => quote!(reader.skip()?),
        Strictness::Lenient => quote! {
            if reader.skip().is_err() {
                break;
            }
        },
    };
    if let [(name, read)] = arms.as_slice() {
        return quote! {
            if start.local_name() == #name {
                #read
            } else {
                #skip;
            }
        };
    }
    let arms = arms.iter().map(|(name, read)| quote!(#name => { #read }));
    quote! {
        match start.local_name() {
            #(#arms)*
            _ => { #skip; }
        }
    }
}

/// The statements that read a member's element into its local: a flattened list or map
/// gathers one element or entry each time its element comes by.
fn member_read(
    cx: &Context<'_>,
    member: &Member,
    strictness: Strictness,
    imports: &mut Imports,
) -> TokenStream {
    let local = local_ident(member);
    let (read, gather) = match &cx.service.shape(&member.target).kind {
        ShapeKind::List(list) if member.flattened => (
            element_read(cx, &list.member, list.sparse, imports),
            quote!(#local.get_or_insert_with(Vec::new).push(value)),
        ),
        ShapeKind::Map(map) if member.flattened => {
            let key_name = map.key_name.as_deref().unwrap_or("key");
            let value_name = map.value_name.as_deref().unwrap_or("value");
            let value = element_fn(cx, &map.value, map.sparse, imports);
            let map_type = imports.name("std::collections::HashMap");
            let xml = imports.name("awsgen_runtime::xml");
            (
                quote!(#xml::read_entry(reader, #key_name, #value_name, #value)),
                quote!(#local.get_or_insert_with(#map_type::new).extend([value])),
            )
        }
        _ => {
            let customizations =
                |imports: &mut Imports| imports.name("awsgen_runtime::customizations");
            let read = match member.transform {
                Some(Transform::DecodeBase64) => {
                    let read = read_expr(cx, &member.target, imports);
                    let customizations = customizations(imports);
                    quote!(#read.map(#customizations::base64_decoded_text))
                }
                // The member targets a document, which travels as a string of JSON.
                Some(Transform::DecodeJson { percent_encoded }) => {
                    imports.name("awsgen_runtime::xml::ReadXml");
                    let customizations = customizations(imports);
                    let decode = if percent_encoded {
                        quote!(#customizations::percent_encoded_json_document)
                    } else {
                        quote!(#customizations::json_document)
                    };
                    quote!(String::read_xml(reader).map(#decode))
                }
                _ => read_expr(cx, &member.target, imports),
            };
            return match strictness {
                Strictness::Strict => quote!(#local = Some(#read?);),
                Strictness::Lenient => quote!(#local = #read.ok();),
            };
        }
    };
    match strictness {
        Strictness::Strict => quote! {
            let value = #read?;
            #gather;
        },
        Strictness::Lenient => quote! {
            if let Ok(value) = #read {
                #gather;
            }
        },
    }
}

/// A `Result<T, XmlError>` expression reading a value of `target` from the element the
/// reader (`reader`) has entered.
fn read_expr(cx: &Context<'_>, target: &str, imports: &mut Imports) -> TokenStream {
    match &cx.service.shape(target).kind {
        ShapeKind::List(list) => {
            let element = element_fn(cx, &list.member, list.sparse, imports);
            let xml = imports.name("awsgen_runtime::xml");
            quote!(#xml::read_list(reader, #element))
        }
        ShapeKind::Map(map) => {
            let key_name = map.key_name.as_deref().unwrap_or("key");
            let value_name = map.value_name.as_deref().unwrap_or("value");
            let value = element_fn(cx, &map.value, map.sparse, imports);
            let xml = imports.name("awsgen_runtime::xml");
            quote!(#xml::read_map(reader, #key_name, #value_name, #value))
        }
        _ => {
            imports.name("awsgen_runtime::xml::ReadXml");
            let ty = rust_type(cx.service, target, imports);
            quote!(#ty::read_xml(reader))
        }
    }
}

/// [`read_expr`] for a list element or map value, which is `Some` in a sparse collection.
fn element_read(
    cx: &Context<'_>,
    target: &str,
    sparse: bool,
    imports: &mut Imports,
) -> TokenStream {
    let read = read_expr(cx, target, imports);
    if sparse {
        quote!(#read.map(Some))
    } else {
        read
    }
}

/// A function reading one list element or map value of `target`: the type's `read_xml`,
/// or a closure around a nested list's or map's reader.
fn element_fn(cx: &Context<'_>, target: &str, sparse: bool, imports: &mut Imports) -> TokenStream {
    match &cx.service.shape(target).kind {
        ShapeKind::List(_) | ShapeKind::Map(_) => {
            let read = element_read(cx, target, sparse, imports);
            quote!(|reader| #read)
        }
        _ if sparse => {
            let read = element_read(cx, target, sparse, imports);
            quote!(|reader| #read)
        }
        _ => {
            imports.name("awsgen_runtime::xml::ReadXml");
            let ty = rust_type(cx.service, target, imports);
            quote!(#ty::read_xml)
        }
    }
}
