//! The writer: elements, attributes and text into one buffer, escaped as botocore's
//! serializer (Python's ElementTree) escapes them: `&`, `<` and `>` in text; those, `"`, and
//! line feeds, carriage returns and tabs as character references in attribute values, where
//! a parser would otherwise normalize them to spaces.

/// Writes a document element by element.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// The names of the open elements, innermost last.
    open: Vec<String>,
    /// A start tag is written up to its attributes and not yet closed with `>`.
    in_start: bool,
}

impl XmlWriter {
    pub fn new() -> Self {
        Self::default()
    }

    fn close_start(&mut self) {
        if self.in_start {
            self.out.push('>');
            self.in_start = false;
        }
    }

    /// Opens `<name`, to which attributes may be added before anything else is written.
    pub fn start(&mut self, name: &str) -> &mut Self {
        self.close_start();
        self.out.push('<');
        self.out.push_str(name);
        self.open.push(name.to_owned());
        self.in_start = true;
        self
    }

    /// Adds `name="value"` to the start tag just opened (an `xmlns` declaration too).
    ///
    /// # Panics
    /// When no start tag is open: generated code writes attributes right after `start`.
    pub fn attribute(&mut self, name: &str, value: &str) -> &mut Self {
        assert!(self.in_start, "an attribute follows a start tag");
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape(&mut self.out, value, true);
        self.out.push('"');
        self
    }

    /// Text inside the open element; none at all leaves an element still empty.
    pub fn text(&mut self, text: &str) -> &mut Self {
        if text.is_empty() {
            return self;
        }
        self.close_start();
        escape(&mut self.out, text, false);
        self
    }

    /// Closes the innermost open element: ` />` when nothing was written inside it, as
    /// ElementTree writes an empty element.
    ///
    /// # Panics
    /// When no element is open.
    pub fn end(&mut self) -> &mut Self {
        let name = self.open.pop().expect("an element is open");
        if self.in_start {
            self.out.push_str(" />");
            self.in_start = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
        self
    }

    /// `<name>text</name>`, or `<name />` when the text is empty.
    pub fn element(&mut self, name: &str, text: &str) -> &mut Self {
        self.start(name);
        if text.is_empty() {
            return self.end();
        }
        self.close_start();
        self.text(text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self.open.pop();
        self
    }

    /// The document, with every open element closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out
    }
}

fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#09;"),
            c => out.push(c),
        }
    }
}
