//! The models' `pattern` traits, parsed once at generation time into the tree the runtime's
//! `pattern` module matches, so the generated client needs no regex engine.
//!
//! The patterns are Java regexes. What is parsed: literals and escapes (`\t`, `\xhh`,
//! `\uhhhh`, escaped punctuation), `.`, classes with ranges and negation, `\d \w \s` and
//! their negations, the Unicode categories the standard library can decide (`\p{L}`,
//! `\p{N}`, `\p{Z}`, `\p{Zs}`, `\p{Cc}`, `\P{C}`) and Java's ASCII POSIX names, groups
//! (capturing, `(?:`, named), alternation, greedy, lazy and possessive quantifiers,
//! `^ $ \A \z \Z \b \B`, lookahead, and the `(?s)` flag. Anything else (lookbehind,
//! back-references, other flags, class intersections, the categories approximated in a
//! negated context) leaves the shape's pattern unchecked, with the reason recorded, rather
//! than refusing the model: strict validation is an extra, and a pattern it cannot check
//! must not stop a client from being generated.

/// A string shape's pattern: its text, and its parse (or why it cannot be checked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    pub parsed: Result<Alternatives, String>,
}

pub type Alternatives = Vec<Vec<Node>>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Literal(String),
    Any {
        dot_all: bool,
    },
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Start,
    End,
    EndOfInput,
    WordBoundary {
        negated: bool,
    },
    Group(Alternatives),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    LookAhead {
        negated: bool,
        alternatives: Alternatives,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassItem {
    Range(char, char),
    Set(CharSet),
    NotSet(CharSet),
}

/// The runtime's `CharSet` variants, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharSet {
    Digit,
    Word,
    Space,
    Letter,
    Number,
    Separator,
    SpaceSeparator,
    Control,
    NotOther,
    Ascii,
    AsciiAlpha,
    AsciiAlnum,
    AsciiUpper,
    AsciiLower,
    AsciiHexDigit,
    AsciiPunct,
    AsciiGraph,
    AsciiPrint,
    AsciiControl,
    AsciiBlank,
}

impl CharSet {
    /// The runtime variant's name.
    pub fn name(self) -> &'static str {
        match self {
            CharSet::Digit => "Digit",
            CharSet::Word => "Word",
            CharSet::Space => "Space",
            CharSet::Letter => "Letter",
            CharSet::Number => "Number",
            CharSet::Separator => "Separator",
            CharSet::SpaceSeparator => "SpaceSeparator",
            CharSet::Control => "Control",
            CharSet::NotOther => "NotOther",
            CharSet::Ascii => "Ascii",
            CharSet::AsciiAlpha => "AsciiAlpha",
            CharSet::AsciiAlnum => "AsciiAlnum",
            CharSet::AsciiUpper => "AsciiUpper",
            CharSet::AsciiLower => "AsciiLower",
            CharSet::AsciiHexDigit => "AsciiHexDigit",
            CharSet::AsciiPunct => "AsciiPunct",
            CharSet::AsciiGraph => "AsciiGraph",
            CharSet::AsciiPrint => "AsciiPrint",
            CharSet::AsciiControl => "AsciiControl",
            CharSet::AsciiBlank => "AsciiBlank",
        }
    }

    /// Sets the runtime can only approximate from above (it accepts a little more than
    /// Java): safe where they admit characters, wrong where they exclude them.
    fn is_approximate(self) -> bool {
        matches!(self, CharSet::Letter | CharSet::NotOther)
    }
}

impl Pattern {
    pub fn parse(source: &str) -> Pattern {
        Pattern {
            source: source.to_owned(),
            parsed: Parser::new(source).parse(),
        }
    }

    /// Whether every value matches, so there is nothing to check: some alternative can
    /// match the empty string at the start of any value (`(?s).*`, `\d*`).
    pub fn matches_everything(&self) -> bool {
        match &self.parsed {
            Ok(alternatives) => alternatives
                .iter()
                .any(|nodes| without_final_end(nodes).iter().all(always_empty)),
            Err(_) => false,
        }
    }
}

