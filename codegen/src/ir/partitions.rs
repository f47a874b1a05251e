//! botocore's partition table, ready to emit: each `regionRegex` compiled into the few
//! pieces the runtime's matcher knows, so the runtime carries no regex engine.

use crate::error::Error;
use crate::reader::partitions::Partitions;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// The partition's id, which `aws.partition` returns as `name`.
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub implicit_global_region: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The listed regions that `region_pattern` does not match (such as `aws-global`): a
    /// region is the partition's if it is listed or matches, so the others add nothing.
    pub regions: Vec<String>,
    pub region_pattern: Vec<Piece>,
}

/// The runtime's `Piece`, one element of an anchored region pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Literal(String),
    OneOf(Vec<String>),
    /// `\w+`
    Word,
    /// `\d+`
    Digits,
}

/// Compiles the table; a region pattern the runtime cannot match is refused with its path.
pub fn from_partitions(file: &str, table: &Partitions) -> Result<Vec<Partition>, Error> {
    table
        .partitions
        .iter()
        .enumerate()
        .map(|(index, partition)| {
            let region_pattern = compile_region_regex(&partition.region_regex).map_err(|why| {
                Error::Unsupported {
                    file: file.to_owned(),
                    subject: format!("partitions[{index}].regionRegex"),
                    what: format!("the pattern `{}` ({why})", partition.region_regex),
                }
            })?;
            let outputs = &partition.outputs;
            Ok(Partition {
                name: partition.id.clone(),
                dns_suffix: outputs.dns_suffix.clone(),
                dual_stack_dns_suffix: outputs.dual_stack_dns_suffix.clone(),
                implicit_global_region: outputs.implicit_global_region.clone(),
                supports_fips: outputs.supports_fips,
                supports_dual_stack: outputs.supports_dual_stack,
                regions: partition
                    .regions
                    .keys()
                    .filter(|region| !matches(&region_pattern, region))
                    .cloned()
                    .collect(),
                region_pattern,
            })
        })
        .collect()
}

/// Compiles `^…$` made of literal characters (`\`-escaped punctuation included), groups of
/// literal alternatives `(a|b)`, `\w+` and `\d+`: the forms partitions.json uses.
fn compile_region_regex(regex: &str) -> Result<Vec<Piece>, String> {
    let body = regex
        .strip_prefix('^')
        .and_then(|rest| rest.strip_suffix('$'))
        .ok_or("it must be anchored with `^` and `$`")?;
    let mut pieces = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(class @ ('w' | 'd')) => {
                    if chars.next() != Some('+') {
                        return Err(format!("`\\{class}` must be followed by `+`"));
                    }
                    pieces.push(if class == 'w' {
                        Piece::Word
                    } else {
                        Piece::Digits
                    });
                }
                Some(escaped) if escaped.is_ascii_punctuation() => {
                    push_literal(&mut pieces, escaped);
                }
                other => return Err(format!("the escape `\\{}`", other.unwrap_or(' '))),
            },
            '(' => {
                let mut group = String::new();
                loop {
                    match chars.next() {
                        Some(')') => break,
                        Some(c) if c == '|' || is_plain(c) => group.push(c),
                        Some(c) => return Err(format!("`{c}` inside a group")),
                        None => return Err("an unclosed group".to_owned()),
                    }
                }
                let alternatives: Vec<String> = group.split('|').map(str::to_owned).collect();
                match <[String; 1]>::try_from(alternatives) {
                    Ok([single]) => single.chars().for_each(|c| push_literal(&mut pieces, c)),
                    Err(alternatives) => pieces.push(Piece::OneOf(alternatives)),
                }
            }
            c if is_plain(c) => push_literal(&mut pieces, c),
            c => return Err(format!("`{c}`")),
        }
    }
    Ok(pieces)
}

/// The runtime's matcher (`runtime/src/endpoint/partition.rs`), to leave out listed regions
/// the pattern already takes.
fn matches(pieces: &[Piece], text: &str) -> bool {
    let Some((piece, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let then_rest = |remaining: Option<&str>| remaining.is_some_and(|t| matches(rest, t));
    match piece {
        Piece::Literal(literal) => then_rest(text.strip_prefix(literal.as_str())),
        Piece::OneOf(alternatives) => alternatives
            .iter()
            .any(|alternative| then_rest(text.strip_prefix(alternative.as_str()))),
        Piece::Word | Piece::Digits => {
            let word = matches!(piece, Piece::Word);
            let run = text
                .bytes()
                .take_while(|b| {
                    b.is_ascii_digit() || word && (b.is_ascii_alphabetic() || *b == b'_')
                })
                .count();
            (1..=run).rev().any(|n| matches(rest, &text[n..]))
        }
    }
}

fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Appends to the last piece when it is a literal, so `us\-gov\-` is one piece.
fn push_literal(pieces: &mut Vec<Piece>, c: char) {
    match pieces.last_mut() {
        Some(Piece::Literal(text)) => text.push(c),
        _ => pieces.push(Piece::Literal(c.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn botocore_region_patterns_compile() {
        assert_eq!(
            compile_region_regex(r"^(us|eu|ap)\-\w+\-\d+$").unwrap(),
            [
                Piece::OneOf(vec!["us".into(), "eu".into(), "ap".into()]),
                Piece::Literal("-".into()),
                Piece::Word,
                Piece::Literal("-".into()),
                Piece::Digits,
            ]
        );
        assert_eq!(
            compile_region_regex(r"^eusc\-(de)\-\w+\-\d+$").unwrap(),
            [
                Piece::Literal("eusc-de-".into()),
                Piece::Word,
                Piece::Literal("-".into()),
                Piece::Digits,
            ]
        );
    }

    #[test]
    fn only_regions_the_pattern_misses_are_kept() {
        let pattern = compile_region_regex(r"^us\-gov\-\w+\-\d+$").unwrap();
        assert!(matches(&pattern, "us-gov-west-1"));
        assert!(!matches(&pattern, "aws-us-gov-global"));
    }

    #[test]
    fn other_regex_syntax_is_refused() {
        assert!(
            compile_region_regex(r"^us-\w*$")
                .unwrap_err()
                .contains("`+`")
        );
        assert!(
            compile_region_regex(r"^[a-z]+$")
                .unwrap_err()
                .contains("`[`")
        );
        assert!(
            compile_region_regex(r"us-\d+")
                .unwrap_err()
                .contains("anchored")
        );
    }
}
