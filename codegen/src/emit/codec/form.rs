//! The form-encoded request codec of awsQuery and ec2Query: `Action` and `Version`, then
//! every member under its key path, written through the runtime's `QueryWriter`. The
//! dialect decides the names: awsQuery keys by `locationName` and wraps list elements in
//! `member` (or the list's own element name) unless the list is flattened; ec2Query keys by
//! `queryName` or the capitalised `locationName` and numbers every list's elements directly.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::emit::symbols::{field_ident, timestamp_format, with_member_value};
use crate::ir::{
    Location, Member, Operation, PresignedCopy, QueryDialect, Shape, ShapeKind, Structure,
    TimestampFormat, Transform, Union,
};

use super::RequestCodec;

/// Form-encoded request bodies in `dialect`.
pub struct Form {
    pub dialect: QueryDialect,
}

impl RequestCodec for Form {
    fn write_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        if !cx.usage.serialized.contains(&shape.name) {
            return TokenStream::new();
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => self.structure_impl(cx, shape, structure, imports),
            ShapeKind::Union(union) => self.union_impl(cx, shape, union, imports),
            ShapeKind::Enum(_) => enum_impl(shape, imports),
            _ => TokenStream::new(),
        }
    }

    fn write_members(
        &self,
        cx: &Context<'_>,
        op: &Operation,
        members: &[&Member],
        imports: &mut Imports,
    ) -> TokenStream {
        let writer = imports.name("awsgen_runtime::protocol::query::QueryWriter");
        let query = imports.name("awsgen_runtime::protocol::query");
        let action = op.name.as_str();
        let version = cx.service.meta.api_version.as_str();
        let copy = op.presigned_copy.as_ref();
        let writes = members.iter().map(|member| {
            let field = self.field(cx, quote!(form), member);
            match copy {
                Some(copy) if copy.destination_member == member.name => {
                    destination_write(copy, members, field, member)
                }
                _ => self.write_member(cx, field, member, imports),
            }
        });
        // botocore adds a token the caller left out to the end of the parameters, so it is
        // written last.
        let tokens = members
            .iter()
            .filter(|m| m.idempotency_token && !m.required)
            .map(|member| {
                let ident = field_ident(member);
                let field = self.field(cx, quote!(form), member);
                quote! {
                    if self.#ident.is_none() {
                        #field.value(&cx.idempotency_token());
                    }
                }
            });
        let presign = copy.map(|copy| self.presign(cx, copy, members));
        let form = if members.is_empty() {
            quote!(let form)
        } else {
            quote!(let mut form)
        };
        quote! {
            #form = #writer::new(#action, #version);
            #(#writes)*
            #(#tokens)*
            #presign
            request.headers.insert("Content-Type", #query::CONTENT_TYPE);
            request.body = form.finish().into_bytes().into();
        }
    }

    fn write_payload(
        &self,
        _cx: &Context<'_>,
        _payload: &Member,
        _imports: &mut Imports,
    ) -> TokenStream {
        unreachable!("the query protocols bind no member to the payload")
    }
}

