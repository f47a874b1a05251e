//! The INI dialect of `~/.aws/config` and `~/.aws/credentials`, read as botocore reads it:
//! Python's `configparser.RawConfigParser` with its defaults, then botocore's
//! `raw_config_parse`, which turns an indented block under an empty value into a nested map.
//!
//! The rules that matter, all from configparser:
//! - `[name]` starts a section; the name is everything between the first `[` and the last `]`
//!   on the line and is case-sensitive. `[DEFAULT]` is special: its keys appear in every
//!   other section that lacks them.
//! - `key = value` or `key: value`; keys are lower-cased; whitespace around both is dropped.
//! - A line whose first non-blank character is `#` or `;` is a comment; there are no inline
//!   comments (`region = x # y` has the value `x # y`).
//! - A line indented deeper than its key's line continues the value; so do blank lines in
//!   between. Trailing blank lines are dropped.
//! - A repeated section, or a key repeated in one section, is an error.

use std::collections::BTreeMap;

use crate::sigv4::is_python_whitespace;

/// A key's value: text, or the `key = value` lines of an indented block under an empty value,
/// such as `s3 =` followed by `    addressing_style = path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Nested(BTreeMap<String, String>),
}

pub(crate) type Section = BTreeMap<String, Value>;

/// What is wrong with a file, and on which line (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// The sections of a file in the order they first appear, `[DEFAULT]` left out (its keys
/// are copied into the others).
///
/// Error messages name lines and keys but never quote a line: it may hold a secret.
pub(crate) fn parse(text: &str) -> Result<Vec<(String, Section)>, SyntaxError> {
    let mut parser = Parser::default();
    for (index, line) in lines(text).enumerate() {
        parser.line(line).map_err(|message| SyntaxError {
            line: index + 1,
            message,
        })?;
    }
    parser.finish()
}

/// A key and its value's lines (each with its line number), as configparser collects them
/// before joining.
struct Entry {
    key: String,
    lines: Vec<(usize, String)>,
}

#[derive(Default)]
struct RawSection {
    name: String,
    entries: Vec<Entry>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Defaults,
    Section(usize),
}

#[derive(Default)]
struct Parser {
    defaults: RawSection,
    sections: Vec<RawSection>,
    current: Option<Target>,
    /// Whether the current section's last entry can still take continuation lines: not
    /// right after a section header.
    in_value: bool,
    /// The indentation of the last key or header line.
    indent: usize,
    line_number: usize,
}

impl Parser {
    fn line(&mut self, line: &str) -> Result<(), String> {
        self.line_number += 1;
        let line_number = self.line_number;
        let stripped = line.trim_matches(is_python_whitespace);
        if stripped.starts_with(['#', ';']) {
            return Ok(());
        }
        if stripped.is_empty() {
            // A blank line inside a value is part of it, should the value continue.
            if let Some(entry) = self.value_entry() {
                entry.lines.push((line_number, String::new()));
            }
            return Ok(());
        }
        let indent = line
            .chars()
            .position(|c| !is_python_whitespace(c))
            .unwrap_or(0);
        if indent > self.indent {
            if let Some(entry) = self.value_entry() {
                entry.lines.push((line_number, stripped.to_owned()));
                return Ok(());
            }
        }
        self.indent = indent;
        if let Some(name) = section_header(stripped) {
            return self.start_section(name);
        }
        let Some(target) = self.current else {
            return Err("a `key = value` line comes before any `[section]` header".to_owned());
        };
        let (key, value) = split_key_value(stripped)
            .ok_or("expected `key = value`, a `[section]` header or a comment (`#` or `;`)")?;
        let key = key.to_lowercase();
        let section = self.section(target);
        if section.entries.iter().any(|entry| entry.key == key) {
            return Err(format!(
                "`{key}` appears twice in section `{}`",
                section.name
            ));
        }
        section.entries.push(Entry {
            key,
            lines: vec![(line_number, value.to_owned())],
        });
        self.in_value = true;
        Ok(())
    }

