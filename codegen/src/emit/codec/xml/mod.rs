//! The XML codec: restXml's bodies both ways, and the responses of awsQuery and ec2Query.
//! Elements are named by wire name; lists and maps by the model's element, key and value
//! names, wrapped or flattened; namespaces are declared where the model says.

mod read;
mod write;

use proc_macro2::TokenStream;

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::ir::{Member, Operation, Shape};

use super::{BodyAt, RequestCodec, ResponseCodec};

/// XML bodies.
pub struct Xml;

impl RequestCodec for Xml {
    fn write_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        write::write_impls(cx, shape, imports)
    }

    fn write_members(
        &self,
        cx: &Context<'_>,
        op: &Operation,
        members: &[&Member],
        imports: &mut Imports,
    ) -> TokenStream {
        write::write_members(cx, op, members, imports)
    }

    fn write_payload(
        &self,
        _cx: &Context<'_>,
        payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream {
        write::write_payload(payload, imports)
    }
}

impl ResponseCodec for Xml {
    fn read_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        read::read_impls(cx, shape, imports)
    }

    fn read_members(
        &self,
        cx: &Context<'_>,
        members: &[&Member],
        at: BodyAt<'_>,
        imports: &mut Imports,
    ) -> TokenStream {
        read::read_members(cx, members, at, imports)
    }

    fn read_payload(
        &self,
        _cx: &Context<'_>,
        _payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream {
        read::read_payload(imports)
    }

    fn runtime_module(&self) -> &'static str {
        "awsgen_runtime::xml"
    }
}
