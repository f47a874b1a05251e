//! The Smithy JSON AST of Amplify and botocore's `service-2.json` of Amplify give the same
//! client, file for file, byte for byte, once the facts in which the two models really
//! differ are brought together.
//!
//! The Smithy file (`shared/models/smithy/amplify-2017-07-25.json`, beside the checkout) is
//! an earlier revision of the API than botocore 1.44.5's, and the two were published through
//! different tool chains. Each difference is listed in [`DIFFERENCES`] with the fact behind
//! it and a normalization of just that fact; a difference that disappears fails the test, so
//! the list only shrinks. Differences that do not reach generated code are not listed: the
//! Smithy file anchors patterns that every (non-empty) value matches anyway (`^(?s).+$` for
//! botocore's `(?s).+`), writes `min: 0` where botocore leaves the minimum out, and calls
//! `DependentServiceFailureException` a server fault (botocore: a client one); generated
//! code checks only minimums above zero and patterns that can fail, and does not use faults.

use std::path::PathBuf;

use awsgen_codegen::ir::pattern::Pattern;
use awsgen_codegen::ir::{Service, ShapeKind};
use awsgen_codegen::{CrateOptions, GeneratedCrate, ModelFiles, ModelFormat, Source, emit};
use awsgen_tests::root;

const SMITHY_MODEL: &str = "shared/models/smithy/amplify-2017-07-25.json";
const BOTOCORE_MODEL: &str = "model/amplify/2017-07-25/service-2.json";
const BOTOCORE_RULES: &str = "model/amplify/2017-07-25/endpoint-rule-set-1.json";
const BOTOCORE_PAGINATORS: &str = "model/amplify/2017-07-25/paginators-1.json";

/// A fact in which the two models differ, and how the test brings them together on it.
struct Difference {
    why: &'static str,
    /// Normalizes the fact in both services; false when the fact is not there (any more).
    normalize: fn(smithy: &mut Service, botocore: &mut Service) -> bool,
}

const DIFFERENCES: &[Difference] = &[
    Difference {
        why: "The Smithy AST lists an operation's errors sorted by shape id; botocore keeps the \
              service team's order, which is the order of each error enum's variants \
              (src/operation/*.rs).",
        normalize: sort_operation_errors,
    },
    Difference {
        why: "botocore 1.44.5 has `jobConfig` (on App, CreateApp and UpdateApp) with the shapes \
              JobConfig and BuildComputeType, which Amplify added after the Smithy file's \
              revision (src/types/{app,job_config,build_compute_type,mod}.rs, \
              src/operation/{create_app,update_app}.rs).",
        normalize: drop_job_config,
    },
    Difference {
        why: "botocore's documentation has a space after `<i>` and before `</a>` where the \
              Smithy documentation has none (`<i> Amplify User Guide</i>`), which shows in the \
              Markdown as `* Amplify User Guide*` (15 documentation texts across types and \
              operations).",
        normalize: trim_spaces_inside_tags,
    },
    Difference {
        why: "Which cache configuration is the default changed between the revisions: the \
              documentation of CacheConfig.type says AMPLIFY_MANAGED in the Smithy file and \
              AMPLIFY_MANAGED_NO_COOKIES in botocore 1.44.5 (src/types/cache_config.rs).",
        normalize: drop_cache_config_type_docs,
    },
    Difference {
        why: "The Smithy revision allows 255 characters in AccessToken and 1000 in OauthToken; \
              botocore 1.44.5 allows 4096 in both, which strict validation checks \
              (src/operation/{create,update}_app.rs).",
        normalize: take_botocore_token_lengths,
    },
    Difference {
        why: "botocore spells some patterns differently: without the `^` or `$` the Smithy file \
              anchors them with (`d[a-z0-9]+` for `^d[a-z0-9]+$`, `\\d*` for `^\\d*$`), or \
              with a final `.*` the Smithy file leaves out (`^arn:aws:amplify:.*`); strict \
              validation checks each as written and quotes it in its messages \
              (src/patterns.rs, and the TTL checks in src/operation/{create,update}_branch.rs).",
        normalize: take_botocore_pattern_spelling,
    },
];

