//! Body codecs: how members travel inside a request or response body. Each codec (JSON now;
//! XML, form-encoded query and CBOR to come) is one implementation of [`BodyCodec`]; the
//! bindings decide which members go in the body, the codec how they are written and read.

mod json;

use proc_macro2::TokenStream;

use crate::ir::{Member, Shape};

use super::Context;
use super::fields::Strictness;
use super::imports::Imports;

pub use json::Json;

/// What the bindings and the model emitters ask of a body format.
pub trait BodyCodec {
    /// The impls a named shape (a structure shared between operations, a union or a string
    /// enum) needs so that its values can be written into bodies and read from them; only
    /// the directions the service uses are emitted.
    fn shape_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream;

    /// Statements that write the input's `members` (fields of `self`) as the request body,
    /// with its content type, into `request`.
    fn write_members(
        &self,
        cx: &Context<'_>,
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

    /// Statements that read `members` from `response.body` into one `Option` local each
    /// (named by [`super::fields::local_ident`]).
    fn read_members(
        &self,
        cx: &Context<'_>,
        members: &[&Member],
        strictness: Strictness,
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
}
