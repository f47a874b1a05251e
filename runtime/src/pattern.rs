//! Matching the models' `pattern` traits, for strict validation.
//!
//! The patterns are Java regular expressions. Rather than carry a regex engine, the
//! generator parses each one when it generates the client and writes it out as a constant
//! [`Pattern`] tree; this module only matches such trees against a string, by backtracking.
//! A pattern is searched for anywhere in the value, not implicitly anchored, as Smithy
//! defines the `pattern` trait (`^` and `$` anchor it).
//!
//! Matching is bounded: a pattern that would take more than [`STEP_LIMIT`] steps, or
//! recurse deeper than [`DEPTH_LIMIT`], counts as matching, since strict validation should
//! never refuse a value it could not decide about.

use std::cell::Cell;

/// The most backtracking steps one match may take.
pub const STEP_LIMIT: usize = 1_000_000;
/// The deepest the matcher may recurse (each repetition of a group nests a few frames).
pub const DEPTH_LIMIT: usize = 2_000;

/// A parsed pattern: its alternatives, each a sequence of nodes.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the model writes it, for messages.
    pub source: &'static str,
    pub alternatives: &'static [&'static [Node]],
}

/// One element of a pattern.
#[derive(Debug)]
pub enum Node {
    /// These characters, in order.
    Literal(&'static str),
    /// `.`: any character; without `(?s)`, not a line terminator.
    Any { dot_all: bool },
    /// `[…]`, `\d`, `\p{L}`, …: one character in (or, negated, not in) the items.
    Class {
        negated: bool,
        items: &'static [ClassItem],
    },
    /// `^` or `\A`: the start of the value.
    Start,
    /// `$` or `\Z`: the end of the value, or just before a line terminator that ends it.
    End,
    /// `\z`: the very end of the value.
    EndOfInput,
    /// `\b` (or, negated, `\B`).
    WordBoundary { negated: bool },
    /// `(…|…)`.
    Group(&'static [&'static [Node]]),
    /// `x*`, `x+`, `x?`, `x{m,n}`; `max` is `u32::MAX` for no limit.
    Repeat {
        node: &'static Node,
        min: u32,
        max: u32,
        greedy: bool,
    },
    /// `(?=…)` (or, negated, `(?!…)`).
    LookAhead {
        negated: bool,
        alternatives: &'static [&'static [Node]],
    },
}

#[derive(Debug)]
pub enum ClassItem {
    /// `a-z`, or one character as `c-c`.
    Range(char, char),
    Set(CharSet),
    /// `\D`, `\P{N}`, …
    NotSet(CharSet),
}

/// The named sets Java regexes use, with Java's meanings: `\d`, `\w`, `\s` and the POSIX
/// names are ASCII; `\p{…}` categories are Unicode, as far as the standard library can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharSet {
    /// `\d`: `[0-9]`.
    Digit,
    /// `\w`: `[a-zA-Z_0-9]`.
    Word,
    /// `\s`: `[ \t\n\x0B\f\r]`.
    Space,
    /// `\p{L}`: letters. Approximated by Unicode's Alphabetic property, which also holds
    /// letter numbers and some combining marks, so it never refuses a letter.
    Letter,
    /// `\p{N}`: numbers (Nd, Nl, No).
    Number,
    /// `\p{Z}`: separators (Zs, Zl, Zp).
    Separator,
    /// `\p{Zs}`: space separators.
    SpaceSeparator,
    /// `\p{Cc}`: control characters.
    Control,
    /// `\P{C}`: anything but "other" characters. Approximated as anything but control
    /// characters, so it never refuses a character Java would accept.
    NotOther,
    /// `\p{ASCII}`.
    Ascii,
    /// `\p{Alpha}`.
    AsciiAlpha,
    /// `\p{Alnum}`.
    AsciiAlnum,
    /// `\p{Upper}`.
    AsciiUpper,
    /// `\p{Lower}`.
    AsciiLower,
    /// `\p{XDigit}`.
    AsciiHexDigit,
    /// `\p{Punct}`.
    AsciiPunct,
    /// `\p{Graph}`.
    AsciiGraph,
    /// `\p{Print}`.
    AsciiPrint,
    /// `\p{Cntrl}`.
    AsciiControl,
    /// `\p{Blank}`: space or tab.
    AsciiBlank,
}