/// An alternative without a final `$` that a run of any characters before it always
/// reaches (`(?s).*$`, `(?s).+$`): such an anchor adds nothing, and models differ in
/// whether they write it.
fn without_final_end(nodes: &[Node]) -> &[Node] {
    let is_end = |node: &Node| matches!(node, Node::End | Node::EndOfInput);
    let any_run = |node: &Node| matches!(node, Node::Repeat { node, max: None, .. } if **node == Node::Any { dot_all: true });
    match nodes {
        [rest @ .., before, last] if is_end(last) && any_run(before) => {
            let keep = rest.len() + 1;
            &nodes[..keep]
        }
        _ => nodes,
    }
}

impl Pattern {
    /// Whether every non-empty value matches (`(?s).+`), so a minimum length of 1 already
    /// says all the pattern does.
    pub fn matches_every_non_empty(&self) -> bool {
        let Ok(alternatives) = &self.parsed else {
            return false;
        };
        alternatives.iter().any(|nodes| {
            let nodes = without_final_end(nodes);
            let any_run = |node: &Node| {
                matches!(node, Node::Repeat { node, min: 1, max: None, .. }
                    if **node == Node::Any { dot_all: true })
            };
            nodes.iter().filter(|node| any_run(node)).count() == 1
                && nodes.iter().all(|node| any_run(node) || always_empty(node))
        })
    }
}