    fn start_section(&mut self, name: &str) -> Result<(), String> {
        self.in_value = false;
        if name == "DEFAULT" {
            self.current = Some(Target::Defaults);
            return Ok(());
        }
        if self.sections.iter().any(|section| section.name == name) {
            return Err(format!("section `[{name}]` appears twice"));
        }
        self.sections.push(RawSection {
            name: name.to_owned(),
            entries: Vec::new(),
        });
        self.current = Some(Target::Section(self.sections.len() - 1));
        Ok(())
    }

    fn section(&mut self, target: Target) -> &mut RawSection {
        match target {
            Target::Defaults => &mut self.defaults,
            Target::Section(index) => &mut self.sections[index],
        }
    }

    /// The entry a continuation line would extend.
    fn value_entry(&mut self) -> Option<&mut Entry> {
        let target = self.current.filter(|_| self.in_value)?;
        self.section(target).entries.last_mut()
    }

    fn finish(self) -> Result<Vec<(String, Section)>, SyntaxError> {
        let defaults = finish_section(self.defaults)?;
        self.sections
            .into_iter()
            .map(|raw| {
                let name = raw.name.clone();
                let mut section = defaults.clone();
                section.extend(finish_section(raw)?);
                Ok((name, section))
            })
            .collect()
    }
}

/// Joins each value's lines and parses indented blocks into nested maps.
fn finish_section(raw: RawSection) -> Result<Section, SyntaxError> {
    raw.entries
        .into_iter()
        .map(|entry| {
            let joined = entry
                .lines
                .iter()
                .map(|(_, line)| line.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let joined = joined.trim_end_matches(is_python_whitespace);
            let value = if joined.starts_with('\n') {
                Value::Nested(parse_nested(&entry.lines).map_err(|line| SyntaxError {
                    line,
                    message: format!(
                        "a line of the block under `{}` is not `key = value`",
                        entry.key
                    ),
                })?)
            } else {
                Value::Text(joined.to_owned())
            };
            Ok((entry.key, value))
        })
        .collect()
}

/// botocore's `_parse_nested`, which splits the joined value with `str.splitlines`; on error,
/// the number of the bad line. Nested keys keep their case.
fn parse_nested(lines: &[(usize, String)]) -> Result<BTreeMap<String, String>, usize> {
    let mut nested = BTreeMap::new();
    for (number, line) in lines {
        for part in line.split(is_python_line_break) {
            let part = part.trim_matches(is_python_whitespace);
            if part.is_empty() {
                continue;
            }
            let (key, value) = part.split_once('=').ok_or(*number)?;
            nested.insert(
                key.trim_matches(is_python_whitespace).to_owned(),
                value.trim_matches(is_python_whitespace).to_owned(),
            );
        }
    }
    Ok(nested)
}

/// The name in a `[name]` line: from the first `[` to the last `]`, at least one character.
fn section_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let close = inner.rfind(']')?;
    (close > 0).then(|| &inner[..close])
}

/// Splits at the first `=` or `:`; the key must not be empty.
fn split_key_value(line: &str) -> Option<(&str, &str)> {
    let at = line.find(['=', ':'])?;
    let key = line[..at].trim_end_matches(is_python_whitespace);
    let value = line[at + 1..].trim_matches(is_python_whitespace);
    (!key.is_empty()).then_some((key, value))
}

/// Lines as Python's text mode reads them: `\r\n`, `\r` and `\n` all end a line.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        let after = &rest[end..];
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix(['\r', '\n']))
            .unwrap_or(after);
        Some(line)
    })
}

