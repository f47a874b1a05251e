//! `cargo xtask compare-formats`: the same service read from its Smithy model and from its
//! botocore model must give the same client, except where the two models state different
//! facts.
//!
//! Each service of a tarball of Smithy models is matched with the botocore model of the same
//! service id in a botocore release, and both are read into the IR. The IRs are then
//! compared piece by piece, and every difference is named by the model fact behind it: an
//! operation, shape or member that one model has and the other lacks, documentation, enum
//! values, constraints, which members are required, an operation's errors or paginator, the
//! endpoint rules. What the models agree on must come out the same; a difference of any
//! other kind ([`Fact::Other`]) is something the Smithy translation gets wrong, and fails
//! the command.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use awsgen_codegen::ir::{
    Bindings, Location, Member, Operation, PathPart, Service, Shape, ShapeKind, UriTemplate,
};
use awsgen_codegen::{ModelFiles, ModelFormat, read_service};

use crate::Failure;
use crate::fetch_model::{self, ServiceFiles};
use crate::sweep::Input;

const HELP: &str = "\
usage: cargo xtask compare-formats --smithy FILE [--botocore FILE] [--only A,B] [--list]

Reads every model in the Smithy tarball (e.g. ../shared/models/smithy/aws-api-models-2025-04.tar.gz)
and the botocore model with the same service id from the release model/botocore-2025-04.lock
pins (botocore 1.37.26 of 2025-04-02, the day the tarball's models were published; pip
fetches it once into target/botocore/), reads both into the IR and names every difference by
the model fact behind it. Fails when a difference is of no such kind: the translation from
Smithy then disagrees with botocore's reading of the same facts.

options:
  --botocore FILE  use this copy of the release (its SHA-256 is still checked)
  --only A,B       only these Smithy models (file names without .json)
  --list           print every difference, not only the unexplained ones
";

/// The release the corpus is compared with.
const LOCK_PATH: &str = "model/botocore-2025-04.lock";

/// A kind of fact two models of one service can state differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fact {
    OperationOnlyInOne,
    ShapeOnlyInOne,
    MemberOnlyInOne,
    Documentation,
    EnumValues,
    Constraints,
    Required,
    OperationErrors,
    Paginator,
    EndpointRules,
    RequestUri,
    ErrorStatus,
    ErrorFault,
    ScalarShapeName,
    UnionOrStructure,
    Sparse,
    Sensitive,
    ShapeName,
    MemberType,
    TargetPrefix,
    Deprecated,
    EndpointParams,
    Checksums,
    ShapeType,
    /// What the models agree on came out differently.
    Other,
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fact::OperationOnlyInOne => "an operation one model has and the other lacks",
            Fact::ShapeOnlyInOne => "a shape one model has and the other lacks",
            Fact::MemberOnlyInOne => "a member one model has and the other lacks",
            Fact::Documentation => "documentation",
            Fact::EnumValues => "enum values",
            Fact::Constraints => "length, range or pattern constraints",
            Fact::Required => "whether a member is required",
            Fact::OperationErrors => "the errors an operation lists",
            Fact::Paginator => "an operation's paginator",
            Fact::EndpointRules => "the endpoint rules",
            Fact::RequestUri => "the request URI (botocore keeps a trailing `/` or query literal)",
            Fact::ErrorStatus => "the HTTP status an error declares",
            Fact::ErrorFault => "whether an error is the client's or the server's fault",
            Fact::ScalarShapeName => {
                "the name of an equal scalar shape a member targets (botocore's `SyntheticTimestamp_date_time`, `ErrorMessage2`, …; the Rust type is the same)"
            }
            Fact::UnionOrStructure => "a union that botocore calls a structure",
            Fact::Sparse => "whether a list or map is sparse",
            Fact::Sensitive => "whether a value is sensitive",
            Fact::ShapeName => {
                "the name of an equal shape (Smithy cannot name a shape after an operation, or twice; botocore can)"
            }
            Fact::MemberType => "the type of a member's value",
            Fact::Deprecated => "whether an operation or member is deprecated",
            Fact::EndpointParams => "the endpoint parameters an operation binds",
            Fact::Checksums => "an operation's checksum traits (algorithms, members)",
            Fact::ShapeType => {
                "the type of a shape (S3's `Expires` became a string, `NextPartNumberMarker` an integer)"
            }
            Fact::TargetPrefix => {
                "the awsJson target prefix (botocore's model keeps a namespace-qualified one)"
            }
            Fact::Other => "UNEXPLAINED: the translation differs from botocore's reading",
        })
    }
}

