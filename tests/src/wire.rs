//! What the wire tests of the awsJson clients need from each service, behind one type, so
//! that one pair of check functions serves every service.

use awsgen_runtime::client::Operation;
use awsgen_runtime::config::Config;
use awsgen_runtime::http::HttpResponse;
use awsgen_runtime::json::Value;
use awsgen_runtime::transport::BoxFuture;

use crate::values::ToValue;

/// Sends an operation, given a configuration, its name and botocore-style parameters.
pub type SendFn =
    fn(Config, &'static str, Value) -> BoxFuture<'static, Result<Option<String>, String>>;

/// One service's generated client, seen through botocore's parameters and result form.
pub struct Service {
    /// The service's name in botocore, as its fixture is named.
    pub name: &'static str,
    /// Builds `operation`'s input from botocore-style parameters and sends it with a client
    /// on `config`: `Err` when the parameters do not fit the model, `Ok(Some(error))` when
    /// the call failed.
    pub send: SendFn,
    /// Parses a response to `operation` as the client would.
    pub parse: fn(&str, &HttpResponse) -> Result<Parsed, String>,
    /// `operation`'s modeled errors, each as (shape name, error code).
    pub modeled_errors: fn(&str) -> &'static [(&'static str, &'static str)],
    /// The members of `operation`'s input that the client fills with a fresh UUID when the
    /// caller leaves them out, and where each travels.
    pub idempotency_tokens: fn(&str) -> &'static [Token],
}

/// An idempotency token member: its name, and where it is sent.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub member: &'static str,
    pub at: TokenAt,
}

/// Where a token travels, with its wire name.
#[derive(Clone, Copy, Debug)]
pub enum TokenAt {
    Body(&'static str),
    Query(&'static str),
    Header(&'static str),
}

/// What a client made of a response.
#[derive(Debug)]
pub enum Parsed {
    /// The output, in botocore's result form.
    Output(Value),
    Error {
        code: String,
        message: Option<String>,
        /// The modeled error recognized: its shape name and members in botocore's form.
        modeled: Option<(&'static str, Value)>,
    },
}

/// Parses `response` to operation `O`: outputs for a 2xx status, errors otherwise.
pub fn parse_with<O>(
    response: &HttpResponse,
    modeled: fn(&O::Error) -> Option<(&'static str, Value)>,
) -> Result<Parsed, String>
where
    O: Operation,
    O::Output: ToValue,
{
    if (200..300).contains(&response.status) {
        O::deserialize_output(response)
            .map(|output| Parsed::Output(output.to_value()))
            .map_err(|error| error.message)
    } else {
        let error = O::deserialize_error(response);
        Ok(Parsed::Error {
            code: error.meta.code().to_owned(),
            message: error.meta.message().map(str::to_owned),
            modeled: modeled(&error.error),
        })
    }
}