/// Whether the node can match nothing at the start of any value.
fn always_empty(node: &Node) -> bool {
    match node {
        Node::Start => true,
        Node::Repeat { min: 0, .. } => true,
        Node::Repeat { node, .. } => always_empty(node),
        Node::Group(alternatives) => alternatives
            .iter()
            .any(|nodes| nodes.iter().all(always_empty)),
        _ => false,
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    dot_all: bool,
    /// Inside an odd number of negations (negated classes, `\P`, negative lookahead).
    negated: bool,
}

type Parsed<T> = Result<T, String>;

impl Parser {
    fn new(source: &str) -> Self {
        Self {
            chars: source.chars().collect(),
            at: 0,
            dot_all: false,
            negated: false,
        }
    }

    fn parse(mut self) -> Parsed<Alternatives> {
        let alternatives = self.alternatives()?;
        match self.peek() {
            None => Ok(alternatives),
            Some(c) => Err(format!("an unmatched `{c}` at character {}", self.at)),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn looking_at(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.at + i) == Some(&c))
    }

    fn next(&mut self) -> Parsed<char> {
        let c = self
            .peek()
            .ok_or("the pattern ends in the middle of a construct")?;
        self.at += 1;
        Ok(c)
    }

    /// `a|b|c` up to the end or a closing `)`.
    fn alternatives(&mut self) -> Parsed<Alternatives> {
        // A flag set inside a group ends with it.
        let dot_all = self.dot_all;
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        self.dot_all = dot_all;
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Parsed<Vec<Node>> {
        let mut nodes: Vec<Node> = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let Some(atom) = self.atom()? else {
                continue;
            };
            let node = self.quantified(atom)?;
            // Runs of plain characters become one literal.
            match (nodes.last_mut(), node) {
                (Some(Node::Literal(text)), Node::Literal(more)) => text.push_str(&more),
                (_, node) => nodes.push(node),
            }
        }
        Ok(nodes)
    }

    /// One atom, or `None` for a construct that matches nothing itself (a flag group).
    fn atom(&mut self) -> Parsed<Option<Node>> {
        let c = self.next()?;
        Ok(Some(match c {
            '.' => Node::Any {
                dot_all: self.dot_all,
            },
            '^' => Node::Start,
            '$' => Node::End,
            '[' => self.class()?,
            '(' => return self.group(),
            '\\' => self.escape()?,
            '*' | '+' | '?' => return Err(format!("`{c}` with nothing to repeat")),
            c => Node::Literal(c.to_string()),
        }))
    }

    fn group(&mut self) -> Parsed<Option<Node>> {
        if self.eat('?') {
            if self.eat(':') {
                return self.group_body().map(|a| Some(Node::Group(a)));
            }
            if matches!(self.peek(), Some('=' | '!')) {
                let negated = self.next()? == '!';
                let outer = self.negated;
                self.negated ^= negated;
                let alternatives = self.group_body()?;
                self.negated = outer;
                return Ok(Some(Node::LookAhead {
                    negated,
                    alternatives,
                }));
            }
            if self.looking_at("<=") || self.looking_at("<!") {
                return Err("lookbehind".to_owned());
            }
            if self.eat('<') {
                // A named group: the name does not matter for matching.
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                    self.at += 1;
                }
                if !self.eat('>') {
                    return Err("a malformed group name".to_owned());
                }
                return self.group_body().map(|a| Some(Node::Group(a)));
            }
            // Inline flags: only `s` changes how these patterns match.
            let mut flags = String::new();
            while let Some(c) = self.peek().filter(|c| c.is_ascii_alphabetic() || *c == '-') {
                flags.push(c);
                self.at += 1;
            }
            if flags == "s" && self.eat(')') {
                self.dot_all = true;
                return Ok(None);
            }
            return Err(format!("the inline flags `(?{flags}`"));
        }
        self.group_body().map(|a| Some(Node::Group(a)))
    }

    fn group_body(&mut self) -> Parsed<Alternatives> {
        let alternatives = self.alternatives()?;
        if self.eat(')') {
            Ok(alternatives)
        } else {
            Err("a group that is not closed".to_owned())
        }
    }

    fn quantified(&mut self, atom: Node) -> Parsed<Node> {
        let (min, max) = match self.peek() {
            Some('{') => match self.counted()? {
                Some(bounds) => bounds,
                None => return Ok(atom),
            },
            Some(c @ ('*' | '+' | '?')) => {
                self.at += 1;
                match c {
                    '*' => (0, None),
                    '+' => (1, None),
                    _ => (0, Some(1)),
                }
            }
            _ => return Ok(atom),
        };
        if matches!(
            atom,
            Node::Start
                | Node::End
                | Node::EndOfInput
                | Node::WordBoundary { .. }
                | Node::LookAhead { .. }
        ) {
            return Err("a repeated assertion".to_owned());
        }
        // `x*?` is lazy; `x*+` is possessive, which can only refuse more than greedy, so it
        // is matched as greedy (never refusing what Java would accept).
        let greedy = !self.eat('?');
        if greedy {
            self.eat('+');
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// `{n}`, `{n,}`, `{n,m}`, consumed; `None` (nothing consumed) when the brace does not
    /// start a count, where Java would read it as a literal `{`.
    fn counted(&mut self) -> Parsed<Option<(u32, Option<u32>)>> {
        let start = self.at;
        self.at += 1;
        let number = |parser: &mut Parser| {
            let begin = parser.at;
            while parser.peek().is_some_and(|c| c.is_ascii_digit()) {
                parser.at += 1;
            }
            let digits: String = parser.chars[begin..parser.at].iter().collect();
            digits.parse::<u32>().ok()
        };
        let Some(min) = number(self) else {
            self.at = start;
            return Ok(None);
        };
        let max = if self.eat(',') {
            number(self)
        } else {
            Some(min)
        };
        if !self.eat('}') {
            self.at = start;
            return Ok(None);
        }
        if max.is_some_and(|max| max < min) {
            return Err(format!(
                "the count {{{min},{}}} is reversed",
                max.unwrap_or(0)
            ));
        }
        Ok(Some((min, max)))
    }

    fn escape(&mut self) -> Parsed<Node> {
        let c = self.next()?;
        let set = |negated: bool, set: CharSet| Node::Class {
            negated: false,
            items: vec![if negated {
                ClassItem::NotSet(set)
            } else {
                ClassItem::Set(set)
            }],
        };
        Ok(match c {
            'A' => Node::Start,
            'z' => Node::EndOfInput,
            'Z' => Node::End,
            'b' => Node::WordBoundary { negated: false },
            'B' => Node::WordBoundary { negated: true },
            _ => match self.escaped_class(c)? {
                Some((negated, charset)) => {
                    self.check_approximation(negated, charset)?;
                    set(negated, charset)
                }
                None => Node::Literal(self.escaped_char(c)?.to_string()),
            },
        })
    }

    /// A class escape (`\d`, `\p{L}`, …) as (negated, set), or `None` for a character escape.
    fn escaped_class(&mut self, c: char) -> Parsed<Option<(bool, CharSet)>> {
        Ok(Some(match c {
            'd' => (false, CharSet::Digit),
            'D' => (true, CharSet::Digit),
            'w' => (false, CharSet::Word),
            'W' => (true, CharSet::Word),
            's' => (false, CharSet::Space),
            'S' => (true, CharSet::Space),
            'p' | 'P' => {
                let name = if self.eat('{') {
                    let begin = self.at;
                    while self.peek().is_some_and(|c| c != '}') {
                        self.at += 1;
                    }
                    let name: String = self.chars[begin..self.at].iter().collect();
                    if !self.eat('}') {
                        return Err("an unclosed `\\p{`".to_owned());
                    }
                    name
                } else {
                    self.next()?.to_string()
                };
                let (negated, set) = property(&name)
                    .ok_or_else(|| format!("the character property `\\{c}{{{name}}}`"))?;
                (negated ^ (c == 'P'), set)
            }
            _ => return Ok(None),
        }))
    }

    fn escaped_char(&mut self, c: char) -> Parsed<char> {
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\x0C',
            'a' => '\x07',
            'e' => '\x1B',
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            '0' => return Err("an octal escape".to_owned()),
            c if c.is_ascii_digit() => return Err("a back-reference".to_owned()),
            'Q' => return Err("`\\Q` quoting".to_owned()),
            c if c.is_ascii_alphabetic() => return Err(format!("the escape `\\{c}`")),
            c => c,
        })
    }

    fn hex(&mut self, digits: usize) -> Parsed<char> {
        let mut value = 0u32;
        for _ in 0..digits {
            let digit = self
                .next()?
                .to_digit(16)
                .ok_or("a malformed hexadecimal escape")?;
            value = value * 16 + digit;
        }
        char::from_u32(value)
            .ok_or_else(|| format!("the escape of U+{value:04X}, which is not a character"))
    }

    /// Refuses an approximated set where it would exclude characters.
    fn check_approximation(&self, negated: bool, set: CharSet) -> Parsed<()> {
        if set.is_approximate() && (negated ^ self.negated) {
            Err(format!(
                "the character set {} in a negated context, which is only approximated",
                set.name()
            ))
        } else {
            Ok(())
        }
    }

    /// After `[`: the items up to `]`.
    fn class(&mut self) -> Parsed<Node> {
        let negated = self.eat('^');
        let outer = self.negated;
        self.negated ^= negated;
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self
                .next()
                .map_err(|_| "a class that is not closed".to_owned())?;
            match c {
                ']' if !first => break,
                '[' => return Err("a nested class".to_owned()),
                '&' if self.peek() == Some('&') => return Err("a class intersection".to_owned()),
                '\\' => {
                    let escaped = self.next()?;
                    if let Some((set_negated, set)) = self.escaped_class(escaped)? {
                        self.check_approximation(set_negated, set)?;
                        items.push(if set_negated {
                            ClassItem::NotSet(set)
                        } else {
                            ClassItem::Set(set)
                        });
                    } else {
                        let low = self.escaped_char(escaped)?;
                        items.push(self.range_from(low)?);
                    }
                }
                c => items.push(self.range_from(c)?),
            }
            first = false;
        }
        self.negated = outer;
        Ok(Node::Class { negated, items })
    }

    /// `low` alone, or `low-high` when a range follows.
    fn range_from(&mut self, low: char) -> Parsed<ClassItem> {
        if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&c| c != ']') {
            self.at += 1;
            let high = match self.next()? {
                '\\' => {
                    let escaped = self.next()?;
                    self.escaped_char(escaped)?
                }
                '[' => return Err("a nested class".to_owned()),
                c => c,
            };
            if high < low {
                return Err(format!("the reversed range `{low}-{high}`"));
            }
            Ok(ClassItem::Range(low, high))
        } else {
            Ok(ClassItem::Range(low, low))
        }
    }
}

