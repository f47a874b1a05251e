//! botocore `paginators-1.json` → each operation's [`Paginator`].
//!
//! Every key is resolved against the operation's input and output here, so a paginator
//! that names a missing member, or a token whose type differs between input and output, is
//! refused with the file, the JSON path and the member instead of producing code that does
//! not compile.

use crate::error::Error;
use crate::reader::ModelError;
use crate::reader::paginators as model;

use super::{
    MemberPath, PageToken, Paginator, Service, ShapeKind, Structure, TokenPath, TokenStep,
};

/// Resolves every paginator of `model` (read from `file`) and attaches it to its operation.
pub fn attach_paginators(
    file: &str,
    model: &model::PaginatorsModel,
    service: &mut Service,
) -> Result<(), Error> {
    for (name, config) in &model.pagination {
        let at = |key: &str| Resolver {
            file,
            json_path: format!("pagination.{name}{key}"),
        };
        // An operation left out (an event stream, say) takes its paginator with it.
        if service.omitted.iter().any(|op| op.name == *name) {
            continue;
        }
        let Some(op) = service.operation(name) else {
            return Err(at("").error(format!(
                "the service model has no operation `{name}` to paginate"
            )));
        };
        let input = service.structure(&op.input);

        let inputs = config.input_token.to_vec();
        let outputs = config.output_token.to_vec();
        if inputs.len() != outputs.len() {
            return Err(at("").error(format!(
                "`input_token` names {} member(s) but `output_token` names {}; they pair up in order",
                inputs.len(),
                outputs.len()
            )));
        }
        let mut tokens = Vec::with_capacity(inputs.len());
        for (index, (input_token, output_token)) in inputs.iter().zip(&outputs).enumerate() {
            let suffix = |key: &str| match &config.input_token {
                model::OneOrMany::One(_) => format!(".{key}"),
                model::OneOrMany::Many(_) => format!(".{key}[{index}]"),
            };
            let input_member =
                at(&suffix("input_token")).input_member(&op.input, input, input_token)?;
            if input_member.1 {
                return Err(at(&suffix("input_token")).error(format!(
                    "`{}.{input_token}` is required, so the first page could not be asked for without a token",
                    op.input
                )));
            }
            let mut output_paths = Vec::new();
            for alternative in output_token.split("||").map(str::trim) {
                let resolver = at(&suffix("output_token"));
                let output_path = parse_token_path(&resolver, alternative)
                    .map_err(|_| resolver.unsupported(output_token))?;
                let output_target = resolver.follow(service, &op.output, &output_path)?;
                if !same_type(service, &input_member.0, &output_target) {
                    return Err(resolver.error(format!(
                        "the output token `{alternative}` is a `{output_target}` but the input \
                         token `{input_token}` is a `{}`; a token must be sent back as it came",
                        input_member.0
                    )));
                }
                output_paths.push(output_path);
            }
            tokens.push(PageToken {
                input: input_token.clone(),
                output: output_paths,
            });
        }

        let limit_key = match &config.limit_key {
            Some(key) => {
                let (target, _) = at(".limit_key").input_member(&op.input, input, key)?;
                // A few models (API Gateway v2, Glacier, Greengrass) page by a string
                // member; the page size then goes as that string, as botocore sends it.
                if !matches!(
                    service.shape(&target).kind,
                    ShapeKind::Integer(_) | ShapeKind::Long(_) | ShapeKind::String(_)
                ) {
                    return Err(at(".limit_key").error(format!(
                        "`{}.{key}` is a `{target}`, not an integer or a string",
                        op.input
                    )));
                }
                Some(key.clone())
            }
            None => None,
        };

        let more_results = match &config.more_results {
            Some(expression) => {
                let resolver = at(".more_results");
                let path = parse_path(&resolver, expression)?;
                let target = resolver.follow(service, &op.output, &TokenPath::members(&path))?;
                if service.shape(&target).kind != ShapeKind::Boolean {
                    return Err(
                        resolver.error(format!("`{expression}` is a `{target}`, not a boolean"))
                    );
                }
                Some(path)
            }
            None => None,
        };

        let mut result_keys = Vec::new();
        if let Some(keys) = &config.result_key {
            for (index, key) in keys.to_vec().iter().enumerate() {
                let resolver = match keys {
                    model::OneOrMany::One(_) => at(".result_key"),
                    model::OneOrMany::Many(_) => at(&format!(".result_key[{index}]")),
                };
                let path = parse_path(&resolver, key)?;
                resolver.follow(service, &op.output, &TokenPath::members(&path))?;
                result_keys.push(path);
            }
        }

        let paginator = Paginator {
            tokens,
            limit_key,
            more_results,
            result_keys,
        };
        let op = service
            .operations
            .iter_mut()
            .find(|op| op.name == *name)
            .expect("found above");
        op.paginator = Some(paginator);
    }
    Ok(())
}