/// What Python's `str.splitlines` splits on.
fn is_python_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Value {
        Value::Text(value.to_owned())
    }

    fn section<'a>(sections: &'a [(String, Section)], name: &str) -> &'a Section {
        &sections
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no section {name}"))
            .1
    }

    #[test]
    fn keys_values_and_sections() {
        let sections =
            parse("[default]\nregion = us-east-1\nOutput: json\n\n[profile dev]\nk=v\n").unwrap();
        let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["default", "profile dev"]);
        let default = section(&sections, "default");
        assert_eq!(default["region"], text("us-east-1"));
        assert_eq!(default["output"], text("json"));
        assert_eq!(section(&sections, "profile dev")["k"], text("v"));
    }

    #[test]
    fn comments_are_whole_lines_only() {
        let sections = parse("# top\n[a]\n  ; indented\nx = 1 # kept\ny = 2 ; kept too\n").unwrap();
        let a = section(&sections, "a");
        assert_eq!(a["x"], text("1 # kept"));
        assert_eq!(a["y"], text("2 ; kept too"));
    }

    #[test]
    fn indented_lines_continue_a_value_and_blank_lines_inside_count() {
        let sections = parse("[a]\nk = one\n  two\n\n  three\n\nnext = x\n").unwrap();
        let a = section(&sections, "a");
        assert_eq!(a["k"], text("one\ntwo\n\nthree"));
        assert_eq!(a["next"], text("x"));
    }

    #[test]
    fn an_indented_block_under_an_empty_value_is_nested() {
        let sections =
            parse("[a]\ns3 =\n  Addressing_Style = path\n\n  x = a = b\nregion = r\n").unwrap();
        let a = section(&sections, "a");
        let nested = BTreeMap::from([
            ("Addressing_Style".to_owned(), "path".to_owned()),
            ("x".to_owned(), "a = b".to_owned()),
        ]);
        assert_eq!(a["s3"], Value::Nested(nested));
        assert_eq!(a["region"], text("r"));
    }

    #[test]
    fn default_section_fills_in_missing_keys() {
        let sections =
            parse("[DEFAULT]\nregion = base\nshared = yes\n[one]\nregion = own\n[two]\n").unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(section(&sections, "one")["region"], text("own"));
        assert_eq!(section(&sections, "one")["shared"], text("yes"));
        assert_eq!(section(&sections, "two")["region"], text("base"));
    }

    #[test]
    fn all_line_endings_end_lines() {
        let sections = parse("[a]\r\nx = 1\ry = 2\nz = 3").unwrap();
        let a = section(&sections, "a");
        assert_eq!(
            (&a["x"], &a["y"], &a["z"]),
            (&text("1"), &text("2"), &text("3"))
        );
    }

    #[test]
    fn header_runs_to_the_last_bracket() {
        let sections = parse("[a] trailing\n[b]]\n").unwrap();
        let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "b]"]);
    }

    #[test]
    fn errors_name_the_line_but_not_its_content() {
        let secret = "wJalrXUtnFEMI/K7MDENG";
        let cases = [
            ("region = x\n", 1, "before any `[section]`"),
            (
                &*format!("[a]\n\naws_secret_access_key {secret}\n"),
                3,
                "expected `key = value`",
            ),
            ("[a]\nx = 1\n[a]\n", 3, "section `[a]` appears twice"),
            (
                "[a]\nRegion = 1\nregion = 2\n",
                3,
                "`region` appears twice in section `a`",
            ),
            ("[a]\n= value\n", 2, "expected `key = value`"),
            ("[a]\nx = 1\n[]\n", 3, "expected `key = value`"),
            ("[a]\ns3 =\n  fine = 1\n  broken\n", 4, "block under `s3`"),
        ];
        for (input, line, message) in cases {
            let error = parse(input).unwrap_err();
            assert_eq!(error.line, line, "{input:?}");
            assert!(
                error.message.contains(message),
                "{input:?}: {}",
                error.message
            );
            assert!(!error.message.contains(secret));
        }
    }

    #[test]
    fn empty_and_comment_only_files_have_no_sections() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("# a\n\n; b\n").unwrap().is_empty());
    }
}