/// A `\p{…}` name as (negated, set).
fn property(name: &str) -> Option<(bool, CharSet)> {
    if let Some(unicode) = name.strip_prefix("Is") {
        // `\p{IsL}`, `\p{IsAlphabetic}`: Unicode categories and properties.
        return match unicode {
            "Alphabetic" => Some((false, CharSet::Letter)),
            "L" | "N" | "Z" | "Zs" | "Cc" | "C" => property(unicode),
            _ => None,
        };
    }
    Some(match name {
        "L" => (false, CharSet::Letter),
        "N" => (false, CharSet::Number),
        "Z" => (false, CharSet::Separator),
        "Zs" => (false, CharSet::SpaceSeparator),
        "Cc" => (false, CharSet::Control),
        "C" => (true, CharSet::NotOther),
        "ASCII" => (false, CharSet::Ascii),
        "Alpha" => (false, CharSet::AsciiAlpha),
        "Alnum" => (false, CharSet::AsciiAlnum),
        "Upper" => (false, CharSet::AsciiUpper),
        "Lower" => (false, CharSet::AsciiLower),
        "Digit" => (false, CharSet::Digit),
        "XDigit" => (false, CharSet::AsciiHexDigit),
        "Punct" => (false, CharSet::AsciiPunct),
        "Graph" => (false, CharSet::AsciiGraph),
        "Print" => (false, CharSet::AsciiPrint),
        "Cntrl" => (false, CharSet::AsciiControl),
        "Blank" => (false, CharSet::AsciiBlank),
        "Space" => (false, CharSet::Space),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(source: &str) -> Alternatives {
        Pattern::parse(source).parsed.unwrap()
    }

    #[test]
    fn literals_merge_and_quantifiers_bind_to_one_atom() {
        assert_eq!(
            parsed("ab+c"),
            vec![vec![
                Node::Literal("a".into()),
                Node::Repeat {
                    node: Box::new(Node::Literal("b".into())),
                    min: 1,
                    max: None,
                    greedy: true
                },
                Node::Literal("c".into()),
            ]]
        );
        assert_eq!(
            parsed("x{2,5}?"),
            vec![vec![Node::Repeat {
                node: Box::new(Node::Literal("x".into())),
                min: 2,
                max: Some(5),
                greedy: false
            }]]
        );
    }

    #[test]
    fn classes_ranges_escapes_and_properties() {
        assert_eq!(
            parsed(r"[^a-z\d\-\p{N}]"),
            vec![vec![Node::Class {
                negated: true,
                items: vec![
                    ClassItem::Range('a', 'z'),
                    ClassItem::Set(CharSet::Digit),
                    ClassItem::Range('-', '-'),
                    ClassItem::Set(CharSet::Number),
                ]
            }]]
        );
        assert_eq!(parsed(r"\u00e9"), vec![vec![Node::Literal("é".into())]]);
    }

    #[test]
    fn unsupported_constructs_say_which() {
        let why = |source: &str| Pattern::parse(source).parsed.unwrap_err();
        assert_eq!(why("(?<=a)b"), "lookbehind");
        assert_eq!(why("(?i)abc"), "the inline flags `(?i`");
        assert_eq!(why(r"(a)\1"), "a back-reference");
        assert_eq!(why(r"\p{M}"), "the character property `\\p{M}`");
        // \p{L} is approximated from above: fine where it admits, not where it excludes.
        assert!(Pattern::parse(r"[\p{L}]+").parsed.is_ok());
        assert!(why(r"[^\p{L}]").contains("negated context"));
        assert!(why(r"(?!\p{L})").contains("negated context"));
    }

    #[test]
    fn patterns_every_value_matches_are_recognised() {
        assert!(Pattern::parse("(?s).*").matches_everything());
        assert!(Pattern::parse(r"^\d*").matches_everything());
        assert!(!Pattern::parse("^$|x").matches_everything());
        assert!(!Pattern::parse("(?s).+").matches_everything());
        assert!(Pattern::parse("(?s).+").matches_every_non_empty());
        assert!(Pattern::parse("^(?s).+$").matches_every_non_empty());
        assert!(Pattern::parse("^(?s).*$").matches_everything());
        assert!(!Pattern::parse("^(?s)a.*$").matches_everything());
        assert!(!Pattern::parse(".+").matches_every_non_empty());
    }
}
