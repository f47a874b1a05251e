//! Endpoint rules, typed and resolved: every reference names a parameter or a binding by
//! its Rust name, every function call is checked against the rules language's standard
//! library, and each expression knows its type and whether it may be unset at that point
//! (an `isSet` condition narrows a parameter for the rest of its rule). The emitter turns
//! this into plain Rust `if`s.

mod lower;

pub use lower::from_rules;

/// A service's endpoint rules.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    /// In the file's order.
    pub params: Vec<Param>,
    pub rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The rules' name, e.g. `UseFIPS`.
    pub name: String,
    /// The field of the generated `Params` and the local holding its value, e.g. `use_fips`.
    pub rust_name: String,
    pub kind: ParamKind,
    /// The client setting this parameter comes from, for those a client knows.
    pub built_in: Option<BuiltIn>,
    pub default: Option<Literal>,
    pub required: bool,
    pub docs: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Boolean,
    StringArray,
}

impl ParamKind {
    pub fn ty(self) -> Type {
        match self {
            ParamKind::String => Type::String,
            ParamKind::Boolean => Type::Bool,
            ParamKind::StringArray => Type::StringArray,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    Bool(bool),
    String(String),
    StringArray(Vec<String>),
}

/// The `builtIn`s a client fills in from its configuration. The rules name others (S3's
/// `AWS::S3::ForcePathStyle`, `AWS::Auth::AccountId`, ...), which clients leave unset so
/// the rules' defaults apply (credentials carry no account id yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltIn {
    /// `AWS::Region`
    Region,
    /// `AWS::UseFIPS`
    UseFips,
    /// `AWS::UseDualStack`
    UseDualStack,
    /// `SDK::Endpoint`
    Endpoint,
    /// `AWS::Auth::AccountIdEndpointMode`
    AccountIdEndpointMode,
    /// `AWS::S3::ForcePathStyle`
    S3ForcePathStyle,
    /// `AWS::S3::Accelerate`
    S3Accelerate,
    /// `AWS::S3::UseArnRegion`
    S3UseArnRegion,
    /// `AWS::S3Control::UseArnRegion`
    S3ControlUseArnRegion,
    /// `AWS::S3::DisableMultiRegionAccessPoints`
    S3DisableMultiRegionAccessPoints,
    /// `AWS::S3::UseGlobalEndpoint`
    S3UseGlobalEndpoint,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Checked in order; the outcome applies when all hold.
    pub conditions: Vec<Condition>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Holds when this `bool` is true.
    Holds(Expr),
    /// Holds when `value` is set. When `bind` is given, the rest of the rule sees the value
    /// under that name: a new binding (`assign`), or the parameter itself (`isSet(Region)`).
    IsSet { value: Expr, bind: Option<String> },
    /// Always holds: binds a value that is never unset (`aws.partition`, `uriEncode`).
    Let { value: Expr, bind: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Endpoint(EndpointTemplate),
    /// The error message: a string-valued expression.
    Error(Expr),
    /// Sub-rules, tried in order; when none applies, the rules after this one are tried.
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTemplate {
    pub url: Expr,
    /// Header name and string-valued expressions, in the file's order.
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Property)>,
}

/// A property value: JSON whose strings may be templates.
#[derive(Clone, Debug, PartialEq)]
pub enum Property {
    Value(Expr),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    /// The value may be unset here (an `Option` in generated code).
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(usize),
    String(String),
    /// A string with `{Name}` / `{Name#attribute}` parts.
    Template(Vec<TemplatePart>),
    /// A parameter or binding, by Rust name.
    Var(String),
    IsSet(Box<Expr>),
    Not(Box<Expr>),
    BooleanEquals(Box<Expr>, Box<Expr>),
    StringEquals(Box<Expr>, Box<Expr>),
    /// `getAttr` of a named attribute.
    Field(Box<Expr>, Field),
    /// `getAttr` of `[index]`: unset past the end.
    Index(Box<Expr>, usize),
    /// A standard-library function of the runtime. At most one argument may be unset; the
    /// call is then unset (false for a `bool` function) when that argument is.
    Call(Function, Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    Literal(String),
    /// A string-valued expression that is never unset.
    Value(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Bool,
    /// A non-negative integer literal (`substring`'s bounds).
    Int,
    String,
    StringArray,
    /// What `aws.partition` returns.
    Partition,
    /// What `parseURL` returns.
    Url,
    /// What `aws.parseArn` returns.
    Arn,
}

impl Type {
    fn describe(self) -> &'static str {
        match self {
            Type::Bool => "a boolean",
            Type::Int => "an integer",
            Type::String => "a string",
            Type::StringArray => "a string array",
            Type::Partition => "a partition",
            Type::Url => "a parsed URL",
            Type::Arn => "a parsed ARN",
        }
    }
}

/// An attribute of a record the standard library returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The runtime struct's field, e.g. `dns_suffix`.
    pub rust_name: &'static str,
    pub ty: Type,
    /// The runtime holds it as a `String` rather than a `&'static str`.
    pub owned: bool,
}

/// The standard-library functions that are runtime functions; the others (`isSet`, `not`,
/// `booleanEquals`, `stringEquals`, `getAttr`) are expressions of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// The runtime function in `awsgen_runtime::endpoint`.
    pub fn rust_name(self) -> &'static str {
        match self {
            Function::Substring => "substring",
            Function::UriEncode => "uri_encode",
            Function::ParseUrl => "parse_url",
            Function::IsValidHostLabel => "is_valid_host_label",
            Function::Partition => "partition",
            Function::ParseArn => "parse_arn",
            Function::IsVirtualHostableS3Bucket => "is_virtual_hostable_s3_bucket",
        }
    }