/// One difference: the fact and where it is (`Shape.member`, an operation's name, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub fact: Fact,
    pub at: String,
}

/// The differences between the IR read from a Smithy model and that read from botocore's.
pub fn compare(smithy: &Service, botocore: &Service) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |fact: Fact, at: String| out.push(Difference { fact, at });
    if !same_docs(&smithy.docs, &botocore.docs) {
        push(Fact::Documentation, "the service".to_owned());
    }
    let mut meta = smithy.meta.clone();
    if let (
        Bindings::Rpc { target_prefix, .. },
        Bindings::Rpc {
            target_prefix: theirs,
            ..
        },
    ) = (
        &mut meta.protocol.bindings,
        &botocore.meta.protocol.bindings,
    ) {
        if target_prefix != theirs {
            push(Fact::TargetPrefix, "the service".to_owned());
            target_prefix.clone_from(theirs);
        }
    }
    if format!("{meta:?}") != format!("{:?}", botocore.meta) {
        let detail = first_difference(&meta, &botocore.meta);
        push(Fact::Other, format!("the service's metadata{detail}"));
    }
    if format!("{:?}", smithy.endpoint.rules) != format!("{:?}", botocore.endpoint.rules) {
        push(Fact::EndpointRules, "the service".to_owned());
    }
    let operations = |service: &Service| -> BTreeMap<String, Operation> {
        service
            .operations
            .iter()
            .map(|op| (op.name.clone(), normalized_operation(service, op)))
            .collect()
    };
    let (ours, theirs) = (operations(smithy), operations(botocore));
    for name in keys(&ours, &theirs) {
        match (ours.get(&name), theirs.get(&name)) {
            (Some(a), Some(b)) => compare_operations(a, b, &mut push),
            _ => push(Fact::OperationOnlyInOne, name),
        }
    }
    let pair = Pair { smithy, botocore };
    for name in keys(&smithy.shapes, &botocore.shapes) {
        match (smithy.shapes.get(&name), botocore.shapes.get(&name)) {
            (Some(a), Some(b)) => pair.compare_shapes(a, b, &mut push),
            _ => push(Fact::ShapeOnlyInOne, name),
        }
    }
    out
}

/// Documentation is the same text when it differs only in how it is laid out: the Smithy
/// files keep the service team's line breaks and indentation, botocore's collapse them, and
/// each puts spaces inside tags where the other does not (`<p> A</p>`).
fn same_docs(a: &Option<String>, b: &Option<String>) -> bool {
    let words = |text: &Option<String>| -> String {
        let text = text.as_deref().unwrap_or_default();
        let mut spaced = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '<' => spaced.push_str(" <"),
                '>' => spaced.push_str("> "),
                c => spaced.push(c),
            }
        }
        spaced.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    words(a) == words(b)
}

/// Where two values' pretty `Debug` forms first part: ` (smithy | botocore)`.
fn first_difference(a: &impl fmt::Debug, b: &impl fmt::Debug) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map_or_else(String::new, |(x, y)| {
            format!(" ({} | {})", x.trim(), y.trim())
        })
}

fn keys<V>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> BTreeSet<String> {
    a.keys().chain(b.keys()).cloned().collect()
}

