//! Profiles in the two shared files, named as botocore names them
//! (`configloader.build_profile_map` and `Session.full_config`):
//!
//! - in the config file, `[default]` and `[profile NAME]` are profiles; the name is the
//!   second of exactly two shell-style words, so `[profile "my team"]` names `my team`, and
//!   other sections (`[sso-session …]`, `[services …]`, `[preview]`) are not profiles;
//! - in the credentials file, every section is a profile, named exactly as written
//!   (`[profile dev]` there is a profile called `profile dev`);
//! - a profile's settings are its config-file keys, overridden key by key by its
//!   credentials-file keys.

use std::collections::BTreeMap;

use super::ini::Section;

pub(crate) type Profiles = BTreeMap<String, Section>;

/// The profiles of a config file. A later section naming the same profile replaces an
/// earlier one (`[default]` then `[profile default]`).
pub(crate) fn config_profiles(sections: &[(String, Section)]) -> Profiles {
    sections
        .iter()
        .filter_map(|(name, section)| Some((profile_name(name)?, section.clone())))
        .collect()
}

/// The `[services NAME]` sections of a config file, by name: each a block per service of
/// the endpoint settings a profile's `services = NAME` picks.
pub(crate) fn services_sections(sections: &[(String, Section)]) -> BTreeMap<String, Section> {
    sections
        .iter()
        .filter(|(name, _)| name.starts_with("services"))
        .filter_map(|(name, section)| Some((second_word(name)?, section.clone())))
        .collect()
}

/// The credentials file's sections as profiles.
pub(crate) fn credentials_profiles(sections: &[(String, Section)]) -> Profiles {
    sections.iter().cloned().collect()
}

/// Every profile with its settings: config-file keys, then credentials-file keys on top.
pub(crate) fn merged(config: &Profiles, credentials: &Profiles) -> Profiles {
    let mut merged = config.clone();
    for (name, keys) in credentials {
        merged
            .entry(name.clone())
            .or_default()
            .extend(keys.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    merged
}

/// The profile a config-file section defines, if any.
fn profile_name(section: &str) -> Option<String> {
    if section.starts_with("profile") {
        second_word(section)
    } else {
        (section == "default").then(|| section.to_owned())
    }
}

/// The name a `[KIND NAME]` section gives (botocore's `_parse_section`): the second of
/// exactly two shell-style words.
fn second_word(section: &str) -> Option<String> {
    match shell_words(section)?.as_mut_slice() {
        [_, name] => Some(std::mem::take(name)),
        _ => None,
    }
}

/// Python's `shlex.split`: words separated by blanks, `'…'` taken literally, `"…"` with `\`
/// escaping only `\` and `"`, and `\` escaping any character outside quotes. An unclosed
/// quote or a trailing `\` gives `None`, as `shlex.split` raises.
fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => words.extend(word.take()),
            '\'' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => current.push(other),
                    }
                }
            }
            '"' => {
                let current = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            escaped @ ('\\' | '"') => current.push(escaped),
                            other => {
                                current.push('\\');
                                current.push(other);
                            }
                        },
                        other => current.push(other),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next()?),
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::ini::Value;

    fn section(pairs: &[(&str, &str)]) -> Section {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
            .collect()
    }

    #[test]
    fn profile_names_of_config_sections() {
        let cases = [
            ("default", Some("default")),
            ("profile dev", Some("dev")),
            ("profile   spaced", Some("spaced")),
            ("profile \"my team\"", Some("my team")),
            ("profile 'it''s'", Some("its")),
            ("profile a\\ b", Some("a b")),
            ("profilex named", Some("named")),
            ("profile", None),
            ("profiles", None),
            ("profile a b", None),
            ("profile \"unclosed", None),
            ("Default", None),
            ("sso-session corp", None),
            ("preview", None),
        ];
        for (section, expected) in cases {
            assert_eq!(profile_name(section).as_deref(), expected, "{section}");
        }
    }

    #[test]
    fn shell_words_follow_shlex() {
        let words = |text| shell_words(text).unwrap();
        assert_eq!(
            words(r#"a "b \"c\" \d" 'e\f'"#),
            ["a", r#"b "c" \d"#, r"e\f"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("''"), [""]);
        assert_eq!(shell_words("trailing\\"), None);
    }

    #[test]
    fn a_later_section_for_the_same_profile_replaces_the_earlier() {
        let sections = vec![
            ("default".to_owned(), section(&[("a", "1")])),
            ("profile default".to_owned(), section(&[("c", "3")])),
        ];
        let profiles = config_profiles(&sections);
        assert_eq!(profiles["default"], section(&[("c", "3")]));
    }

    #[test]
    fn credentials_keys_override_config_keys_one_by_one() {
        let config = Profiles::from([(
            "dev".to_owned(),
            section(&[("region", "eu-west-1"), ("output", "json")]),
        )]);
        let credentials = Profiles::from([
            ("dev".to_owned(), section(&[("region", "me-south-1")])),
            ("ci".to_owned(), section(&[("region", "us-east-2")])),
        ]);
        let merged = merged(&config, &credentials);
        assert_eq!(
            merged["dev"],
            section(&[("region", "me-south-1"), ("output", "json")])
        );
        assert_eq!(merged["ci"], section(&[("region", "us-east-2")]));
    }
}