    /// The runtime function's result type, and whether it may be unset.
    pub fn result(self) -> (Type, bool) {
        match self {
            Function::Substring => (Type::String, true),
            Function::UriEncode => (Type::String, false),
            Function::ParseUrl => (Type::Url, true),
            Function::IsValidHostLabel | Function::IsVirtualHostableS3Bucket => (Type::Bool, false),
            Function::Partition => (Type::Partition, false),
            Function::ParseArn => (Type::Arn, true),
        }
    }
}

impl Expr {
    pub fn bool(value: bool) -> Self {
        Expr {
            kind: ExprKind::Bool(value),
            ty: Type::Bool,
            optional: false,
        }
    }

    /// Whether the expression reads the parameter or binding `name`.
    pub fn mentions(&self, name: &str) -> bool {
        match &self.kind {
            ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::String(_) => false,
            ExprKind::Var(var) => var == name,
            ExprKind::Template(parts) => parts.iter().any(|part| match part {
                TemplatePart::Literal(_) => false,
                TemplatePart::Value(value) => value.mentions(name),
            }),
            ExprKind::IsSet(inner)
            | ExprKind::Not(inner)
            | ExprKind::Field(inner, _)
            | ExprKind::Index(inner, _) => inner.mentions(name),
            ExprKind::BooleanEquals(a, b) | ExprKind::StringEquals(a, b) => {
                a.mentions(name) || b.mentions(name)
            }
            ExprKind::Call(_, args) => args.iter().any(|arg| arg.mentions(name)),
        }
    }
}

impl Condition {
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Condition::Holds(value)
            | Condition::IsSet { value, .. }
            | Condition::Let { value, .. } => value.mentions(name),
        }
    }
}

impl Outcome {
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Outcome::Endpoint(endpoint) => {
                endpoint.url.mentions(name)
                    || endpoint
                        .headers
                        .iter()
                        .any(|(_, values)| values.iter().any(|value| value.mentions(name)))
                    || endpoint
                        .properties
                        .iter()
                        .any(|(_, property)| property.mentions(name))
            }
            Outcome::Error(message) => message.mentions(name),
            Outcome::Tree(rules) => rules.iter().any(|rule| rule.mentions(name)),
        }
    }
}

impl Rule {
    pub fn mentions(&self, name: &str) -> bool {
        self.conditions.iter().any(|c| c.mentions(name)) || self.outcome.mentions(name)
    }
}

impl Property {
    fn mentions(&self, name: &str) -> bool {
        match self {
            Property::Value(value) => value.mentions(name),
            Property::Array(elements) => elements.iter().any(|e| e.mentions(name)),
            Property::Object(members) => members.iter().any(|(_, m)| m.mentions(name)),
        }
    }
}

/// The rules of a service that publishes none: the standard regional template most AWS
/// services use (`https://<prefix>.<region>.<dnsSuffix>`, with its FIPS and dual-stack
/// forms and the endpoint override), taken from Amplify's rule set in botocore 1.44.5 with
/// the endpoint prefix left open.
pub fn standard_rules(endpoint_prefix: &str) -> Result<super::EndpointRules, crate::Error> {
    const TEMPLATE: &str = include_str!("standard-rule-set.json");
    const FILE: &str = "the standard endpoint rules";
    let text = TEMPLATE.replace("__ENDPOINT_PREFIX__", endpoint_prefix);
    let rules = crate::reader::endpoint_rules::parse(FILE, &text)?;
    Ok(super::EndpointRules {
        rules: from_rules(FILE, &rules)?,
        source: FILE.to_owned(),
    })
}
