//! The endpoint rules as Rust (`src/endpoint.rs`): a `Params` struct with one field per
//! rule parameter, and `resolve`, the rule tree as nested `if`s that return the first
//! endpoint or error whose conditions hold. A tree whose sub-rules all fail falls through
//! to the rules after it, as in botocore, which is what nested `if`s without `else` do.

use proc_macro2::{Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};

use crate::ir::endpoint::{
    Condition, Expr, ExprKind, Function, Literal, Outcome, Param, ParamKind, Property, Rule,
    RuleSet, TemplatePart, Type,
};

use crate::ir::{EndpointBinding, EndpointValue, Operation};

use super::docs::doc_lines;
use super::imports::Imports;

const RUNTIME: &str = "awsgen_runtime::endpoint";

/// The module's items (`use` lines, `Params`, `resolve`) without a file header or module
/// documentation, so that they can also be included into a module of a test crate.
pub fn endpoint_items(rules: &RuleSet) -> TokenStream {
    let mut emitter = Emitter::default();
    let params = params_struct(rules);
    let resolve = emitter.resolve_fn(rules);
    let imports = emitter.imports.to_tokens();
    quote! {
        #imports
        #params
        #resolve
    }
}

fn params_struct(rules: &RuleSet) -> TokenStream {
    let fields = rules.params.iter().map(|param| {
        let name = ident(&param.rust_name);
        let ty = match param.kind {
            ParamKind::String => quote!(String),
            ParamKind::Boolean => quote!(bool),
            ParamKind::StringArray => quote!(Vec<String>),
        };
        let mut doc = param.docs.clone().unwrap_or_default();
        let note = match (&param.default, param.required) {
            (Some(default), _) => format!("`{}` when unset.", literal_text(default)),
            (None, true) => "Required: resolving fails when it is unset.".to_owned(),
            (None, false) => String::new(),
        };
        if !note.is_empty() {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(&note);
        }
        let doc = doc_lines(&doc);
        quote! {
            #doc
            pub #name: Option<#ty>
        }
    });
    quote! {
        /// The endpoint rules' parameters; each unset one takes the rules' default.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct Params {
            #(#fields),*
        }
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Bool(b) => b.to_string(),
        Literal::String(s) => format!("{s:?}"),
        Literal::StringArray(items) => format!("{items:?}"),
    }
}

/// How a string-valued expression is held, which decides how it is compared and passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// A `&str` (`Option<&str>` when it may be unset), or a value that is not a string.
    Borrowed,
    /// A `String` (`Option<String>`).
    Owned,
}

struct Emitted {
    tokens: TokenStream,
    form: Form,
}

impl Emitted {
    fn borrowed(tokens: TokenStream) -> Self {
        Emitted {
            tokens,
            form: Form::Borrowed,
        }
    }
}

/// A statement of `resolve`, kept as data until the rule tree is done so that nested
/// tests can be merged (`if a { if b { … } }` → `if a && b { … }`) and the last `return`
/// become the function's value.
enum Stmt {
    If(Vec<TokenStream>, Vec<Stmt>),
    IfLet(syn::Ident, TokenStream, Vec<Stmt>),
    Let(syn::Ident, TokenStream),
    Return(TokenStream),
}

#[derive(Default)]
struct Emitter {
    imports: Imports,
    /// The form of each local in scope, innermost last.
    locals: Vec<(String, Form)>,
}

impl Emitter {
    fn runtime(&mut self, item: &str) -> syn::Ident {
        self.imports.name(&format!("{RUNTIME}::{item}"))
    }