/// Two token shapes carry the same Rust value when they are one shape, or both plain
/// strings, integers or longs (S3's `ListParts` pages by part number).
fn same_type(service: &Service, a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (&service.shape(a).kind, &service.shape(b).kind),
            (ShapeKind::String(_), ShapeKind::String(_))
                | (ShapeKind::Integer(_), ShapeKind::Integer(_))
                | (ShapeKind::Long(_), ShapeKind::Long(_))
        )
}

/// botocore's keys are JMESPath expressions; the ones a paginator can follow in Rust are
/// plain member paths such as `nextToken` or `DistributionList.NextMarker`.
fn parse_path(resolver: &Resolver<'_>, expression: &str) -> Result<MemberPath, Error> {
    let path: MemberPath = expression.split('.').map(str::to_owned).collect();
    if path.iter().all(|segment| is_member_name(segment)) {
        Ok(path)
    } else {
        Err(resolver.unsupported(expression))
    }
}

/// An output token may also take a list's last element, `Shards[-1]`: botocore's way of
/// saying that the next page starts after the last result of this one.
fn parse_token_path(resolver: &Resolver<'_>, expression: &str) -> Result<TokenPath, Error> {
    let mut steps = Vec::new();
    for segment in expression.split('.') {
        let (name, last) = match segment.strip_suffix("[-1]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        if !is_member_name(name) {
            return Err(resolver.unsupported(expression));
        }
        steps.push(TokenStep::Member(name.to_owned()));
        if last {
            steps.push(TokenStep::Last);
        }
    }
    Ok(TokenPath(steps))
}

fn is_member_name(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Names the file and JSON path of the key being resolved.
struct Resolver<'a> {
    file: &'a str,
    json_path: String,
}

impl Resolver<'_> {
    fn unsupported(&self, expression: &str) -> Error {
        Error::Unsupported {
            file: self.file.to_owned(),
            subject: self.json_path.clone(),
            what: format!(
                "the JMESPath expression `{expression}` (only member paths, and `[-1]` and \
                 `||` in tokens, are followed)"
            ),
        }
    }

    fn error(&self, message: String) -> Error {
        Error::Model(ModelError {
            file: self.file.to_owned(),
            path: self.json_path.clone(),
            message,
        })
    }

    /// The target shape of an input member, and whether the member is required.
    fn input_member(
        &self,
        input_name: &str,
        input: &Structure,
        member: &str,
    ) -> Result<(String, bool), Error> {
        input
            .members
            .iter()
            .find(|m| m.name == member)
            .map(|m| (m.target.clone(), m.required))
            .ok_or_else(|| self.error(format!("`{input_name}` has no member `{member}`")))
    }

    /// The target shape at the end of `path`, starting from the structure `from`.
    fn follow(&self, service: &Service, from: &str, path: &TokenPath) -> Result<String, Error> {
        let mut current = from.to_owned();
        for step in &path.0 {
            let kind = &service.shape(&current).kind;
            current = match (step, kind) {
                (TokenStep::Member(segment), ShapeKind::Structure(structure)) => structure
                    .members
                    .iter()
                    .find(|m| m.name == *segment)
                    .map(|member| member.target.clone())
                    .ok_or_else(|| self.error(format!("`{current}` has no member `{segment}`")))?,
                (TokenStep::Member(_), _) => {
                    return Err(self.error(format!(
                        "`{path}` goes through `{current}`, which is not a structure"
                    )));
                }
                (TokenStep::Last, ShapeKind::List(list)) => list.member.clone(),
                (TokenStep::Last, _) => {
                    return Err(self.error(format!(
                        "`{path}` takes the last element of `{current}`, which is not a list"
                    )));
                }
            };
        }
        Ok(current)
    }
}