impl CharSet {
    pub fn contains(self, c: char) -> bool {
        match self {
            CharSet::Digit => c.is_ascii_digit(),
            CharSet::Word => c.is_ascii_alphanumeric() || c == '_',
            CharSet::Space => matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'),
            CharSet::Letter => c.is_alphabetic(),
            CharSet::Number => c.is_numeric(),
            // Unicode's White_Space property is exactly Z plus these ASCII and C1 controls.
            CharSet::Separator => c.is_whitespace() && !matches!(c, '\t'..='\r' | '\u{85}'),
            CharSet::SpaceSeparator => {
                CharSet::Separator.contains(c) && !matches!(c, '\u{2028}' | '\u{2029}')
            }
            CharSet::Control => c.is_control(),
            CharSet::NotOther => !c.is_control(),
            CharSet::Ascii => c.is_ascii(),
            CharSet::AsciiAlpha => c.is_ascii_alphabetic(),
            CharSet::AsciiAlnum => c.is_ascii_alphanumeric(),
            CharSet::AsciiUpper => c.is_ascii_uppercase(),
            CharSet::AsciiLower => c.is_ascii_lowercase(),
            CharSet::AsciiHexDigit => c.is_ascii_hexdigit(),
            CharSet::AsciiPunct => c.is_ascii_punctuation(),
            CharSet::AsciiGraph => c.is_ascii_graphic(),
            CharSet::AsciiPrint => c.is_ascii_graphic() || c == ' ',
            CharSet::AsciiControl => c.is_ascii_control(),
            CharSet::AsciiBlank => c == ' ' || c == '\t',
        }
    }
}

impl ClassItem {
    fn contains(&self, c: char) -> bool {
        match self {
            ClassItem::Range(low, high) => (*low..=*high).contains(&c),
            ClassItem::Set(set) => set.contains(c),
            ClassItem::NotSet(set) => !set.contains(c),
        }
    }
}

impl Pattern {
    /// Whether the pattern occurs anywhere in `text` (or could not be decided in time).
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let matcher = Matcher {
            text: &chars,
            steps: Cell::new(0),
            depth: Cell::new(0),
            gave_up: Cell::new(false),
        };
        let anchored = self
            .alternatives
            .iter()
            .all(|alternative| matches!(alternative.first(), Some(Node::Start)));
        let last_start = if anchored { 0 } else { chars.len() };
        for start in 0..=last_start {
            let found = self
                .alternatives
                .iter()
                .any(|alternative| matcher.sequence(alternative, start, &mut |_| true));
            if found || matcher.gave_up.get() {
                return true;
            }
        }
        false
    }
}

/// Java's line terminators, which `.` does not match without `(?s)`.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Matcher<'t> {
    text: &'t [char],
    steps: Cell<usize>,
    depth: Cell<usize>,
    gave_up: Cell<bool>,
}

type Continuation<'k> = dyn FnMut(usize) -> bool + 'k;

