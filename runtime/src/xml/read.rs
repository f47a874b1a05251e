//! The pull reader.
//!
//! The reader stands inside an element (at first, the document itself). [`XmlReader::next_start`]
//! moves to the next child element and enters it; [`XmlReader::text`] reads what an entered
//! element holds as text and leaves it; [`XmlReader::skip`] leaves an entered element
//! whatever it holds. `next_start` returning `None` means the current element has ended, and
//! the reader is back in its parent.

use std::borrow::Cow;

use super::{MAX_DEPTH, XmlError};

/// A start tag: the element's name as written (with any prefix) and its attributes.
#[derive(Clone, Debug)]
pub struct Start<'a> {
    name: &'a str,
    /// The raw attribute text between the name and `>` (or `/>`), offset in the document.
    attributes: &'a str,
    attributes_at: usize,
}

impl<'a> Start<'a> {
    /// The name as written, e.g. `soap:Envelope`.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The name without its namespace prefix: `Envelope` for `soap:Envelope`. Generated code
    /// matches members by local name, as botocore does.
    pub fn local_name(&self) -> &'a str {
        self.name
            .rsplit_once(':')
            .map_or(self.name, |(_, local)| local)
    }

    /// The value of the attribute named `name` (as written, prefix included), entities
    /// decoded.
    pub fn attribute(&self, name: &str) -> Result<Option<Cow<'a, str>>, XmlError> {
        for attribute in self.attributes() {
            let (key, value) = attribute?;
            if key == name {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// Every attribute in document order, as (name, decoded value).
    pub fn attributes(
        &self,
    ) -> impl Iterator<Item = Result<(&'a str, Cow<'a, str>), XmlError>> + 'a {
        Attributes {
            rest: self.attributes,
            at: self.attributes_at,
        }
    }
}

struct Attributes<'a> {
    rest: &'a str,
    at: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a str, Cow<'a, str>), XmlError>;

    fn next(&mut self) -> Option<Self::Item> {
        let trimmed = self.rest.trim_start_matches(is_space);
        self.at += self.rest.len() - trimmed.len();
        self.rest = trimmed;
        if self.rest.is_empty() {
            return None;
        }
        let fail = |at: usize, what: &str| Some(Err(XmlError::at(at, what)));
        let Some(name_len) = self.rest.find(|c: char| c == '=' || is_space(c)) else {
            return fail(self.at, "an attribute has no `=`");
        };
        let name = &self.rest[..name_len];
        if !is_name(name) {
            return fail(self.at, "an attribute has no valid name");
        }
        let after_name = self.rest[name_len..].trim_start_matches(is_space);
        let Some(after_eq) = after_name.strip_prefix('=') else {
            return fail(self.at, "an attribute has no `=`");
        };
        let after_eq = after_eq.trim_start_matches(is_space);
        let quote = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return fail(self.at, "an attribute value is not quoted"),
        };
        let value_at = self.at + (self.rest.len() - after_eq.len()) + 1;
        let Some(value_len) = after_eq[1..].find(quote) else {
            return fail(value_at, "an attribute value is not closed");
        };
        let raw = &after_eq[1..1 + value_len];
        let consumed = self.rest.len() - after_eq.len() + value_len + 2;
        self.rest = &self.rest[consumed..];
        self.at += consumed;
        if raw.contains('<') {
            return fail(value_at, "an attribute value holds `<`");
        }
        Some(decode(raw, value_at).map(|value| (name, value)))
    }
}

/// Reads a document element by element. A clone reads on from the same place, so a reader
/// can look ahead.
#[derive(Clone, Debug)]
pub struct XmlReader<'a> {
    text: &'a str,
    position: usize,
    /// The names of the entered elements, innermost last.
    open: Vec<&'a str>,
    /// The last start tag was self-closing (`<a/>`): entering it entered an empty element.
    empty: bool,
    /// The document's element has been entered (a second one is an error).
    seen_root: bool,
    /// The start tag of the element entered last, for its attributes.
    entered: Option<Start<'a>>,
}

