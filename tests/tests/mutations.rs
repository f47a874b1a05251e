//! No model, however broken, makes the generator panic.
//!
//! Amplify's botocore model and its Smithy JSON AST are mutated at random — a value of
//! another type, a key removed, a shape's type changed, a reference pointed at another shape
//! (an input at an error, a structure at itself), a name replaced by one that Rust or the
//! generator finds awkward — and each mutant goes through the whole generator. Every mutant
//! must either be refused with an error or give a crate; a panic fails the test with the seed
//! and the mutation that caused it. What a generated crate may not contain is checked too:
//! characters that reorder text, which rustc refuses even in comments.
//!
//! The test runs a short deterministic slice. A longer run is the same test with more
//! cases, in release for speed:
//!
//! ```sh
//! AWSGEN_MUTATIONS=20000 cargo test --release -p awsgen-tests --test mutations
//! ```
//!
//! (`AWSGEN_MUTATION_SEED` picks another sequence.)

use std::panic::{self, AssertUnwindSafe};

use awsgen_codegen::{CrateOptions, ModelFiles, ModelFormat, Options, generate};
use awsgen_tests::root;
use serde_json::{Map, Value};

/// Cases the test runs when `AWSGEN_MUTATIONS` does not say.
const SLICE: u64 = 160;

/// Names a generator has to escape or refuse: empty, keywords (strict, reserved, and those
/// that cannot be raw), what generated code itself uses, digits first, non-ASCII, control
/// and bidirectional-override characters, and one far too long.
const AWKWARD_NAMES: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "r#type",
    "fn",
    "try",
    "_",
    "__",
    "1st",
    "Result",
    "Option",
    "Box",
    "String",
    "Error",
    "Client",
    "Vec",
    "Ok",
    "Some",
    "None",
    "Unknown",
    "Builder",
    "mod",
    "std",
    "core",
    "é",
    "日本",
    "a b",
    "a-b",
    "a.b",
    "a\u{202E}b",
    "a\u{2066}b",
    "a\nb",
    "a\"b",
    "*/ x /*",
    "a\u{0}b",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ",
];

/// Characters rustc refuses anywhere in source, comments included
/// (`text_direction_codepoint_in_comment` and `…_in_literal` deny them).
const REORDERING: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// splitmix64: a small, fixed, well-spread sequence, so that a seed names a case forever.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A path to a value inside a JSON document: object keys and array indexes.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path in `value` (the root's empty path first), and whether a string is there.
fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, bool)>) {
    out.push((here.clone(), value.is_string()));
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                here.push(Step::Index(index));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

fn describe(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|step| match step {
            Step::Key(key) => key.clone(),
            Step::Index(index) => index.to_string(),
        })
        .collect();
    parts.join(".")
}

/// One random change to `model`, described for the failure message.
fn mutate(model: &mut Value, format: ModelFormat, random: &mut Random) -> String {
    let shapes_key = "shapes";
    let shape_names: Vec<String> = model[shapes_key]
        .as_object()
        .map(|shapes| shapes.keys().cloned().collect())
        .unwrap_or_default();
    let shape_types: &[&str] = match format {
        ModelFormat::Botocore => &[
            "structure",
            "string",
            "list",
            "map",
            "integer",
            "blob",
            "timestamp",
            "boolean",
            "union",
            "nonsense",
        ],
        ModelFormat::Smithy => &[
            "structure",
            "string",
            "list",
            "map",
            "integer",
            "blob",
            "timestamp",
            "boolean",
            "union",
            "enum",
            "intEnum",
            "operation",
            "service",
            "document",
            "bigDecimal",
        ],
    };
    let mut found = Vec::new();
    paths(model, &mut Vec::new(), &mut found);
    let strings: Vec<&Vec<Step>> = found
        .iter()
        .filter(|(_, is_string)| *is_string)
        .map(|(path, _)| path)
        .collect();
    let all: Vec<&Vec<Step>> = found.iter().map(|(path, _)| path).collect();
    if shape_names.is_empty() || strings.is_empty() || all.len() < 2 {
        return "nothing left to change".to_owned();
    }
    let path = (*random.pick(&all[1..])).clone();
    let where_ = describe(&path);
    match random.below(8) {
        // A value of another type.
        0 => {
            let replacement = random
                .pick(&[
                    Value::Null,
                    Value::Bool(true),
                    Value::from(-1),
                    Value::from(1e300),
                    Value::from(""),
                    Value::Array(Vec::new()),
                    Value::Object(Map::new()),
                ])
                .clone();
            let description = format!("{where_} = {replacement}");
            *at(model, &path) = replacement;
            description
        }
        // A key removed.
        1 => {
            let (parent, last) = path.split_at(path.len() - 1);
            match (&last[0], at(model, parent)) {
                (Step::Key(key), Value::Object(map)) => {
                    map.remove(key);
                }
                (Step::Index(index), Value::Array(items)) => {
                    items.remove(*index);
                }
                _ => {}
            }
            format!("{where_} removed")
        }
        // A shape of another type.
        2 => {
            let name = random.pick(&shape_names).clone();
            let kind = *random.pick(shape_types);
            match model[shapes_key][&name].as_object_mut() {
                Some(shape) => {
                    shape.insert("type".to_owned(), Value::from(kind));
                    format!("shapes.{name}.type = {kind}")
                }
                None => "nothing".to_owned(),
            }
        }
        // A reference (any string that names a shape) pointed at another shape.
        3 => {
            let references: Vec<&Vec<Step>> = all
                .iter()
                .copied()
                .filter(|path| {
                    matches!(path.last(), Some(Step::Key(key)) if key == "shape" || key == "target")
                })
                .collect();
            if references.is_empty() {
                return "no reference left".to_owned();
            }
            let path = (*random.pick(&references)).clone();
            let target = random.pick(&shape_names).clone();
            let description = format!("{} = {target}", describe(&path));
            *at(model, &path) = Value::from(target);
            description
        }
        // A member or shape renamed awkwardly.
        4 => {
            let renamable: Vec<&Vec<Step>> = all
                .iter()
                .copied()
                .filter(|path| {
                    path.len() >= 2
                        && matches!(&path[path.len() - 2], Step::Key(key)
                            if key == "members" || key == "shapes" || key == "operations")
                })
                .collect();
            if renamable.is_empty() {
                return "nothing left to rename".to_owned();
            }
            let path = (*random.pick(&renamable)).clone();
            let name = *random.pick(AWKWARD_NAMES);
            let (parent, last) = path.split_at(path.len() - 1);
            if let (Step::Key(old), Value::Object(map)) = (&last[0], at(model, parent)) {
                if let Some(value) = map.remove(old) {
                    map.insert(name.to_owned(), value);
                }
            }
            format!("{where_} renamed {name:?}", where_ = describe(&path))
        }
        // A string replaced by an awkward one (documentation, a location name, a URI…).
        5 => {
            let path = (*random.pick(&strings)).clone();
            let text = *random.pick(AWKWARD_NAMES);
            *at(model, &path) = Value::from(text);
            format!("{} = {text:?}", describe(&path))
        }
        // A shape renamed awkwardly, with every reference to it.
        6 => {
            let old = random.pick(&shape_names).clone();
            let name = random.pick(AWKWARD_NAMES).to_string();
            let name = match format {
                ModelFormat::Botocore => name,
                ModelFormat::Smithy => match old.split_once('#') {
                    Some((namespace, _)) => format!("{namespace}#{name}"),
                    None => name,
                },
            };
            rename_everywhere(model, &old, &name);
            format!("shape {old} renamed {name:?} everywhere")
        }
        // Two changes at once.
        _ => {
            let first = mutate(model, format, random);
            let second = mutate(model, format, random);
            format!("{first}; {second}")
        }
    }
}