    fn resolve_fn(&mut self, rules: &RuleSet) -> TokenStream {
        let endpoint = self.runtime("Endpoint");
        let error = self.runtime("EndpointError");
        let prologue: Vec<TokenStream> = rules
            .params
            .iter()
            .filter_map(|param| {
                let used = rules
                    .rules
                    .iter()
                    .any(|rule| rule.mentions(&param.rust_name));
                self.locals.push((param.rust_name.clone(), Form::Borrowed));
                param_local(param, used, &error)
            })
            .collect();
        let mut body = self.rules(&rules.rules);
        let (tail, reads_params) = match body.pop() {
            Some(Stmt::Return(value)) => (value, !prologue.is_empty()),
            other => {
                body.extend(other);
                let no_match = quote! {
                    Err(#error::new(format!("No endpoint found for parameters: {params:?}")))
                };
                (no_match, true)
            }
        };
        let params = if reads_params {
            quote!(params)
        } else {
            quote!(_params)
        };
        let body = body.into_iter().map(render);
        quote! {
            /// Resolves the endpoint for `params`: the first rule whose conditions hold gives
            /// the endpoint or the error.
            pub fn resolve(#params: &Params) -> Result<#endpoint, #error> {
                #(#prologue)*
                #(#body)*
                #tail
            }
        }
    }

    /// Rules tried in order. A rule that always returns ends the block: the rules after it
    /// could never be reached.
    fn rules(&mut self, rules: &[Rule]) -> Vec<Stmt> {
        let mut block = Vec::new();
        for rule in rules {
            let depth = self.locals.len();
            block.extend(self.conditions(rule, 0));
            self.locals.truncate(depth);
            if matches!(block.last(), Some(Stmt::Return(_))) {
                break;
            }
        }
        block
    }

    /// The rule's conditions from `from` on, each wrapping the rest; an empty result means
    /// the rule can never apply.
    fn conditions(&mut self, rule: &Rule, from: usize) -> Vec<Stmt> {
        let Some(condition) = rule.conditions.get(from) else {
            return self.outcome(&rule.outcome);
        };
        let used_later = |name: &str| {
            rule.conditions[from + 1..].iter().any(|c| c.mentions(name))
                || rule.outcome.mentions(name)
        };
        match condition {
            Condition::Holds(Expr {
                kind: ExprKind::Bool(false),
                ..
            }) => Vec::new(),
            Condition::Let { value, bind } => {
                if !used_later(bind) {
                    return self.conditions(rule, from + 1);
                }
                let value = self.expr(value);
                self.locals.push((bind.clone(), value.form));
                let rest = self.conditions(rule, from + 1);
                if rest.is_empty() {
                    return rest;
                }
                let mut block = vec![Stmt::Let(ident(bind), value.tokens)];
                block.extend(rest);
                block
            }
            Condition::IsSet {
                value,
                bind: Some(bind),
            } if used_later(bind) => {
                let value = self.expr(value);
                self.locals.push((bind.clone(), value.form));
                let rest = self.conditions(rule, from + 1);
                if rest.is_empty() {
                    return rest;
                }
                vec![Stmt::IfLet(ident(bind), value.tokens, rest)]
            }
            Condition::IsSet { value, .. } => {
                let value = self.expr(value).tokens;
                let rest = self.conditions(rule, from + 1);
                if_stmt(quote!(#value.is_some()), rest)
            }
            Condition::Holds(test) => {
                let test = self.condition(test, false);
                let rest = self.conditions(rule, from + 1);
                if_stmt(test, rest)
            }
        }
    }

    fn outcome(&mut self, outcome: &Outcome) -> Vec<Stmt> {
        match outcome {
            Outcome::Endpoint(endpoint) => {
                let url = self.string_arg(&endpoint.url).tokens;
                let ty = self.runtime("Endpoint");
                let mut value = quote!(#ty::new(#url));
                for (name, values) in &endpoint.headers {
                    let values = values.iter().map(|v| self.owned_string(v));
                    value = quote!(#value.header(#name, vec![#(#values),*]));
                }
                for (name, property) in &endpoint.properties {
                    let property = self.property(property);
                    value = quote!(#value.property(#name, #property));
                }
                vec![Stmt::Return(quote!(Ok(#value)))]
            }
            Outcome::Error(message) => {
                let message = self.string_arg(message).tokens;
                let error = self.runtime("EndpointError");
                vec![Stmt::Return(quote!(Err(#error::new(#message))))]
            }
            Outcome::Tree(rules) => self.rules(rules),
        }
    }

    fn property(&mut self, property: &Property) -> TokenStream {
        match property {
            Property::Value(value) if value.ty == Type::Bool => {
                let value = self.condition(value, false);
                let ty = self.imports.name("awsgen_runtime::json::Value");
                quote!(#ty::Bool(#value))
            }
            Property::Value(value) => {
                let value = self.string_arg(value).tokens;
                let string = self.runtime("string");
                quote!(#string(#value))
            }
            Property::Array(elements) => {
                let elements: Vec<TokenStream> =
                    elements.iter().map(|e| self.property(e)).collect();
                let array = self.runtime("array");
                quote!(#array([#(#elements),*]))
            }
            Property::Object(members) => {
                let members: Vec<TokenStream> = members
                    .iter()
                    .map(|(name, member)| {
                        let member = self.property(member);
                        quote!((#name, #member))
                    })
                    .collect();
                let object = self.runtime("object");
                quote!(#object([#(#members),*]))
            }
        }
    }

    fn expr(&mut self, expr: &Expr) -> Emitted {
        match &expr.kind {
            ExprKind::Bool(_)
            | ExprKind::IsSet(_)
            | ExprKind::Not(_)
            | ExprKind::BooleanEquals(..)
            | ExprKind::StringEquals(..) => Emitted::borrowed(self.condition(expr, false)),
            ExprKind::Int(n) => {
                let n = TokenLiteral::usize_unsuffixed(*n);
                Emitted::borrowed(quote!(#n))
            }
            ExprKind::String(text) => Emitted::borrowed(quote!(#text)),
            ExprKind::Template(parts) => Emitted {
                tokens: self.template(parts),
                form: Form::Owned,
            },
            ExprKind::Var(name) => {
                let form = self.local_form(name);
                let name = ident(name);
                Emitted {
                    tokens: quote!(#name),
                    form,
                }
            }
            ExprKind::Field(target, field) => {
                let target = self.expr(target).tokens;
                let name = format_ident!("{}", field.rust_name);
                let form = if field.owned && field.ty == Type::String {
                    Form::Owned
                } else {
                    Form::Borrowed
                };
                Emitted {
                    tokens: quote!(#target.#name),
                    form,
                }
            }
            ExprKind::Index(target, index) => {
                let target = self.expr(target).tokens;
                Emitted::borrowed(if *index == 0 {
                    quote!(#target.first().map(String::as_str))
                } else {
                    let index = TokenLiteral::usize_unsuffixed(*index);
                    quote!(#target.get(#index).map(String::as_str))
                })
            }
            ExprKind::Call(function, args) => self.call(*function, args),
        }
    }

    /// `["https://", region, ".", partition.dns_suffix].concat()`: the parts joined, which
    /// reads like the template and costs one allocation.
    fn template(&mut self, parts: &[TemplatePart]) -> TokenStream {
        let parts = parts.iter().map(|part| match part {
            TemplatePart::Literal(text) => quote!(#text),
            TemplatePart::Value(value) => self.set_str(value),
        });
        let parts: Vec<TokenStream> = parts.collect();
        quote!([#(#parts),*].concat())
    }

    fn call(&mut self, function: Function, args: &[Expr]) -> Emitted {
        let name = self.runtime(function.rust_name());
        let form = if function == Function::UriEncode {
            Form::Owned
        } else {
            Form::Borrowed
        };
        let unset = args.iter().position(|arg| arg.optional);
        let arg_tokens: Vec<TokenStream> = args
            .iter()
            .enumerate()
            .map(|(index, arg)| {
                if Some(index) == unset {
                    quote!(value)
                } else {
                    self.str_argument(arg)
                }
            })
            .collect();
        let Some(unset) = unset else {
            return Emitted {
                tokens: quote!(#name(#(#arg_tokens),*)),
                form,
            };
        };
        let optional = self.optional_str(&args[unset]);
        let call = if args.len() == 1 {
            quote!(#name)
        } else {
            quote!(|value| #name(#(#arg_tokens),*))
        };
        let tokens = match function.result() {
            (Type::Bool, _) => quote!(#optional.is_some_and(#call)),
            (_, true) => quote!(#optional.and_then(#call)),
            (_, false) => quote!(#optional.map(#call)),
        };
        Emitted { tokens, form }
    }

    /// A value for a `&str` parameter (or any other value as it is).
    fn str_argument(&mut self, arg: &Expr) -> TokenStream {
        let arg = self.expr(arg);
        match arg.form {
            Form::Borrowed => arg.tokens,
            Form::Owned => {
                let tokens = arg.tokens;
                quote!(&#tokens)
            }
        }
    }

    /// An `Option<&str>` for a string which may be unset (an `Option<bool>` as it is).
    fn optional_str(&mut self, arg: &Expr) -> TokenStream {
        let arg = self.expr(arg);
        let tokens = arg.tokens;
        match arg.form {
            Form::Borrowed => tokens,
            Form::Owned => quote!(#tokens.as_deref()),
        }
    }

    /// A `&str` for a string that is set (a `bool` as it is).
    fn set_str(&mut self, arg: &Expr) -> TokenStream {
        let arg = self.expr(arg);
        let tokens = arg.tokens;
        match arg.form {
            Form::Borrowed => tokens,
            Form::Owned => quote!(#tokens.as_str()),
        }
    }

    /// A `String` for a header value.
    fn owned_string(&mut self, value: &Expr) -> TokenStream {
        let value = self.string_arg(value);
        let tokens = value.tokens;
        match value.form {
            Form::Owned => tokens,
            Form::Borrowed => quote!(#tokens.to_owned()),
        }
    }

    /// A value for an `impl Into<String>` parameter: a `&str`, or a `String` that is new
    /// or cloned from a local or field (which the rule may use again).
    fn string_arg(&mut self, value: &Expr) -> Emitted {
        let is_place = matches!(value.kind, ExprKind::Var(_) | ExprKind::Field(..));
        let emitted = self.expr(value);
        match emitted.form {
            Form::Owned if is_place => {
                let tokens = emitted.tokens;
                Emitted {
                    tokens: quote!(#tokens.clone()),
                    form: Form::Owned,
                }
            }
            _ => emitted,
        }
    }

    fn local_form(&self, name: &str) -> Form {
        self.locals
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map_or(Form::Borrowed, |(_, form)| *form)
    }

    /// One side of `==`: an `Option<&str>`/`Option<bool>` when either side may be unset.
    fn equals_side(&mut self, expr: &Expr, other_optional: bool) -> TokenStream {
        if expr.optional {
            self.optional_str(expr)
        } else if other_optional {
            let value = self.set_str(expr);
            quote!(Some(#value))
        } else {
            self.expr(expr).tokens
        }
    }

    /// A `bool` expression, or its negation.
    fn condition(&mut self, expr: &Expr, negated: bool) -> TokenStream {
        match &expr.kind {
            ExprKind::Bool(b) => {
                let b = *b != negated;
                quote!(#b)
            }
            ExprKind::Not(inner) => self.condition(inner, !negated),
            ExprKind::IsSet(inner) => {
                let inner = self.expr(inner).tokens;
                if negated {
                    quote!(#inner.is_none())
                } else {
                    quote!(#inner.is_some())
                }
            }
            ExprKind::BooleanEquals(a, b) => match (&a.kind, &b.kind) {
                // `x == true` is `x`; `x == false` is `!x`.
                (_, ExprKind::Bool(v)) if !a.optional => self.condition(a, negated == *v),
                (ExprKind::Bool(v), _) if !b.optional => self.condition(b, negated == *v),
                _ => self.equals(a, b, negated),
            },
            ExprKind::StringEquals(a, b) => match (&a.kind, &b.kind) {
                (ExprKind::String(empty), _) if empty.is_empty() && !b.optional => {
                    self.is_empty(b, negated)
                }
                (_, ExprKind::String(empty)) if empty.is_empty() && !a.optional => {
                    self.is_empty(a, negated)
                }
                _ => self.equals(a, b, negated),
            },
            _ => {
                let tokens = self.expr(expr).tokens;
                if negated { quote!(!#tokens) } else { tokens }
            }
        }
    }

    /// `x == ""`, as clippy prefers it.
    fn is_empty(&mut self, value: &Expr, negated: bool) -> TokenStream {
        let value = self.expr(value).tokens;
        if negated {
            quote!(!#value.is_empty())
        } else {
            quote!(#value.is_empty())
        }
    }

    /// `a == b` for booleans or strings, either of which may be unset: an unset value
    /// equals nothing.
    fn equals(&mut self, a: &Expr, b: &Expr, negated: bool) -> TokenStream {
        let operator = if negated { quote!(!=) } else { quote!(==) };
        let left = self.equals_side(a, b.optional);
        let right = self.equals_side(b, a.optional);
        if a.optional && b.optional {
            let both = quote!(#left.is_some() && #left == #right);
            return if negated {
                quote!(!(#both))
            } else {
                quote!((#both))
            };
        }
        quote!(#left #operator #right)
    }
}

fn param_local(param: &Param, used: bool, error: &syn::Ident) -> Option<TokenStream> {
    let name = ident(&param.rust_name);
    let field = quote!(params.#name);
    let unset_value = match param.kind {
        ParamKind::Boolean => quote!(#field),
        ParamKind::String | ParamKind::StringArray => quote!(#field.as_deref()),
    };
    if param.required && param.default.is_none() {
        let message = format!("Cannot find value for required parameter {}", param.name);
        return Some(if used {
            quote! {
                let Some(#name) = #unset_value else {
                    return Err(#error::new(#message));
                };
            }
        } else {
            quote! {
                if #field.is_none() {
                    return Err(#error::new(#message));
                }
            }
        });
    }
    if !used {
        return None;
    }
    let value = match &param.default {
        None => unset_value,
        Some(Literal::Bool(default)) => quote!(#field.unwrap_or(#default)),
        Some(Literal::String(default)) => quote!(#field.as_deref().unwrap_or(#default)),
        Some(Literal::StringArray(items)) => {
            quote!(#field.clone().unwrap_or_else(|| vec![#(#items.to_owned()),*]))
        }
    };
    Some(quote!(let #name = #value;))
}

/// `if test { rest }`, merged into `rest` when it is a lone `if`; nothing when `rest` is
/// empty (the rule can never apply).
fn if_stmt(test: TokenStream, rest: Vec<Stmt>) -> Vec<Stmt> {
    if rest.is_empty() {
        return rest;
    }
    let mut tests = vec![test];
    let mut rest = rest;
    if let [Stmt::If(..)] = rest.as_slice() {
        if let Some(Stmt::If(inner, body)) = rest.pop() {
            tests.extend(inner);
            rest = body;
        }
    }
    vec![Stmt::If(tests, rest)]
}

fn render(stmt: Stmt) -> TokenStream {
    match stmt {
        Stmt::If(tests, body) => {
            let test = tests
                .into_iter()
                .reduce(|a, b| quote!(#a && #b))
                .expect("an if has a test");
            let body = body.into_iter().map(render);
            quote!(if #test { #(#body)* })
        }
        Stmt::IfLet(name, value, body) => {
            let body = body.into_iter().map(render);
            quote!(if let Some(#name) = #value { #(#body)* })
        }
        Stmt::Let(name, value) => quote!(let #name = #value;),
        Stmt::Return(value) => quote!(return #value;),
    }
}

fn ident(name: &str) -> syn::Ident {
    format_ident!("{}", name)
}

/// The endpoint rules' parameters `op` sets, each with the rules' declaration; those the
/// rules do not declare are dropped, as botocore's resolver ignores them, and so is a list
/// an `operationContextParams` expression finds for a parameter that is not one (or the
/// reverse), which the rules could not use.
pub fn operation_params<'a>(
    rules: &'a RuleSet,
    op: &'a Operation,
) -> Vec<(&'a EndpointBinding, &'a Param)> {
    op.endpoint_params
        .iter()
        .filter_map(|binding| {
            let param = rules.params.iter().find(|p| p.name == binding.param)?;
            if let EndpointValue::Path(path) = &binding.value {
                if path.is_list() != (param.kind == ParamKind::StringArray) {
                    return None;
                }
            }
            Some((binding, param))
        })
        .collect()
}