impl<'a> XmlReader<'a> {
    /// A reader of `bytes`, which must be UTF-8 (the only encoding AWS sends).
    pub fn new(bytes: &'a [u8]) -> Result<Self, XmlError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| XmlError::at(e.valid_up_to(), "the document is not UTF-8"))?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        Ok(Self {
            text,
            position: 0,
            open: Vec::new(),
            empty: false,
            seen_root: false,
            entered: None,
        })
    }

    /// The start tag of the element entered last: generated readers take a structure's
    /// attributes from it before reading what the element holds.
    pub fn entered(&self) -> Option<&Start<'a>> {
        self.entered.as_ref()
    }

    /// How many elements are entered.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    fn error(&self, what: impl Into<String>) -> XmlError {
        XmlError::at(self.position, what)
    }

    fn rest(&self) -> &'a str {
        &self.text[self.position..]
    }

    /// Moves to the next element inside the current one and enters it, skipping text,
    /// comments and processing instructions; `None` when the current element ends (its end
    /// tag is consumed and the reader is in the parent). At the top level, `None` means the
    /// document has ended, and anything after its one element but comments is an error.
    pub fn next_start(&mut self) -> Result<Option<Start<'a>>, XmlError> {
        if self.empty {
            self.empty = false;
            self.open.pop();
            return Ok(None);
        }
        loop {
            let rest = self.rest();
            let Some(lt) = rest.find('<') else {
                if !self.open.is_empty() {
                    return Err(self.error(format!("`<{}>` is not closed", self.innermost())));
                }
                if !rest.trim_matches(is_space).is_empty() {
                    return Err(self.error("text after the document's element"));
                }
                self.position = self.text.len();
                return Ok(None);
            };
            if self.open.is_empty() && !rest[..lt].trim_matches(is_space).is_empty() {
                return Err(self.error("text outside the document's element"));
            }
            self.position += lt;
            let tag = self.rest();
            if tag.starts_with("<!--") {
                self.skip_past("-->", "a comment is not closed")?;
            } else if tag.starts_with("<?") {
                self.skip_past("?>", "a processing instruction is not closed")?;
            } else if tag.starts_with("<![CDATA[") {
                if self.open.is_empty() {
                    return Err(self.error("CDATA outside the document's element"));
                }
                self.skip_past("]]>", "a CDATA section is not closed")?;
            } else if tag.starts_with("<!") {
                return Err(self.error(
                    "a document type declaration or other `<!` markup, which AWS never sends",
                ));
            } else if tag.starts_with("</") {
                self.end_tag()?;
                return Ok(None);
            } else {
                return self.start_tag().map(Some);
            }
        }
    }

    fn innermost(&self) -> &'a str {
        self.open.last().copied().unwrap_or("")
    }

    fn skip_past(&mut self, end: &str, unclosed: &str) -> Result<(), XmlError> {
        match self.rest().find(end) {
            Some(at) => {
                self.position += at + end.len();
                Ok(())
            }
            None => Err(self.error(unclosed)),
        }
    }

    /// At `</`: consumes the end tag of the innermost element.
    fn end_tag(&mut self) -> Result<(), XmlError> {
        let rest = &self.rest()[2..];
        let Some(gt) = rest.find('>') else {
            return Err(self.error("an end tag is not closed"));
        };
        let name = rest[..gt].trim_end_matches(is_space);
        match self.open.last() {
            Some(open) if *open == name => {
                self.open.pop();
                self.position += 2 + gt + 1;
                Ok(())
            }
            Some(open) => Err(self.error(format!("`</{name}>` closes `<{open}>`"))),
            None => Err(self.error(format!("`</{name}>` closes nothing"))),
        }
    }

    /// At `<` of a start tag: reads it and enters the element.
    fn start_tag(&mut self) -> Result<Start<'a>, XmlError> {
        if !self.open.is_empty() && self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements nest deeper than {MAX_DEPTH}")));
        }
        if self.open.is_empty() && self.seen_root {
            return Err(self.error("a second element after the document's element"));
        }
        let tag = &self.rest()[1..];
        let gt = tag_end(tag).ok_or_else(|| self.error("a start tag is not closed"))?;
        let (inside, empty) = match tag[..gt].strip_suffix('/') {
            Some(inside) => (inside, true),
            None => (&tag[..gt], false),
        };
        let name_len = inside.find(is_space).unwrap_or(inside.len());
        let name = &inside[..name_len];
        if !is_name(name) {
            return Err(self.error("a start tag has no valid name"));
        }
        let start = Start {
            name,
            attributes: &inside[name_len..],
            attributes_at: self.position + 1 + name_len,
        };
        // Attributes are checked here, so a malformed one is refused even if never asked for.
        for attribute in start.attributes() {
            attribute?;
        }
        self.seen_root = true;
        self.position += 1 + gt + 1;
        self.open.push(name);
        self.empty = empty;
        self.entered = Some(start.clone());
        Ok(start)
    }

    /// The text of the element just entered (text and CDATA, entities decoded), leaving it.
    /// An element that holds elements is refused: its members are read with `next_start`.
    pub fn text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if self.empty {
            self.empty = false;
            self.open.pop();
            return Ok(Cow::Borrowed(""));
        }
        let mut owned: Option<String> = None;
        let mut borrowed: &'a str = "";
        let push = |piece: Cow<'a, str>, owned: &mut Option<String>, borrowed: &mut &'a str| match (
            owned.as_mut(),
            borrowed.is_empty(),
            piece,
        ) {
            (Some(text), _, piece) => text.push_str(&piece),
            (None, true, Cow::Borrowed(piece)) => *borrowed = piece,
            (None, _, piece) => {
                let mut text = String::from(*borrowed);
                text.push_str(&piece);
                *owned = Some(text);
            }
        };
        loop {
            let rest = self.rest();
            let Some(lt) = rest.find('<') else {
                return Err(self.error(format!("`<{}>` is not closed", self.innermost())));
            };
            if lt > 0 {
                let piece = decode(&rest[..lt], self.position)?;
                push(piece, &mut owned, &mut borrowed);
            }
            self.position += lt;
            let tag = self.rest();
            if let Some(cdata) = tag.strip_prefix("<![CDATA[") {
                let end = cdata
                    .find("]]>")
                    .ok_or_else(|| self.error("a CDATA section is not closed"))?;
                push(Cow::Borrowed(&cdata[..end]), &mut owned, &mut borrowed);
                self.position += "<![CDATA[".len() + end + 3;
            } else if tag.starts_with("<!--") {
                self.skip_past("-->", "a comment is not closed")?;
            } else if tag.starts_with("<?") {
                self.skip_past("?>", "a processing instruction is not closed")?;
            } else if tag.starts_with("</") {
                self.end_tag()?;
                return Ok(owned.map_or(Cow::Borrowed(borrowed), Cow::Owned));
            } else {
                return Err(self.error(format!(
                    "`<{}>` holds elements where text was expected",
                    self.innermost()
                )));
            }
        }
    }

    /// Leaves the element just entered, whatever it holds.
    pub fn skip(&mut self) -> Result<(), XmlError> {
        let depth = self.open.len();
        if depth == 0 {
            return Err(self.error("no element is entered"));
        }
        // Each step enters a child or leaves an element, until the entered one is left.
        while self.open.len() >= depth {
            self.next_start()?;
        }
        Ok(())
    }
}

/// Where a start tag's `>` is, past quoted attribute values (which may hold `>`).
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in tag.char_indices() {
        match (quote, c) {
            (None, '>') => return Some(at),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// An XML name, loosely: not empty, not starting with a digit, `-` or `.`, and holding no
/// markup or space. (Names are only compared, so the finer rules of the specification buy
/// nothing here.)
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if !c.is_ascii_digit() && !matches!(c, '-' | '.'))
        && !name.contains(|c: char| {
            is_space(c) || matches!(c, '<' | '>' | '&' | '"' | '\'' | '=' | '/')
        })
}

/// Text with its entity and character references decoded; `at` is its offset, for errors.
fn decode(raw: &str, at: usize) -> Result<Cow<'_, str>, XmlError> {
    let Some(first) = raw.find('&') else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let reference_at = at + (raw.len() - rest.len()) + amp;
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .filter(|semi| *semi <= 10)
            .ok_or_else(|| XmlError::at(reference_at, "an `&` starts no reference"))?;
        let name = &after[..semi];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(decimal) = name.strip_prefix('#') {
                    decimal.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| {
                    XmlError::at(
                        reference_at,
                        format!("`&{name};` is not a reference XML defines"),
                    )
                })?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests;
