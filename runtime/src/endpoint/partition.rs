//! `aws.partition`: the partition a region belongs to, from botocore's partition table
//! (`model/partitions.json`, generated into [`super::partitions`]).

use super::partitions::PARTITIONS;

/// A partition as the rules see it: `{PartitionResult#dnsSuffix}` and the like.
#[derive(Debug, PartialEq, Eq)]
pub struct Partition {
    /// The partition's id, e.g. `aws-cn`.
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub implicit_global_region: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The regions the table lists by name.
    pub(super) regions: &'static [&'static str],
    /// The table's `regionRegex`, compiled by the generator.
    pub(super) region_pattern: &'static [Piece],
}

/// One element of a `regionRegex`. The generator compiles the table's patterns (anchored
/// sequences of literals, alternations of literals, `\w+` and `\d+`) into these, so the
/// runtime needs no regex engine; it refuses any other pattern.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// These characters.
    Literal(&'static str),
    /// One of these alternatives, tried in order: `(us|eu)`.
    OneOf(&'static [&'static str]),
    /// One or more word characters: `\w+`.
    Word,
    /// One or more digits: `\d+`.
    Digits,
}

/// `aws.partition`: the first partition that lists `region` or whose pattern matches it,
/// as botocore searches them; a region no partition takes gets the first (`aws`).
pub fn partition(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region) || matches(p.region_pattern, region))
        .unwrap_or(&PARTITIONS[0])
}

/// Whether the whole of `text` matches `pieces`, backtracking like a regex engine. Region
/// names are short and patterns have a handful of pieces, so the search stays tiny.
/// Character classes are ASCII: a region name is a DNS label.
fn matches(pieces: &[Piece], text: &str) -> bool {
    let Some((piece, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let then_rest = |remaining: Option<&str>| remaining.is_some_and(|t| matches(rest, t));
    match piece {
        Piece::Literal(literal) => then_rest(text.strip_prefix(literal)),
        Piece::OneOf(alternatives) => alternatives
            .iter()
            .any(|alternative| then_rest(text.strip_prefix(alternative))),
        Piece::Word | Piece::Digits => {
            let in_class = |b: &u8| match piece {
                Piece::Word => b.is_ascii_alphanumeric() || *b == b'_',
                _ => b.is_ascii_digit(),
            };
            let run = text.bytes().take_while(in_class).count();
            // Longest first, as a greedy `+` tries them. The run is ASCII, so every split
            // point is a character boundary.
            (1..=run).rev().any(|n| matches(rest, &text[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::endpoint::reference::{calls, string};

    #[test]
    fn partition_answers_as_botocore() {
        for (args, expected) in calls("aws.partition") {
            let p = partition(string(&args[0]));
            let actual = json!({
                "name": p.name,
                "dnsSuffix": p.dns_suffix,
                "dualStackDnsSuffix": p.dual_stack_dns_suffix,
                "implicitGlobalRegion": p.implicit_global_region,
                "supportsFIPS": p.supports_fips,
                "supportsDualStack": p.supports_dual_stack,
            });
            assert_eq!(actual, expected, "{args:?}");
        }
    }

    #[test]
    fn pattern_backtracks_into_a_greedy_run() {
        // `\w+` first takes `east_1x`, then gives characters back until `\d+` can match.
        let pattern = [Piece::Literal("us-"), Piece::Word, Piece::Digits];
        assert!(matches(&pattern, "us-east_12"));
        assert!(!matches(&pattern, "us-east"));
        assert!(!matches(&pattern, "us-east-1"));
    }

    #[test]
    fn alternatives_are_each_tried() {
        let pattern = [
            Piece::OneOf(&["us", "usx"]),
            Piece::Literal("-"),
            Piece::Digits,
        ];
        assert!(matches(&pattern, "usx-1"));
        assert!(matches(&pattern, "us-1"));
        assert!(!matches(&pattern, "eu-1"));
    }
}