/// Renames the shape `old` to `new`: its key under `shapes` and every string equal to
/// `old` (the references to it).
fn rename_everywhere(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::String(text) if text == old => *text = new.to_owned(),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_everywhere(item, old, new)),
        Value::Object(map) => {
            if let Some(shape) = map.remove(old) {
                map.insert(new.to_owned(), shape);
            }
            map.values_mut()
                .for_each(|item| rename_everywhere(item, old, new));
        }
        _ => {}
    }
}

struct Subject {
    file: &'static str,
    format: ModelFormat,
    model: Value,
}

fn subjects() -> Vec<Subject> {
    let read = |relative: &str| {
        let path = root().join(relative);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str::<Value>(&text).expect("the fixture is JSON")
    };
    vec![
        Subject {
            file: "service-2.json",
            format: ModelFormat::Botocore,
            model: read("model/amplify/2017-07-25/service-2.json"),
        },
        Subject {
            file: "amplify.json",
            format: ModelFormat::Smithy,
            model: read("../shared/models/smithy/amplify-2017-07-25.json"),
        },
    ]
}

fn options() -> Options {
    Options {
        crate_options: CrateOptions {
            crate_name: "awsgen-mutant".to_owned(),
            version: "0.0.0".to_owned(),
            runtime_dependency: "\"0.1\"".to_owned(),
            model_source: "a mutant".to_owned(),
        },
        operations: None,
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} is not a number: {text}")),
        Err(_) => default,
    }
}

#[test]
fn no_mutant_makes_the_generator_panic() {
    let cases = env_number("AWSGEN_MUTATIONS", SLICE);
    let seed = env_number("AWSGEN_MUTATION_SEED", 0);
    let subjects = subjects();
    let options = options();

    // A panic is caught and reported below; the default hook would print each one.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let (mut refused, mut generated) = (0, 0);
    for case in 0..cases {
        let mut random = Random(seed.wrapping_mul(1_000_003).wrapping_add(case));
        let subject = &subjects[(case % subjects.len() as u64) as usize];
        let mut model = subject.model.clone();
        let mutation = mutate(&mut model, subject.format, &mut random);
        let text = model.to_string();
        let files = ModelFiles::model(subject.file, &text, subject.format);
        match panic::catch_unwind(AssertUnwindSafe(|| generate(&files, &options))) {
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!(
                    "case {case} ({}): {mutation}: panicked: {message}",
                    subject.file
                ));
            }
            Ok(Err(_)) => refused += 1,
            Ok(Ok(crate_files)) => {
                generated += 1;
                for (path, text) in &crate_files.files {
                    if text.contains(REORDERING) {
                        failures.push(format!(
                            "case {case} ({}): {mutation}: {path} holds a character that \
                             reorders text",
                            subject.file
                        ));
                    }
                }
            }
        }
    }
    panic::set_hook(hook);
    assert!(
        failures.is_empty(),
        "{} of {cases} mutants failed ({refused} refused, {generated} generated):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The mutations must reach both outcomes, or the test proves little.
    assert!(
        refused > 0 && generated > 0,
        "{refused} refused, {generated} generated"
    );
}
