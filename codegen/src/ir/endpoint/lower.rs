//! `endpoint-rule-set-1.json` → typed rules. Errors name the file and the JSON path of the
//! offending rule, condition or argument.

use serde_json::Value;

use crate::error::Error;
use crate::names::snake_name;
use crate::reader::endpoint_rules as model;

use super::{
    BuiltIn, Condition, EndpointTemplate, Expr, ExprKind, Field, Function, Literal, Outcome, Param,
    ParamKind, Property, Rule, RuleSet, TemplatePart, Type,
};

/// Types a parsed rule set; `file` names it in errors.
pub fn from_rules(file: &str, rules: &model::RuleSet) -> Result<RuleSet, Error> {
    let lowering = Lowering { file };
    let mut scope = Scope::default();
    let mut params = Vec::new();
    for (name, param) in &rules.parameters {
        let mut param = lowering.param(name, param)?;
        // The prologue returns an error for a missing required parameter, so after it one
        // with a default or a requirement always has a value.
        let optional = param.default.is_none() && !param.required;
        let path = format!("parameters.{name}");
        param.rust_name = scope.define(&lowering, &path, name, param.kind.ty(), optional)?;
        params.push(param);
    }
    let rules = lowering.rules(&rules.rules, "rules", &scope)?;
    Ok(RuleSet { params, rules })
}

struct Lowering<'a> {
    file: &'a str,
}

/// What a rule can see: parameters and the bindings of the conditions before, by the
/// rules' name. Sibling rules do not share bindings.
#[derive(Clone, Default)]
struct Scope {
    names: Vec<(String, Binding)>,
}

#[derive(Clone)]
struct Binding {
    rust_name: String,
    ty: Type,
    optional: bool,
}

/// Names generated resolvers use for themselves: the argument and the runtime items they
/// import. A parameter or binding with one of these names gets a `_` appended.
const RESERVED: &[&str] = &[
    "params",
    "value",
    "array",
    "object",
    "string",
    "substring",
    "uri_encode",
    "parse_url",
    "is_valid_host_label",
    "partition",
    "parse_arn",
    "is_virtual_hostable_s3_bucket",
];

fn local_name(name: &str) -> String {
    let rust_name = snake_name(name);
    if RESERVED.contains(&rust_name.as_str()) {
        format!("{rust_name}_")
    } else {
        rust_name
    }
}

impl Scope {
    fn get(&self, name: &str) -> Option<&Binding> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
    }

    /// Binds `name`, and returns its Rust name: `local_name(name)`, with `_` appended
    /// while a binding in scope has it (`ResourceArn` and `resourceArn` both exist).
    fn define(
        &mut self,
        lowering: &Lowering<'_>,
        path: &str,
        name: &str,
        ty: Type,
        optional: bool,
    ) -> Result<String, Error> {
        // botocore refuses to assign a name twice.
        if self.get(name).is_some() {
            return Err(lowering.invalid(path, format!("`{name}` is already bound here")));
        }
        let mut rust_name = local_name(name);
        while self.names.iter().any(|(_, b)| b.rust_name == rust_name) {
            rust_name.push('_');
        }
        self.names.push((
            name.to_owned(),
            Binding {
                rust_name: rust_name.clone(),
                ty,
                optional,
            },
        ));
        Ok(rust_name)
    }

    /// After `isSet(name)`, the rest of the rule sees the value.
    fn narrow(&mut self, name: &str) {
        if let Some((_, binding)) = self.names.iter_mut().rev().find(|(n, _)| n == name) {
            binding.optional = false;
        }
    }
}