impl Form {
    /// `impl ToQuery`: each set member under its key.
    fn structure_impl(
        &self,
        cx: &Context<'_>,
        shape: &Shape,
        structure: &Structure,
        imports: &mut Imports,
    ) -> TokenStream {
        let name = format_ident!("{}", shape.rust_name);
        let to_query = imports.name("awsgen_runtime::protocol::query::ToQuery");
        let field_type = imports.name("awsgen_runtime::protocol::query::Field");
        if structure.members.is_empty() {
            return quote! {
                impl #to_query for #name {
                    fn write_query(&self, _field: #field_type<'_>) {}
                }
            };
        }
        let writes = structure.members.iter().map(|member| {
            let field = self.field(cx, quote!(field), member);
            self.write_member(cx, field, member, imports)
        });
        quote! {
            impl #to_query for #name {
                fn write_query(&self, mut field: #field_type<'_>) {
                    #(#writes)*
                }
            }
        }
    }

    /// A union is written as a structure with its one member set.
    fn union_impl(
        &self,
        cx: &Context<'_>,
        shape: &Shape,
        union: &Union,
        imports: &mut Imports,
    ) -> TokenStream {
        let name = format_ident!("{}", shape.rust_name);
        let to_query = imports.name("awsgen_runtime::protocol::query::ToQuery");
        let field_type = imports.name("awsgen_runtime::protocol::query::Field");
        let arms = union.variants.iter().map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let member = &variant.member;
            let field = self.field(cx, quote!(field), member);
            let layout = Layout::of(member);
            let write = self.write_value(cx, field, quote!(value), &member.target, layout, imports);
            quote!(#name::#ident(value) => { #write })
        });
        quote! {
            impl #to_query for #name {
                fn write_query(&self, mut field: #field_type<'_>) {
                    match self {
                        #(#arms)*
                        #name::Unknown(_) => {}
                    }
                }
            }
        }
    }

    /// A statement writing a member of `self` under `field`: a required one always, an
    /// optional one when set.
    fn write_member(
        &self,
        cx: &Context<'_>,
        field: TokenStream,
        member: &Member,
        imports: &mut Imports,
    ) -> TokenStream {
        let layout = Layout::of(member);
        if member.required {
            let ident = field_ident(member);
            return self.write_value(
                cx,
                field,
                quote!(&self.#ident),
                &member.target,
                layout,
                imports,
            );
        }
        let write = self.write_value(cx, field, quote!(value), &member.target, layout, imports);
        with_member_value(member, write)
    }

    /// botocore's presigned cross-region copy: when the caller gave no URL, one presigned
    /// for the request so far, and the client's region as the destination.
    fn presign(&self, cx: &Context<'_>, copy: &PresignedCopy, members: &[&Member]) -> TokenStream {
        let find = |name: &str| {
            members
                .iter()
                .find(|m| m.name == name)
                .copied()
                .expect("the IR keeps a presigned copy only where its members exist")
        };
        let url = find(&copy.url_member);
        let source = find(&copy.source_region_member);
        let destination = find(&copy.destination_member);
        let (url_ident, destination_ident) = (field_ident(url), field_ident(destination));
        let source_ident = field_ident(source);
        let source_value = if source.required {
            quote!(&self.#source_ident)
        } else {
            quote!(self.#source_ident.as_deref().unwrap_or_default())
        };
        let url_field = self.field(cx, quote!(form), url);
        let destination_field = self.field(cx, quote!(form), destination);
        quote! {
            if self.#url_ident.is_none() {
                let presigned = cx.presigned_copy_url(form.body(), #source_value);
                #url_field.text(&presigned);
                if self.#destination_ident.is_none() {
                    #destination_field.text(cx.region());
                }
            }
        }
    }

    /// `<parent>.field("Key")`: the member's key in this dialect. A flattened list whose
    /// elements have a name of their own is keyed by that name in awsQuery.
    fn field(&self, cx: &Context<'_>, parent: TokenStream, member: &Member) -> TokenStream {
        let wire = match &member.location {
            Location::Body(wire) => wire.as_str(),
            other => unreachable!("a query member is in the body, not at {other:?}"),
        };
        let key = match self.dialect {
            QueryDialect::Ec2 => member.ec2_name.as_deref().unwrap_or(wire),
            QueryDialect::AwsQuery => match &cx.service.shape(&member.target).kind {
                ShapeKind::List(list) if member.flattened => {
                    list.member_name.as_deref().unwrap_or(wire)
                }
                _ => wire,
            },
        };
        quote!(#parent.field(#key))
    }

    /// A statement writing `value` (a reference to a value of `target`) under `field`, laid
    /// out as `layout` says.
    fn write_value(
        &self,
        cx: &Context<'_>,
        field: TokenStream,
        value: TokenStream,
        target: &str,
        layout: Layout,
        imports: &mut Imports,
    ) -> TokenStream {
        match &cx.service.shape(target).kind {
            ShapeKind::Timestamp => match layout.timestamp_format {
                Some(format) if format != TimestampFormat::Iso8601 => {
                    let format = timestamp_format(format, imports);
                    quote!(#field.timestamp(*#value, #format);)
                }
                _ => quote!(#field.value(#value);),
            },
            ShapeKind::List(list) => {
                let element = self.element_writer(cx, &list.member, list.sparse, imports);
                match self.dialect {
                    QueryDialect::Ec2 => quote!(#field.ec2_list(#value, #element);),
                    QueryDialect::AwsQuery if layout.flattened => {
                        quote!(#field.flat_list(#value, #element);)
                    }
                    QueryDialect::AwsQuery => {
                        let name = list.member_name.as_deref().unwrap_or("member");
                        quote!(#field.list(#name, #value, #element);)
                    }
                }
            }
            ShapeKind::Map(map) => {
                let key_name = self.entry_name(map.key_name.as_deref(), "key");
                let value_name = self.entry_name(map.value_name.as_deref(), "value");
                let method = if layout.flattened {
                    quote!(flat_map)
                } else {
                    quote!(map)
                };
                let element = self.element_writer(cx, &map.value, map.sparse, imports);
                quote!(#field.#method(#key_name, #value_name, #value, #element);)
            }
            ShapeKind::String(_) if layout.transform == Some(Transform::Base64) => {
                let customizations = imports.name("awsgen_runtime::customizations");
                quote!(#field.text(&#customizations::base64_text(#value));)
            }
            ShapeKind::String(_) if layout.transform == Some(Transform::LastPathSegment) => {
                let customizations = imports.name("awsgen_runtime::customizations");
                quote!(#field.text(#customizations::last_path_segment(#value));)
            }
            _ => quote!(#field.value(#value);),
        }
    }

    /// What writes one list element or map value of `target`: the runtime's `value` for
    /// one that is written as it is, else a closure `|field, value| …`.
    fn element_writer(
        &self,
        cx: &Context<'_>,
        target: &str,
        sparse: bool,
        imports: &mut Imports,
    ) -> TokenStream {
        let nested = matches!(
            cx.service.shape(target).kind,
            ShapeKind::List(_) | ShapeKind::Map(_)
        );
        if !nested && !sparse {
            let query = imports.name("awsgen_runtime::protocol::query");
            return quote!(#query::value);
        }
        let write = self.write_value(
            cx,
            quote!(field),
            quote!(value),
            target,
            Layout::default(),
            imports,
        );
        if sparse {
            quote!(|field, value| {
                if let Some(value) = value {
                    #write
                }
            })
        } else {
            quote!(|field, value| { #write })
        }
    }

    /// A map entry's key or value element name: the model's, capitalised in ec2Query as its
    /// names are, else `default`.
    fn entry_name(&self, name: Option<&str>, default: &str) -> String {
        match (name, self.dialect) {
            (None, _) => default.to_owned(),
            (Some(name), QueryDialect::AwsQuery) => name.to_owned(),
            (Some(name), QueryDialect::Ec2) => {
                let mut chars = name.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// The destination region of a presigned copy: the caller's, unless the client presigns
/// the copy, when botocore puts its own region there.
fn destination_write(
    copy: &PresignedCopy,
    members: &[&Member],
    field: TokenStream,
    member: &Member,
) -> TokenStream {
    let ident = field_ident(member);
    let url = members
        .iter()
        .find(|m| m.name == copy.url_member)
        .map(|m| field_ident(m))
        .expect("the IR keeps a presigned copy only where its members exist");
    quote! {
        if let Some(value) = &self.#ident {
            #field.text(if self.#url.is_none() { cx.region() } else { value });
        }
    }
}

/// What a member says about how its value is written; a list element or map value says
/// nothing, and takes the protocol's ISO 8601 timestamps and wrapped lists.
#[derive(Clone, Copy, Default)]
struct Layout {
    timestamp_format: Option<TimestampFormat>,
    flattened: bool,
    transform: Option<Transform>,
}

impl Layout {
    fn of(member: &Member) -> Self {
        Layout {
            timestamp_format: member.timestamp_format,
            flattened: member.flattened,
            transform: member.transform,
        }
    }
}

fn enum_impl(shape: &Shape, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let to_query = imports.name("awsgen_runtime::protocol::query::ToQuery");
    let field_type = imports.name("awsgen_runtime::protocol::query::Field");
    quote! {
        impl #to_query for #name {
            fn write_query(&self, field: #field_type<'_>) {
                field.text(self.as_str());
            }
        }
    }
}