/// An operation whose URI labels are named after the input members they bind, not the
/// placeholder the model writes (`{application-id}` for `ApplicationId` in botocore), which
/// never reaches the wire; errors sorted, as the Smithy AST lists them by shape id.
fn normalized_operation(service: &Service, op: &Operation) -> Operation {
    let mut op = op.clone();
    let members: BTreeMap<&str, &str> = match service.shapes.get(&op.input).map(|s| &s.kind) {
        Some(ShapeKind::Structure(input)) => input
            .members
            .iter()
            .filter_map(|m| match &m.location {
                Location::Label(wire) => Some((wire.as_str(), m.name.as_str())),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    for part in &mut op.uri.path {
        if let PathPart::Label { name, .. } = part {
            if let Some(member) = members.get(name.as_str()) {
                *name = (*member).to_owned();
            }
        }
    }
    op.errors.sort();
    op
}

fn compare_operations(a: &Operation, b: &Operation, push: &mut impl FnMut(Fact, String)) {
    let at = || a.name.clone();
    if !same_docs(&a.docs, &b.docs) {
        push(Fact::Documentation, at());
    }
    if a.errors != b.errors {
        push(Fact::OperationErrors, at());
    }
    if format!("{:?}", a.paginator) != format!("{:?}", b.paginator) {
        let detail = first_difference(&a.paginator, &b.paginator);
        push(Fact::Paginator, format!("{}{detail}", at()));
    }
    if a.uri != b.uri {
        push(
            Fact::RequestUri,
            format!("{}{}", at(), first_difference(&a.uri, &b.uri)),
        );
    }
    if a.deprecated != b.deprecated {
        push(Fact::Deprecated, at());
    }
    if a.endpoint_params != b.endpoint_params {
        push(Fact::EndpointParams, at());
    }
    if (&a.request_checksum, &a.response_checksum) != (&b.request_checksum, &b.response_checksum) {
        push(Fact::Checksums, at());
    }
    if (&a.call_name, &a.error_name) != (&b.call_name, &b.error_name) {
        // A call type steps aside for a shape of its name, which only botocore can have.
        push(Fact::ShapeName, at());
    }
    // Everything else must agree.
    let rest = |op: &Operation| {
        let mut op = op.clone();
        op.call_name.clear();
        op.error_name.clear();
        op.deprecated = false;
        op.endpoint_params.clear();
        op.request_checksum = None;
        op.response_checksum = None;
        op.docs = None;
        op.errors.clear();
        op.paginator = None;
        op.uri = UriTemplate {
            path: Vec::new(),
            query: Vec::new(),
        };
        op
    };
    let (x, y) = (rest(a), rest(b));
    if format!("{x:?}") != format!("{y:?}") {
        push(Fact::Other, format!("{}{}", at(), first_difference(&x, &y)));
    }
}

/// The two services, for what a shape comparison looks up.
struct Pair<'a> {
    smithy: &'a Service,
    botocore: &'a Service,
}

impl Pair<'_> {
    fn compare_shapes(&self, a: &Shape, b: &Shape, push: &mut impl FnMut(Fact, String)) {
        if !same_docs(&a.docs, &b.docs) {
            push(Fact::Documentation, a.name.clone());
        }
        let name = || a.name.clone();
        match (&a.kind, &b.kind) {
            (ShapeKind::Structure(x), ShapeKind::Structure(y)) => {
                self.compare_structures(&a.name, &x.members, &y.members, push);
                if x.role != y.role {
                    push(
                        Fact::Other,
                        format!("{} (role {:?} | {:?})", a.name, x.role, y.role),
                    );
                }
                match (&x.error, &y.error) {
                    (Some(e), Some(f)) => {
                        if e.http_status != f.http_status {
                            push(Fact::ErrorStatus, name());
                        }
                        if e.fault != f.fault {
                            push(Fact::ErrorFault, name());
                        }
                        if (&e.code, &e.variant_name) != (&f.code, &f.variant_name) {
                            push(Fact::Other, format!("{}{}", a.name, first_difference(e, f)));
                        }
                    }
                    (None, None) => {}
                    _ => push(
                        Fact::Other,
                        format!("{} (an error in one model only)", a.name),
                    ),
                }
            }
            (ShapeKind::Union(x), ShapeKind::Union(y)) => {
                let members = |u: &awsgen_codegen::ir::Union| {
                    u.variants
                        .iter()
                        .map(|v| v.member.clone())
                        .collect::<Vec<_>>()
                };
                self.compare_structures(&a.name, &members(x), &members(y), push);
            }
            (ShapeKind::Union(_), ShapeKind::Structure(_)) => push(Fact::UnionOrStructure, name()),
            (ShapeKind::Enum(x), ShapeKind::Enum(y)) => {
                if x.values != y.values {
                    push(Fact::EnumValues, name());
                }
                if x.sensitive != y.sensitive {
                    push(Fact::Other, format!("{} (sensitive)", a.name));
                }
            }
            (x, y) if std::mem::discriminant(x) != std::mem::discriminant(y) => {
                push(Fact::ShapeType, name());
            }
            (x, y) => {
                let (mut x, mut y) = (x.clone(), y.clone());
                if let (ShapeKind::List(l), ShapeKind::List(m)) = (&mut x, &mut y) {
                    self.same_element(&a.name, &l.member, &mut m.member, push);
                    if l.sparse != m.sparse {
                        push(Fact::Sparse, name());
                        (l.sparse, m.sparse) = (false, false);
                    }
                }
                if let (ShapeKind::Map(l), ShapeKind::Map(m)) = (&mut x, &mut y) {
                    self.same_element(&a.name, &l.key, &mut m.key, push);
                    self.same_element(&a.name, &l.value, &mut m.value, push);
                    if l.sparse != m.sparse {
                        push(Fact::Sparse, name());
                        (l.sparse, m.sparse) = (false, false);
                    }
                }
                if unconstrained(&x) != unconstrained(&y) {
                    push(
                        Fact::Other,
                        format!("{}{}", a.name, first_difference(&x, &y)),
                    );
                } else if x != y {
                    if a.is_sensitive() != b.is_sensitive() {
                        push(Fact::Sensitive, name());
                    }
                    set_sensitive(&mut x, false);
                    set_sensitive(&mut y, false);
                    if x != y {
                        push(Fact::Constraints, name());
                    }
                }
            }
        }
    }

    fn compare_structures(
        &self,
        name: &str,
        a: &[Member],
        b: &[Member],
        push: &mut impl FnMut(Fact, String),
    ) {
        let by_name = |members: &[Member]| {
            members
                .iter()
                .map(|m| (m.name.clone(), m.clone()))
                .collect::<BTreeMap<_, _>>()
        };
        let (ours, theirs) = (by_name(a), by_name(b));
        for member in keys(&ours, &theirs) {
            let at = format!("{name}.{member}");
            let (Some(x), Some(y)) = (ours.get(&member), theirs.get(&member)) else {
                push(Fact::MemberOnlyInOne, at);
                continue;
            };
            if !same_docs(&x.docs, &y.docs) {
                push(Fact::Documentation, at.clone());
            }
            if x.required != y.required {
                push(Fact::Required, at.clone());
            }
            if x.deprecated != y.deprecated {
                push(Fact::Deprecated, at.clone());
            }
            let (mut x, mut y) = (x.clone(), y.clone());
            (x.docs, y.docs) = (None, None);
            (x.required, y.required) = (false, false);
            (x.deprecated, y.deprecated) = (false, false);
            // A label's placeholder name never reaches the wire.
            for m in [&mut x, &mut y] {
                if let Location::Label(_) = m.location {
                    m.location = Location::Label(m.name.clone());
                }
            }
            if x.target != y.target {
                match self.same_shape(&x.target, &y.target, &mut BTreeSet::new()) {
                    Some(true) if self.is_scalar(&x.target) => {
                        push(Fact::ScalarShapeName, at.clone());
                        y.target = x.target.clone();
                    }
                    Some(true) => {
                        push(Fact::ShapeName, at.clone());
                        y.target = x.target.clone();
                    }
                    Some(false) if self.is_scalar(&x.target) && self.is_scalar_b(&y.target) => {
                        push(Fact::MemberType, at.clone());
                        y.target = x.target.clone();
                    }
                    _ => {}
                }
            }
            if x != y {
                push(Fact::Other, format!("{at}{}", first_difference(&x, &y)));
            }
        }
    }

    /// A list's or map's element that the models name differently but that is the same
    /// shape: named as a fact, and made equal for what follows.
    fn same_element(
        &self,
        at: &str,
        smithy: &str,
        botocore: &mut String,
        push: &mut impl FnMut(Fact, String),
    ) {
        if smithy == botocore
            || self.same_shape(smithy, botocore, &mut BTreeSet::new()) != Some(true)
        {
            return;
        }
        let fact = if self.is_scalar(smithy) {
            Fact::ScalarShapeName
        } else {
            Fact::ShapeName
        };
        push(fact, at.to_owned());
        smithy.clone_into(botocore);
    }

    fn is_scalar(&self, smithy: &str) -> bool {
        self.smithy
            .shapes
            .get(smithy)
            .is_some_and(|s| scalar(&s.kind))
    }

    fn is_scalar_b(&self, botocore: &str) -> bool {
        self.botocore
            .shapes
            .get(botocore)
            .is_some_and(|s| scalar(&s.kind))
    }

    /// Whether a Smithy-side and a botocore-side shape are the same but for their names,
    /// documentation, constraints and sensitivity (the same Rust type, or one under another
    /// name); `None` when either is missing. Structures are compared member by member, each
    /// pair once.
    fn same_shape(
        &self,
        smithy: &str,
        botocore: &str,
        seen: &mut BTreeSet<(String, String)>,
    ) -> Option<bool> {
        let (a, b) = (
            self.smithy.shapes.get(smithy)?,
            self.botocore.shapes.get(botocore)?,
        );
        if !seen.insert((smithy.to_owned(), botocore.to_owned())) {
            return Some(true);
        }
        let mut same = |x: &str, y: &str| self.same_shape(x, y, seen) == Some(true);
        Some(match (&a.kind, &b.kind) {
            (ShapeKind::List(x), ShapeKind::List(y)) => same(&x.member, &y.member),
            (ShapeKind::Map(x), ShapeKind::Map(y)) => {
                same(&x.key, &y.key) && same(&x.value, &y.value)
            }
            (ShapeKind::Enum(x), ShapeKind::Enum(y)) => x.values == y.values,
            (ShapeKind::Structure(x), ShapeKind::Structure(y)) => {
                x.members.len() == y.members.len()
                    && x.members.iter().zip(&y.members).all(|(m, n)| {
                        m.name == n.name && (m.target == n.target || same(&m.target, &n.target))
                    })
            }
            (x, y) => scalar(x) && unconstrained(x) == unconstrained(y),
        })
    }
}

fn set_sensitive(kind: &mut ShapeKind, sensitive: bool) {
    match kind {
        ShapeKind::String(s) => s.sensitive = sensitive,
        ShapeKind::Blob(b) => b.sensitive = sensitive,
        _ => {}
    }
}

fn scalar(kind: &ShapeKind) -> bool {
    !matches!(
        kind,
        ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::List(_)
            | ShapeKind::Map(_)
    )
}

/// A shape kind with its constraints (lengths, ranges, patterns) and sensitivity taken away.
fn unconstrained(kind: &ShapeKind) -> String {
    let mut kind = kind.clone();
    match &mut kind {
        ShapeKind::String(s) => {
            s.length = Default::default();
            s.pattern = None;
            s.sensitive = false;
        }
        ShapeKind::Blob(b) => b.sensitive = false,
        ShapeKind::List(c) => c.length = Default::default(),
        ShapeKind::Map(m) => m.length = Default::default(),
        ShapeKind::Integer(r) | ShapeKind::Long(r) | ShapeKind::Float(r) | ShapeKind::Double(r) => {
            *r = Default::default();
        }
        _ => {}
    }
    format!("{kind:?}")
}

/// The IR of a Smithy model, with what its traits carry.
pub fn smithy_ir(file: &str, text: &str) -> Result<Service, String> {
    read_service(&ModelFiles::model(file, text, ModelFormat::Smithy), None)
        .map_err(|e| e.to_string())
}

/// The IR of a botocore service, with its paginators and endpoint rules.
pub fn botocore_ir(files: ServiceFiles) -> Result<Service, String> {
    Input::from_botocore(files)
        .with_model_files(|model_files| read_service(model_files, None))
        .map_err(|e| e.to_string())
}

struct Args {
    smithy: PathBuf,
    botocore: Option<PathBuf>,
    only: Option<BTreeSet<String>>,
    list: bool,
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let (mut smithy, mut botocore, mut only, mut list) = (None, None, None, false);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("compare-formats: {flag} needs a value")))
        };
        match arg.as_str() {
            "--smithy" => smithy = Some(PathBuf::from(value("--smithy")?)),
            "--botocore" => botocore = Some(PathBuf::from(value("--botocore")?)),
            "--list" => list = true,
            "--only" => {
                let list = value("--only")?;
                only = Some(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                );
            }
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            other => {
                return Err(Failure::Usage(format!(
                    "compare-formats: unexpected argument `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    let smithy = smithy.ok_or_else(|| {
        Failure::Usage(format!(
            "compare-formats: --smithy FILE is required\n\n{HELP}"
        ))
    })?;
    Ok(Args {
        smithy,
        botocore,
        only,
        list,
    })
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let root = crate::workspace_root();
    let (lock, bytes) = fetch_model::release_of(
        &root.join(LOCK_PATH),
        args.botocore.as_deref(),
        Some(&root.join("target/botocore")),
    )
    .map_err(Failure::Failed)?;
    let release = fetch_model::newest_services(&lock, &bytes).map_err(Failure::Failed)?;
    drop(bytes);
    let mut by_id: BTreeMap<String, Service> = BTreeMap::new();
    for files in release {
        // A model botocore reads but awsgen refuses (a protocol still to come) has no pair.
        if let Ok(service) = botocore_ir(files) {
            by_id.insert(service.meta.service_id.clone(), service);
        }
    }

    let models = crate::sweep::smithy_models(&args.smithy)?;
    let mut totals: BTreeMap<Fact, usize> = BTreeMap::new();
    let (mut compared, mut identical, mut unpaired) = (0, 0, Vec::new());
    let mut unexplained = Vec::new();
    let mut listed = Vec::new();
    for (name, path, text) in &models {
        if args.only.as_ref().is_some_and(|only| !only.contains(name)) {
            continue;
        }
        let Ok(smithy) = smithy_ir(path, text) else {
            continue;
        };
        let Some(botocore) = by_id.get(&smithy.meta.service_id) else {
            unpaired.push(name.as_str());
            continue;
        };
        compared += 1;
        let differences = compare(&smithy, botocore);
        if differences.is_empty() {
            identical += 1;
        }
        for difference in differences {
            *totals.entry(difference.fact).or_default() += 1;
            if difference.fact == Fact::Other {
                unexplained.push(format!("{name}: {}", difference.at));
            } else if args.list {
                listed.push(format!("{name}: {}: {}", difference.fact, difference.at));
            }
        }
    }
    println!(
        "# Smithy ({}) against {} {}\n",
        file_name(&args.smithy),
        lock.package,
        lock.version
    );
    println!(
        "{compared} services compared, {identical} with no difference at all; {} Smithy models \
         have no botocore model of their service id that awsgen reads: {}\n",
        unpaired.len(),
        unpaired.join(", ")
    );
    println!("| differing fact | count |\n|---|---:|");
    for (fact, count) in &totals {
        println!("| {fact} | {count} |");
    }
    if !listed.is_empty() {
        println!("\n## Every difference\n");
        for line in &listed {
            println!("- {line}");
        }
    }
    if unexplained.is_empty() {
        Ok(())
    } else {
        println!("\n## Unexplained\n");
        for line in &unexplained {
            println!("- {line}");
        }
        Err(Failure::Failed(format!(
            "{} difference(s) are not explained by a model fact",
            unexplained.len()
        )))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The corpus's model of each service whose botocore model is committed under `model/`
    /// (botocore 1.44.5, some twenty months newer than the corpus) reads the same as that
    /// model wherever the two state the same facts.
    #[test]
    fn the_corpus_reads_as_the_committed_botocore_models_do() {
        let root = crate::workspace_root();
        let corpus = root.join("../shared/models/smithy/aws-api-models-2025-04.tar.gz");
        let models = crate::sweep::smithy_models(&corpus)
            .unwrap_or_else(|_| panic!("{} is readable", corpus.display()));
        let mut committed: BTreeMap<String, Service> = BTreeMap::new();
        for entry in std::fs::read_dir(root.join("model")).expect("model/ is readable") {
            let dir = entry.expect("a directory entry").path();
            let Some(version) = std::fs::read_dir(&dir).ok().and_then(|versions| {
                versions
                    .filter_map(Result::ok)
                    .map(|v| v.path())
                    .find(|v| v.join("service-2.json").is_file())
            }) else {
                continue;
            };
            let read = |name: &str| std::fs::read(version.join(name)).ok();
            let files = ServiceFiles {
                service: dir.file_name().unwrap().to_string_lossy().into_owned(),
                version: version.file_name().unwrap().to_string_lossy().into_owned(),
                model: read("service-2.json").expect("checked above"),
                paginators: read("paginators-1.json"),
                endpoint_rules: read("endpoint-rule-set-1.json"),
            };
            let service = botocore_ir(files).expect("a committed model reads");
            committed.insert(service.meta.service_id.clone(), service);
        }
        let mut compared = Vec::new();
        let mut unexplained = Vec::new();
        for (name, path, text) in &models {
            let Ok(smithy) = smithy_ir(path, text) else {
                continue;
            };
            let Some(botocore) = committed.get(&smithy.meta.service_id) else {
                continue;
            };
            compared.push(name.as_str());
            for difference in compare(&smithy, botocore) {
                if difference.fact == Fact::Other {
                    unexplained.push(format!("{name}: {}", difference.at));
                }
            }
        }
        // The corpus has no EC2 model (AWS's April 2025 set leaves it out).
        let without_corpus_model = ["EC2"];
        let expected = committed
            .keys()
            .filter(|id| !without_corpus_model.contains(&id.as_str()))
            .count();
        assert_eq!(
            compared.len(),
            expected,
            "every committed service but EC2 has a corpus model: {compared:?}"
        );
        assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
    }

    #[test]
    fn layout_of_documentation_is_not_a_difference() {
        let text = |s: &str| Some(s.to_owned());
        assert!(same_docs(
            &text("<p>Creates an app.\n      See <i>the guide</i>.</p>"),
            &text("<p>Creates an app. See <i> the guide</i>. </p>")
        ));
        assert!(!same_docs(
            &text("<p>Creates an app.</p>"),
            &text("<p>Deletes an app.</p>")
        ));
    }
}
