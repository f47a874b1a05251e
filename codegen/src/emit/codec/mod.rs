//! Body codecs: how members travel inside a request or response body. A request codec
//! writes bodies (JSON, form-encoded query; XML and CBOR to come), a response codec reads
//! them (JSON, XML); a protocol names one of each. The bindings decide which members go in
//! the body, the codec how they are written and read.

mod form;
mod json;
mod xml;

use proc_macro2::TokenStream;

use crate::ir::{Member, Operation, Shape};

use super::Context;
use super::fields::Strictness;
use super::imports::Imports;

pub use form::Form;
pub use json::Json;
pub use xml::Xml;

/// What the bindings and the model emitters ask of a request body format.
pub trait RequestCodec {
    /// The impls a named shape (a structure shared between operations, a union or a string
    /// enum) needs so that its values can be written into request bodies; nothing for a
    /// shape no request carries.
    fn write_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream;

    /// Statements that write the input's `members` (fields of `self`) of operation `op` as
    /// the request body, with its content type, into `request`.
    fn write_members(
        &self,
        cx: &Context<'_>,
        op: &Operation,
        members: &[&Member],
        imports: &mut Imports,
    ) -> TokenStream;

    /// Statements that write the input's payload member, a structure, union or document,
    /// as the whole request body.
    fn write_payload(
        &self,
        cx: &Context<'_>,
        payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream;
}

/// What the bindings and the model emitters ask of a response body format.
pub trait ResponseCodec {
    /// The impls a named shape needs so that its values can be read from response bodies;
    /// nothing for a shape no response carries.
    fn read_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream;

    /// Statements that read `members` from `response.body` into one `Option` local each
    /// (named by [`super::fields::local_ident`]).
    fn read_members(
        &self,
        cx: &Context<'_>,
        members: &[&Member],
        at: BodyAt<'_>,
        imports: &mut Imports,
    ) -> TokenStream;

    /// A `Result<Option<T>, DeserializeError>` expression: the payload member read from the
    /// whole of `response.body`, `None` when it is empty.
    fn read_payload(
        &self,
        cx: &Context<'_>,
        payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream;

    /// The runtime module of the codec's readers, whose `required` turns a required
    /// member's `Option` into its value or an error naming it.
    fn runtime_module(&self) -> &'static str;
}

/// Which members a response body is read for.
#[derive(Clone, Copy)]
pub enum BodyAt<'a> {
    /// An operation's output: a member that does not parse is an error.
    Output(&'a Operation),
    /// An error structure's members: one that does not parse is left unset.
    Error,
}

impl BodyAt<'_> {
    pub fn strictness(self) -> Strictness {
        match self {
            BodyAt::Output(_) => Strictness::Strict,
            BodyAt::Error => Strictness::Lenient,
        }
    }
}