impl Lowering<'_> {
    fn invalid(&self, path: &str, what: impl Into<String>) -> Error {
        Error::Invalid {
            file: self.file.to_owned(),
            subject: path.to_owned(),
            what: what.into(),
        }
    }

    fn unsupported(&self, path: &str, what: impl Into<String>) -> Error {
        Error::Unsupported {
            file: self.file.to_owned(),
            subject: path.to_owned(),
            what: what.into(),
        }
    }

    fn param(&self, name: &str, param: &model::Parameter) -> Result<Param, Error> {
        let path = format!("parameters.{name}");
        let kind = match param.kind.to_ascii_lowercase().as_str() {
            "string" => ParamKind::String,
            "boolean" => ParamKind::Boolean,
            "stringarray" => ParamKind::StringArray,
            other => return Err(self.invalid(&path, format!("unknown parameter type `{other}`"))),
        };
        let built_in = match param.built_in.as_deref() {
            Some("AWS::Region") => Some((BuiltIn::Region, ParamKind::String)),
            Some("AWS::UseFIPS") => Some((BuiltIn::UseFips, ParamKind::Boolean)),
            Some("AWS::UseDualStack") => Some((BuiltIn::UseDualStack, ParamKind::Boolean)),
            Some("SDK::Endpoint") => Some((BuiltIn::Endpoint, ParamKind::String)),
            Some("AWS::Auth::AccountIdEndpointMode") => {
                Some((BuiltIn::AccountIdEndpointMode, ParamKind::String))
            }
            Some("AWS::S3::ForcePathStyle") => {
                Some((BuiltIn::S3ForcePathStyle, ParamKind::Boolean))
            }
            Some("AWS::S3::Accelerate") => Some((BuiltIn::S3Accelerate, ParamKind::Boolean)),
            Some("AWS::S3::UseArnRegion") => Some((BuiltIn::S3UseArnRegion, ParamKind::Boolean)),
            Some("AWS::S3Control::UseArnRegion") => {
                Some((BuiltIn::S3ControlUseArnRegion, ParamKind::Boolean))
            }
            Some("AWS::S3::DisableMultiRegionAccessPoints") => Some((
                BuiltIn::S3DisableMultiRegionAccessPoints,
                ParamKind::Boolean,
            )),
            Some("AWS::S3::UseGlobalEndpoint") => {
                Some((BuiltIn::S3UseGlobalEndpoint, ParamKind::Boolean))
            }
            _ => None,
        };
        if let Some((_, expected)) = built_in.filter(|(_, expected)| *expected != kind) {
            return Err(self.invalid(
                &path,
                format!("the built-in must be of type {}", expected.ty().describe()),
            ));
        }
        let default = match &param.default {
            None => None,
            Some(value) => Some(self.literal(&format!("{path}.default"), kind, value)?),
        };
        Ok(Param {
            name: name.to_owned(),
            rust_name: String::new(),
            kind,
            built_in: built_in.map(|(built_in, _)| built_in),
            default,
            required: param.required,
            docs: param.documentation.clone(),
        })
    }

    fn literal(&self, path: &str, kind: ParamKind, value: &Value) -> Result<Literal, Error> {
        let literal = match (kind, value) {
            (ParamKind::Boolean, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (ParamKind::String, Value::String(s)) => Some(Literal::String(s.clone())),
            (ParamKind::StringArray, Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .map(Literal::StringArray),
            _ => None,
        };
        literal.ok_or_else(|| self.invalid(path, format!("expected {}", kind.ty().describe())))
    }

    fn rules(&self, rules: &[model::Rule], path: &str, scope: &Scope) -> Result<Vec<Rule>, Error> {
        rules
            .iter()
            .enumerate()
            .map(|(index, rule)| self.rule(rule, &format!("{path}[{index}]"), scope.clone()))
            .collect()
    }

    fn rule(&self, rule: &model::Rule, path: &str, mut scope: Scope) -> Result<Rule, Error> {
        let mut conditions = Vec::new();
        for (index, condition) in rule.conditions.iter().enumerate() {
            let path = format!("{path}.conditions[{index}]");
            self.condition(condition, &path, &mut scope, &mut conditions)?;
        }
        let missing = |field: &str| self.invalid(path, format!("the rule needs `{field}`"));
        let outcome = match rule.kind {
            model::RuleKind::Endpoint => {
                let endpoint = rule.endpoint.as_ref().ok_or_else(|| missing("endpoint"))?;
                Outcome::Endpoint(self.endpoint(endpoint, &format!("{path}.endpoint"), &scope)?)
            }
            model::RuleKind::Error => {
                let error = rule.error.as_ref().ok_or_else(|| missing("error"))?;
                Outcome::Error(self.string_value(error, &format!("{path}.error"), &scope)?)
            }
            model::RuleKind::Tree => {
                let rules = rule.rules.as_ref().ok_or_else(|| missing("rules"))?;
                Outcome::Tree(self.rules(rules, &format!("{path}.rules"), &scope)?)
            }
        };
        Ok(Rule {
            conditions,
            outcome,
        })
    }

    fn condition(
        &self,
        condition: &model::Condition,
        path: &str,
        scope: &mut Scope,
        out: &mut Vec<Condition>,
    ) -> Result<(), Error> {
        // `isSet(X)` narrows X for the rest of the rule, and so does any library function
        // of X: a function of an unset argument is unset, which fails the condition. (After
        // narrowing, `isSet(X)` itself is always true and drops out below.)
        let is_set = condition.function == "isSet" && condition.assign.is_none();
        if is_set || library_function(&condition.function).is_some() {
            for argument in &condition.argv {
                let Some(name) = argument.get("ref").and_then(Value::as_str) else {
                    continue;
                };
                // An unknown name is reported with its path when the call is typed.
                if let Some(binding) = scope.get(name).filter(|b| b.optional) {
                    out.push(Condition::IsSet {
                        value: var(binding),
                        bind: Some(binding.rust_name.clone()),
                    });
                    scope.narrow(name);
                }
            }
        }
        let value = self.call(&condition.function, &condition.argv, path, scope)?;
        let Some(name) = &condition.assign else {
            match (&value.kind, value.ty, value.optional) {
                (ExprKind::Bool(true), _, _) => {}
                (_, Type::Bool, false) => out.push(Condition::Holds(value)),
                (_, Type::Bool, true) => {
                    return Err(
                        self.unsupported(path, "a condition that is a boolean which may be unset")
                    );
                }
                (_, _, true) => out.push(Condition::IsSet { value, bind: None }),
                // A value that is always set always holds.
                (_, _, false) => {}
            }
            return Ok(());
        };
        let (ty, optional) = (value.ty, value.optional);
        let rust_name = scope.define(self, &format!("{path}.assign"), name, ty, false)?;
        if optional {
            out.push(Condition::IsSet {
                value,
                bind: Some(rust_name),
            });
        } else {
            out.push(Condition::Let {
                value,
                bind: rust_name,
            });
            if ty == Type::Bool {
                // botocore binds the value, then the condition holds only if it is true.
                out.push(Condition::Holds(var(scope
                    .get(name)
                    .expect("just defined"))));
            }
        }
        Ok(())
    }

    fn endpoint(
        &self,
        endpoint: &model::EndpointTemplate,
        path: &str,
        scope: &Scope,
    ) -> Result<EndpointTemplate, Error> {
        let url = self.string_value(&endpoint.url, &format!("{path}.url"), scope)?;
        let mut headers = Vec::new();
        for (name, values) in &endpoint.headers {
            let values = values
                .iter()
                .enumerate()
                .map(|(index, value)| {
                    self.string_value(value, &format!("{path}.headers.{name}[{index}]"), scope)
                })
                .collect::<Result<_, _>>()?;
            headers.push((name.clone(), values));
        }
        let properties = endpoint
            .properties
            .iter()
            .map(|(name, value)| {
                Ok((
                    name.clone(),
                    self.property(value, &format!("{path}.properties.{name}"), scope)?,
                ))
            })
            .collect::<Result<_, Error>>()?;
        Ok(EndpointTemplate {
            url,
            headers,
            properties,
        })
    }

    fn property(&self, value: &Value, path: &str, scope: &Scope) -> Result<Property, Error> {
        Ok(match value {
            Value::Array(elements) => Property::Array(
                elements
                    .iter()
                    .enumerate()
                    .map(|(index, e)| self.property(e, &format!("{path}[{index}]"), scope))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(members)
                if !members.contains_key("ref") && !members.contains_key("fn") =>
            {
                Property::Object(
                    members
                        .iter()
                        .map(|(name, m)| {
                            Ok((
                                name.clone(),
                                self.property(m, &format!("{path}.{name}"), scope)?,
                            ))
                        })
                        .collect::<Result<_, Error>>()?,
                )
            }
            Value::Bool(b) => Property::Value(Expr::bool(*b)),
            _ => Property::Value(self.string_value(value, path, scope)?),
        })
    }

    /// A value that must be a string and set: a URL, header value, message or property.
    fn string_value(&self, value: &Value, path: &str, scope: &Scope) -> Result<Expr, Error> {
        let expr = self.expr(value, path, scope)?;
        self.expect(&expr, Type::String, path)?;
        if expr.optional {
            return Err(self.invalid(path, "the value may be unset here"));
        }
        Ok(expr)
    }

    fn expect(&self, expr: &Expr, ty: Type, path: &str) -> Result<(), Error> {
        if expr.ty == ty {
            Ok(())
        } else {
            Err(self.invalid(
                path,
                format!("expected {}, found {}", ty.describe(), expr.ty.describe()),
            ))
        }
    }

    fn expr(&self, value: &Value, path: &str, scope: &Scope) -> Result<Expr, Error> {
        match value {
            Value::Bool(b) => Ok(Expr::bool(*b)),
            Value::Number(n) => {
                let n = n
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| self.invalid(path, "integers must be non-negative"))?;
                Ok(Expr {
                    kind: ExprKind::Int(n),
                    ty: Type::Int,
                    optional: false,
                })
            }
            Value::String(text) => self.string(text, path, scope),
            Value::Object(object) => {
                if let Some(name) = object.get("ref") {
                    let name = name
                        .as_str()
                        .ok_or_else(|| self.invalid(path, "`ref` must be a string"))?;
                    return self.reference(name, path, scope);
                }
                let Some(function) = object.get("fn").and_then(Value::as_str) else {
                    return Err(self.invalid(path, "expected a `ref` or an `fn` call"));
                };
                if object.contains_key("assign") {
                    return Err(self.unsupported(path, "`assign` inside an argument"));
                }
                let argv = object
                    .get("argv")
                    .and_then(Value::as_array)
                    .ok_or_else(|| self.invalid(path, "a call needs an `argv` array"))?;
                self.call(function, argv, path, scope)
            }
            _ => Err(self.invalid(
                path,
                "expected a string, boolean, integer, `ref` or `fn` call",
            )),
        }
    }

    fn reference(&self, name: &str, path: &str, scope: &Scope) -> Result<Expr, Error> {
        scope
            .get(name)
            .map(var)
            .ok_or_else(|| self.invalid(path, format!("`{name}` is not defined here")))
    }

    /// botocore treats a string as a template when it contains `{Letters#…}`; otherwise
    /// braces are plain text.
    fn string(&self, text: &str, path: &str, scope: &Scope) -> Result<Expr, Error> {
        if !is_template(text) {
            return Ok(Expr {
                kind: ExprKind::String(text.to_owned()),
                ty: Type::String,
                optional: false,
            });
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // Python's `str.format` syntax, which botocore uses: doubled braces are text.
                '{' | '}' if chars.peek() == Some(&c) => {
                    chars.next();
                    literal.push(c);
                }
                '{' => {
                    let mut field = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => field.push(c),
                            None => return Err(self.invalid(path, "a template field without `}`")),
                        }
                    }
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(TemplatePart::Value(
                        self.template_field(&field, path, scope)?,
                    ));
                }
                '}' => return Err(self.invalid(path, "a single `}` in a template")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        match parts.as_slice() {
            [TemplatePart::Value(value)] => return Ok(value.clone()),
            // Only doubled braces: plain text after all.
            [] | [TemplatePart::Literal(_)] => {
                let text = match parts.pop() {
                    Some(TemplatePart::Literal(text)) => text,
                    _ => String::new(),
                };
                return Ok(Expr {
                    kind: ExprKind::String(text),
                    ty: Type::String,
                    optional: false,
                });
            }
            _ => {}
        }
        Ok(Expr {
            kind: ExprKind::Template(parts),
            ty: Type::String,
            optional: false,
        })
    }

    /// `Name` or `Name#attribute`: a string that is set here.
    fn template_field(&self, field: &str, path: &str, scope: &Scope) -> Result<Expr, Error> {
        let (name, attribute) = match field.split_once('#') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (field, None),
        };
        let is_name =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_name(name) || !attribute.is_none_or(is_name) {
            return Err(self.unsupported(path, format!("the template field `{{{field}}}`")));
        }
        let mut value = self.reference(name, path, scope)?;
        if let Some(attribute) = attribute {
            value = self.attribute(value, attribute, path)?;
        }
        self.expect(&value, Type::String, path)?;
        if value.optional {
            return Err(self.invalid(path, format!("`{{{field}}}` may be unset here")));
        }
        Ok(value)
    }

    fn call(
        &self,
        function: &str,
        argv: &[Value],
        path: &str,
        scope: &Scope,
    ) -> Result<Expr, Error> {
        let args = argv
            .iter()
            .enumerate()
            .map(|(index, arg)| {
                // `getAttr`'s path is a plain string, never a template.
                if function == "getAttr" && index == 1 {
                    return Ok(Expr {
                        kind: ExprKind::String(arg.as_str().unwrap_or_default().to_owned()),
                        ty: Type::String,
                        optional: false,
                    });
                }
                self.expr(arg, &format!("{path}.argv[{index}]"), scope)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(self.invalid(
                    path,
                    format!("`{function}` takes {n} arguments, not {}", args.len()),
                ))
            }
        };
        let arg_path = |index: usize| format!("{path}.argv[{index}]");
        let boolean = |kind: ExprKind| Expr {
            kind,
            ty: Type::Bool,
            optional: false,
        };
        match function {
            "isSet" => {
                arity(1)?;
                let [value] = <[Expr; 1]>::try_from(args).expect("arity checked");
                Ok(if value.optional {
                    boolean(ExprKind::IsSet(Box::new(value)))
                } else {
                    Expr::bool(true)
                })
            }
            "not" => {
                arity(1)?;
                let [value] = <[Expr; 1]>::try_from(args).expect("arity checked");
                self.expect(&value, Type::Bool, &arg_path(0))?;
                if value.optional {
                    return Err(self.unsupported(path, "`not` of a boolean which may be unset"));
                }
                Ok(match value.kind {
                    ExprKind::Bool(b) => Expr::bool(!b),
                    _ => boolean(ExprKind::Not(Box::new(value))),
                })
            }
            "booleanEquals" | "stringEquals" => {
                arity(2)?;
                let ty = if function == "booleanEquals" {
                    Type::Bool
                } else {
                    Type::String
                };
                let [a, b] = <[Expr; 2]>::try_from(args).expect("arity checked");
                self.expect(&a, ty, &arg_path(0))?;
                self.expect(&b, ty, &arg_path(1))?;
                Ok(match (&a.kind, &b.kind) {
                    (ExprKind::Bool(x), ExprKind::Bool(y)) => Expr::bool(x == y),
                    (ExprKind::String(x), ExprKind::String(y)) => Expr::bool(x == y),
                    _ if ty == Type::Bool => {
                        boolean(ExprKind::BooleanEquals(Box::new(a), Box::new(b)))
                    }
                    _ => boolean(ExprKind::StringEquals(Box::new(a), Box::new(b))),
                })
            }
            "getAttr" => {
                arity(2)?;
                let [target, attribute] = <[Expr; 2]>::try_from(args).expect("arity checked");
                let ExprKind::String(attribute) = attribute.kind else {
                    unreachable!("built as a string above")
                };
                if !argv[1].is_string() {
                    return Err(self.invalid(&arg_path(1), "the attribute path must be a string"));
                }
                self.attribute(target, &attribute, path)
            }
            other => {
                let (function, parameters) = library_function(other)
                    .ok_or_else(|| self.unsupported(path, format!("the function `{other}`")))?;
                arity(parameters.len())?;
                for (index, (arg, ty)) in args.iter().zip(parameters).enumerate() {
                    self.expect(arg, *ty, &arg_path(index))?;
                    if *ty != Type::String && arg.optional {
                        return Err(self.unsupported(
                            &arg_path(index),
                            "an argument other than a string which may be unset",
                        ));
                    }
                }
                let unset_args = args.iter().filter(|arg| arg.optional).count();
                if unset_args > 1 {
                    return Err(self.unsupported(
                        path,
                        "a call with more than one argument which may be unset",
                    ));
                }
                let (ty, optional) = function.result();
                // A call with an unset argument is unset, and a boolean one false, as most of
                // botocore's functions answer for `None`.
                let lifted = unset_args == 1 && ty != Type::Bool;
                Ok(Expr {
                    kind: ExprKind::Call(function, args),
                    ty,
                    optional: optional || lifted,
                })
            }
        }
    }

    /// `getAttr` paths: `name`, `name[index]` or `[index]`.
    fn attribute(&self, target: Expr, attribute: &str, path: &str) -> Result<Expr, Error> {
        if target.optional {
            return Err(self.unsupported(path, "`getAttr` of a value which may be unset"));
        }
        let (name, index) = match attribute.split_once('[') {
            Some((name, rest)) => {
                let index = rest
                    .strip_suffix(']')
                    .and_then(|i| i.parse::<usize>().ok())
                    .ok_or_else(|| {
                        self.invalid(
                            path,
                            format!("`{attribute}` is not `name`, `name[n]` or `[n]`"),
                        )
                    })?;
                (name, Some(index))
            }
            None => (attribute, None),
        };
        let mut value = target;
        if !name.is_empty() {
            let field = field(value.ty, name).ok_or_else(|| {
                self.invalid(
                    path,
                    format!("{} has no attribute `{name}`", value.ty.describe()),
                )
            })?;
            value = Expr {
                kind: ExprKind::Field(Box::new(value), field),
                ty: field.ty,
                optional: false,
            };
        }
        if let Some(index) = index {
            self.expect(&value, Type::StringArray, path)?;
            value = Expr {
                kind: ExprKind::Index(Box::new(value), index),
                ty: Type::String,
                optional: true,
            };
        }
        Ok(value)
    }
}