fn string_shape<'a>(
    service: &'a mut Service,
    name: &str,
) -> &'a mut awsgen_codegen::ir::StringShape {
    match &mut service.shapes.get_mut(name).unwrap().kind {
        ShapeKind::String(string) => string,
        other => panic!("{name} is not a string: {other:?}"),
    }
}

fn take_botocore_token_lengths(smithy: &mut Service, botocore: &mut Service) -> bool {
    let mut differed = false;
    for name in ["AccessToken", "OauthToken"] {
        let max = string_shape(botocore, name).length.max;
        let smithy_length = &mut string_shape(smithy, name).length;
        differed |= smithy_length.max != max;
        smithy_length.max = max;
    }
    differed
}

fn take_botocore_pattern_spelling(smithy: &mut Service, botocore: &mut Service) -> bool {
    let mut respelled = false;
    for (name, shape) in smithy.shapes.iter_mut() {
        let (ShapeKind::String(string), Some(ShapeKind::String(botocore_string))) = (
            &mut shape.kind,
            botocore.shapes.get(name).map(|shape| &shape.kind),
        ) else {
            continue;
        };
        let (Some(pattern), Some(botocore_pattern)) = (&string.pattern, &botocore_string.pattern)
        else {
            continue;
        };
        // botocore drops the leading `^`, the final `$`, or both, or adds a final `.*`.
        let source = pattern.source.as_str();
        let unstarted = source.strip_prefix('^');
        let unended = source.strip_suffix('$');
        let bare = unstarted.and_then(|s| s.strip_suffix('$'));
        let open_ended = format!("{source}.*");
        let matching = [unstarted, unended, bare, Some(open_ended.as_str())]
            .into_iter()
            .flatten()
            .find(|candidate| *candidate == botocore_pattern.source)
            .map(str::to_owned);
        if let Some(candidate) = matching {
            respelled = true;
            string.pattern = Some(Pattern::parse(&candidate));
        }
    }
    respelled
}

#[test]
fn smithy_and_botocore_models_generate_the_same_amplify_crate() {
    let Some((smithy_path, smithy_text)) = smithy_model() else {
        return;
    };
    let botocore_text = std::fs::read_to_string(root().join(BOTOCORE_MODEL)).unwrap();
    let mut smithy =
        awsgen_codegen::smithy_service(&smithy_path.display().to_string(), &smithy_text, None)
            .unwrap();
    // botocore keeps the rules and paginators beside the model; the Smithy model carries
    // them as traits.
    let rules_text = std::fs::read_to_string(root().join(BOTOCORE_RULES)).unwrap();
    let paginators_text = std::fs::read_to_string(root().join(BOTOCORE_PAGINATORS)).unwrap();
    let files = ModelFiles {
        endpoint_rules: Some(Source {
            file: BOTOCORE_RULES,
            text: &rules_text,
        }),
        paginators: Some(Source {
            file: BOTOCORE_PAGINATORS,
            text: &paginators_text,
        }),
        ..ModelFiles::model(BOTOCORE_MODEL, &botocore_text, ModelFormat::Botocore)
    };
    let mut botocore = awsgen_codegen::read_service(&files, None).unwrap();
    // Each generated file's header names where it comes from; like the crate options below,
    // that is the same for both.
    for service in [&mut smithy, &mut botocore] {
        service.endpoint.source = "the Amplify endpoint rules".to_owned();
    }

    for difference in DIFFERENCES {
        assert!(
            (difference.normalize)(&mut smithy, &mut botocore),
            "this difference no longer exists; remove it from the list: {}",
            difference.why
        );
    }
    let options = CrateOptions {
        crate_name: "awsgen-amplify".to_owned(),
        version: "0.1.0".to_owned(),
        runtime_dependency: "\"0.1\"".to_owned(),
        model_source: "the Amplify model".to_owned(),
    };
    let from_smithy = emit::generate_crate(&smithy, &options);
    let from_botocore = emit::generate_crate(&botocore, &options);

    assert_eq!(
        from_smithy.files.keys().collect::<Vec<_>>(),
        from_botocore.files.keys().collect::<Vec<_>>(),
        "the two crates have different files"
    );
    assert!(from_smithy.files.len() > 70, "all of Amplify is compared");
    let differing: Vec<String> = from_smithy
        .files
        .iter()
        .filter(|(path, text)| from_botocore.files[*path] != **text)
        .map(|(path, text)| first_difference(path, text, &from_botocore))
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between the Smithy and the botocore crate:\n{}",
        differing.join("\n")
    );
}