impl Matcher<'_> {
    /// Matches `nodes` from `position`, then hands the end to `next`; backtracks through
    /// the choices until `next` accepts one.
    fn sequence(&self, nodes: &[Node], position: usize, next: &mut Continuation<'_>) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > STEP_LIMIT || self.depth.get() > DEPTH_LIMIT {
            self.gave_up.set(true);
        }
        if self.gave_up.get() {
            return false;
        }
        self.depth.set(self.depth.get() + 1);
        let matched = match nodes.split_first() {
            None => next(position),
            Some((node, rest)) => {
                self.node(node, position, &mut |end| self.sequence(rest, end, next))
            }
        };
        self.depth.set(self.depth.get() - 1);
        matched
    }

    fn node(&self, node: &Node, position: usize, next: &mut Continuation<'_>) -> bool {
        let text = self.text;
        match node {
            Node::Literal(literal) => {
                let mut at = position;
                for expected in literal.chars() {
                    if text.get(at) != Some(&expected) {
                        return false;
                    }
                    at += 1;
                }
                next(at)
            }
            Node::Any { .. } | Node::Class { .. } => match text.get(position) {
                Some(&c) if self.single(node, c) => next(position + 1),
                _ => false,
            },
            Node::Start => position == 0 && next(position),
            Node::End => {
                let at_end = matches!(
                    text[position..],
                    [] | ['\n'] | ['\r', '\n'] | ['\r'] | ['\u{85}'] | ['\u{2028}'] | ['\u{2029}']
                );
                at_end && next(position)
            }
            Node::EndOfInput => position == text.len() && next(position),
            Node::WordBoundary { negated } => {
                let before = position > 0 && is_word(text[position - 1]);
                let after = text.get(position).is_some_and(|&c| is_word(c));
                ((before != after) != *negated) && next(position)
            }
            Node::Group(alternatives) => alternatives
                .iter()
                .any(|alternative| self.sequence(alternative, position, next)),
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                if matches!(node, Node::Any { .. } | Node::Class { .. }) {
                    self.repeat_single(node, *min, *max, *greedy, position, next)
                } else {
                    self.repeat(node, (*min, *max, *greedy), 0, position, next)
                }
            }
            Node::LookAhead {
                negated,
                alternatives,
            } => {
                let found = alternatives
                    .iter()
                    .any(|alternative| self.sequence(alternative, position, &mut |_| true));
                found != *negated && next(position)
            }
        }
    }

    /// Whether a one-character node accepts `c`.
    fn single(&self, node: &Node, c: char) -> bool {
        match node {
            Node::Any { dot_all } => *dot_all || !is_line_terminator(c),
            Node::Class { negated, items } => items.iter().any(|item| item.contains(c)) != *negated,
            _ => false,
        }
    }

    /// A repeated one-character node: count the run once, then try each length, without
    /// recursing per character (a 25,000-character `(?s).*` stays flat).
    fn repeat_single(
        &self,
        node: &Node,
        min: u32,
        max: u32,
        greedy: bool,
        position: usize,
        next: &mut Continuation<'_>,
    ) -> bool {
        let available = self.text[position..]
            .iter()
            .take(max as usize)
            .take_while(|&&c| self.single(node, c))
            .count();
        let min = min as usize;
        if available < min {
            return false;
        }
        if greedy {
            (min..=available).rev().any(|count| next(position + count))
        } else {
            (min..=available).any(|count| next(position + count))
        }
    }

    fn repeat(
        &self,
        node: &Node,
        (min, max, greedy): (u32, u32, bool),
        count: u32,
        position: usize,
        next: &mut Continuation<'_>,
    ) -> bool {
        if count < min {
            return self.node(node, position, &mut |end| {
                self.repeat(node, (min, max, greedy), count + 1, end, next)
            });
        }
        let more = |next: &mut Continuation<'_>| {
            count < max
                && self.node(node, position, &mut |end| {
                    // An iteration that matched nothing would loop forever.
                    end != position && self.repeat(node, (min, max, greedy), count + 1, end, next)
                })
        };
        // Greedy tries one more repetition before stopping here; lazy the other way round.
        if !greedy && next(position) {
            return true;
        }
        if more(next) {
            return true;
        }
        greedy && next(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: Pattern = Pattern {
        source: "^\\d{3,4}$",
        alternatives: &[&[
            Node::Start,
            Node::Repeat {
                node: &Node::Class {
                    negated: false,
                    items: &[ClassItem::Set(CharSet::Digit)],
                },
                min: 3,
                max: 4,
                greedy: true,
            },
            Node::End,
        ]],
    };

    #[test]
    fn anchors_and_counted_repeats() {
        assert!(DIGITS.is_match("123"));
        assert!(DIGITS.is_match("1234\n"));
        assert!(!DIGITS.is_match("12"));
        assert!(!DIGITS.is_match("12345"));
        assert!(!DIGITS.is_match("a123"));
    }

    /// `(ab)+c` unanchored: found inside a longer value.
    static GROUPS: Pattern = Pattern {
        source: "(ab)+c",
        alternatives: &[&[
            Node::Repeat {
                node: &Node::Group(&[&[Node::Literal("ab")]]),
                min: 1,
                max: u32::MAX,
                greedy: true,
            },
            Node::Literal("c"),
        ]],
    };

    #[test]
    fn a_pattern_is_searched_for_not_anchored() {
        assert!(GROUPS.is_match("xxababcyy"));
        assert!(!GROUPS.is_match("xxacbc"));
    }

    /// `(?!-)[a-z-]+`: a negative lookahead.
    static NO_LEADING_HYPHEN: Pattern = Pattern {
        source: "^(?!-)[a-z-]+$",
        alternatives: &[&[
            Node::Start,
            Node::LookAhead {
                negated: true,
                alternatives: &[&[Node::Literal("-")]],
            },
            Node::Repeat {
                node: &Node::Class {
                    negated: false,
                    items: &[ClassItem::Range('a', 'z'), ClassItem::Range('-', '-')],
                },
                min: 1,
                max: u32::MAX,
                greedy: true,
            },
            Node::End,
        ]],
    };

    #[test]
    fn lookahead_refuses_without_consuming() {
        assert!(NO_LEADING_HYPHEN.is_match("a-b"));
        assert!(!NO_LEADING_HYPHEN.is_match("-ab"));
    }

    /// `^(a|aa)+$`-style nesting against a long non-matching value: backtracking explodes,
    /// and the matcher gives up (counting it a match) instead of hanging.
    static EXPLOSIVE: Pattern = Pattern {
        source: "^(a|aa)+$",
        alternatives: &[&[
            Node::Start,
            Node::Repeat {
                node: &Node::Group(&[&[Node::Literal("a")], &[Node::Literal("aa")]]),
                min: 1,
                max: u32::MAX,
                greedy: true,
            },
            Node::End,
        ]],
    };

    #[test]
    fn runaway_backtracking_is_bounded() {
        let value = format!("{}b", "a".repeat(60));
        assert!(EXPLOSIVE.is_match(&value), "undecided counts as a match");
        assert!(!EXPLOSIVE.is_match("aab"));
    }

    #[test]
    fn separators_are_unicode_z_and_not_ascii_controls() {
        assert!(CharSet::Separator.contains(' '));
        assert!(CharSet::Separator.contains('\u{3000}'));
        assert!(CharSet::Separator.contains('\u{2028}'));
        assert!(!CharSet::SpaceSeparator.contains('\u{2028}'));
        assert!(!CharSet::Separator.contains('\t'));
        assert!(!CharSet::Separator.contains('\u{85}'));
    }
}