/// A standard-library function that is a runtime function, with its parameter types.
fn library_function(name: &str) -> Option<(Function, &'static [Type])> {
    Some(match name {
        "substring" => (
            Function::Substring,
            &[Type::String, Type::Int, Type::Int, Type::Bool],
        ),
        "uriEncode" => (Function::UriEncode, &[Type::String]),
        "parseURL" => (Function::ParseUrl, &[Type::String]),
        "isValidHostLabel" => (Function::IsValidHostLabel, &[Type::String, Type::Bool]),
        "aws.partition" => (Function::Partition, &[Type::String]),
        "aws.parseArn" => (Function::ParseArn, &[Type::String]),
        "aws.isVirtualHostableS3Bucket" => (
            Function::IsVirtualHostableS3Bucket,
            &[Type::String, Type::Bool],
        ),
        _ => return None,
    })
}

fn var(binding: &Binding) -> Expr {
    Expr {
        kind: ExprKind::Var(binding.rust_name.clone()),
        ty: binding.ty,
        optional: binding.optional,
    }
}

/// The attributes of the records the standard library returns, as the runtime names them.
fn field(record: Type, name: &str) -> Option<Field> {
    let string = |rust_name, owned| Field {
        rust_name,
        ty: Type::String,
        owned,
    };
    let boolean = |rust_name| Field {
        rust_name,
        ty: Type::Bool,
        owned: false,
    };
    Some(match (record, name) {
        (Type::Partition, "name") => string("name", false),
        (Type::Partition, "dnsSuffix") => string("dns_suffix", false),
        (Type::Partition, "dualStackDnsSuffix") => string("dual_stack_dns_suffix", false),
        (Type::Partition, "implicitGlobalRegion") => string("implicit_global_region", false),
        (Type::Partition, "supportsFIPS") => boolean("supports_fips"),
        (Type::Partition, "supportsDualStack") => boolean("supports_dual_stack"),
        (Type::Url, "scheme") => string("scheme", false),
        (Type::Url, "authority") => string("authority", true),
        (Type::Url, "path") => string("path", true),
        (Type::Url, "normalizedPath") => string("normalized_path", true),
        (Type::Url, "isIp") => boolean("is_ip"),
        (Type::Arn, "partition") => string("partition", true),
        (Type::Arn, "service") => string("service", true),
        (Type::Arn, "region") => string("region", true),
        (Type::Arn, "accountId") => string("account_id", true),
        (Type::Arn, "resourceId") => Field {
            rust_name: "resource_id",
            ty: Type::StringArray,
            owned: true,
        },
        _ => return None,
    })
}

/// botocore's `TEMPLATE_STRING_RE`: `{` letters or `#` `}` somewhere in the string.
fn is_template(text: &str) -> bool {
    text.split('{').skip(1).any(|after| {
        after.split_once('}').is_some_and(|(inside, _)| {
            !inside.is_empty() && inside.chars().all(|c| c.is_ascii_alphabetic() || c == '#')
        })
    })
}