/// The Smithy model sits beside the checkout, in `shared/`. A worktree may sit deeper, so
/// the search goes on up from the workspace root's parent.
fn smithy_model() -> Option<(PathBuf, String)> {
    let found = root()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(SMITHY_MODEL))
        .find(|path| path.is_file());
    match found {
        Some(path) => {
            let text = std::fs::read_to_string(&path).unwrap();
            Some((path, text))
        }
        None if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("../{SMITHY_MODEL} is missing, and CI must compare the Smithy reader")
        }
        None => {
            eprintln!("skipped: ../{SMITHY_MODEL} is not beside the workspace");
            None
        }
    }
}

fn first_difference(path: &str, smithy: &str, botocore: &GeneratedCrate) -> String {
    let botocore = &botocore.files[path];
    let line = smithy
        .lines()
        .zip(botocore.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| smithy.lines().count().min(botocore.lines().count()));
    format!(
        "  {path}, line {}:\n    smithy:   {}\n    botocore: {}",
        line + 1,
        smithy.lines().nth(line).unwrap_or("(end)"),
        botocore.lines().nth(line).unwrap_or("(end)"),
    )
}

fn sort_operation_errors(smithy: &mut Service, botocore: &mut Service) -> bool {
    let differed = smithy
        .operations
        .iter()
        .zip(&botocore.operations)
        .any(|(s, b)| s.errors != b.errors);
    for op in smithy.operations.iter_mut().chain(&mut botocore.operations) {
        op.errors.sort();
    }
    differed
}

fn drop_job_config(smithy: &mut Service, botocore: &mut Service) -> bool {
    let mut found = true;
    for shape in ["App", "CreateAppInput", "UpdateAppInput"] {
        found &=
            !has_member(smithy, shape, "jobConfig") && has_member(botocore, shape, "jobConfig");
        if let ShapeKind::Structure(structure) = &mut botocore.shapes.get_mut(shape).unwrap().kind {
            structure
                .members
                .retain(|member| member.name != "jobConfig");
        }
    }
    for shape in ["JobConfig", "BuildComputeType"] {
        found &= !smithy.shapes.contains_key(shape) && botocore.shapes.remove(shape).is_some();
    }
    found
}

fn has_member(service: &Service, shape: &str, member: &str) -> bool {
    service
        .structure(shape)
        .members
        .iter()
        .any(|m| m.name == member)
}

fn trim_spaces_inside_tags(smithy: &mut Service, botocore: &mut Service) -> bool {
    let mut changed = 0;
    for service in [smithy, botocore] {
        for_each_doc(service, |doc| {
            let trimmed = doc.replace("<i> ", "<i>").replace(" </a>", "</a>");
            if trimmed != *doc {
                changed += 1;
                *doc = trimmed;
            }
        });
    }
    changed > 0
}

fn drop_cache_config_type_docs(smithy: &mut Service, botocore: &mut Service) -> bool {
    let mut docs = Vec::new();
    for service in [smithy, botocore] {
        if let ShapeKind::Structure(structure) =
            &mut service.shapes.get_mut("CacheConfig").unwrap().kind
        {
            let member = structure
                .members
                .iter_mut()
                .find(|m| m.name == "type")
                .unwrap();
            docs.push(member.docs.take());
        }
    }
    matches!(docs.as_slice(), [Some(a), Some(b)] if a != b)
}

/// Every documentation text in the service: its own, its operations', shapes' and members'.
fn for_each_doc(service: &mut Service, mut f: impl FnMut(&mut String)) {
    let shape_docs = service.shapes.values_mut().flat_map(|shape| {
        let members: Vec<&mut Option<String>> = match &mut shape.kind {
            ShapeKind::Structure(structure) => {
                structure.members.iter_mut().map(|m| &mut m.docs).collect()
            }
            _ => Vec::new(),
        };
        std::iter::once(&mut shape.docs).chain(members)
    });
    let docs = std::iter::once(&mut service.docs)
        .chain(service.operations.iter_mut().map(|op| &mut op.docs))
        .chain(shape_docs);
    for doc in docs.flatten() {
        f(doc);
    }
}
