//! Model documentation (botocore's HTML fragments) → rustdoc Markdown.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for a model's HTML documentation; nothing when it is empty.
pub fn doc_attrs(html: Option<&str>) -> TokenStream {
    let markdown = html.map(to_markdown).unwrap_or_default();
    doc_lines(&markdown)
}

/// `#[doc]` attributes for Markdown text the generator wrote itself.
pub fn doc_lines(markdown: &str) -> TokenStream {
    let lines = markdown
        .lines()
        .map(doc_text)
        .map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// `#![doc]` attributes, the documentation of the module they stand in.
pub fn inner_doc_lines(markdown: &str) -> TokenStream {
    let lines = markdown
        .lines()
        .map(doc_text)
        .map(|line| quote!(#![doc = #line]));
    quote!(#(#lines)*)
}

/// prettyplease prints `#[doc = " x"]` as `/// x`, and `#[doc = ""]` as a bare `///`.
fn doc_text(line: &str) -> String {
    if line.is_empty() {
        return String::new();
    }
    let mut text = String::with_capacity(line.len() + 1);
    text.push(' ');
    for c in line.chars() {
        if reorders_or_controls(c) {
            // Shown, not obeyed: rustc refuses text-direction characters even in comments,
            // and a reader should see that the model holds one.
            text.extend(c.escape_unicode());
        } else {
            text.push(c);
        }
    }
    text
}

/// Characters that change how the text around them is displayed: the bidirectional
/// embeddings, overrides and isolates, and control characters.
pub(super) fn reorders_or_controls(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') || (c.is_control() && c != '\t')
}

/// Converts the subset of HTML the AWS models use: paragraphs, lists, code, links,
/// emphasis, notes. Unknown tags are dropped and their text kept.
pub fn to_markdown(html: &str) -> String {
    let mut out = Converter::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tag_start) = rest.strip_prefix('<') {
            match tag_start.find('>') {
                Some(end) => {
                    out.tag(&tag_start[..end]);
                    rest = &tag_start[end + 1..];
                }
                None => {
                    out.text("<");
                    rest = tag_start;
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.text(&decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out.finish()
}

#[derive(Default)]
struct Converter {
    blocks: Vec<String>,
    current: String,
    list_depth: usize,
    in_code: usize,
    in_pre: bool,
    link: Option<(String, usize)>,
}

impl Converter {
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "note" | "important" | "br", _) => self.break_block(),
            ("ul" | "ol", false) => {
                self.break_block();
                self.list_depth += 1;
            }
            ("ul" | "ol", true) => {
                self.break_block();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            ("li", false) => {
                self.break_block();
                let indent = "  ".repeat(self.list_depth.saturating_sub(1));
                self.current.push_str(&indent);
                self.current.push_str("- ");
            }
            ("li", true) => self.break_block(),
            ("code", false) => {
                self.in_code += 1;
                if !self.in_pre {
                    self.current.push('`');
                }
            }
            ("code", true) => {
                self.in_code = self.in_code.saturating_sub(1);
                if !self.in_pre {
                    self.current.push('`');
                }
            }
            ("pre", false) => {
                self.break_block();
                self.in_pre = true;
                self.current.push_str("```text\n");
            }
            ("pre", true) => {
                self.current.push_str("\n```");
                self.in_pre = false;
                self.break_block();
            }
            ("b" | "strong", _) => self.current.push_str("**"),
            ("i" | "em", _) => self.current.push('*'),
            ("a", false) => {
                let href = attribute(tag, "href").unwrap_or_default();
                self.current.push('[');
                self.link = Some((href, self.current.len()));
            }
            ("a", true) => match self.link.take() {
                Some((href, _)) if !href.is_empty() => {
                    self.current.push_str(&format!("]({href})"));
                }
                _ => self.current.push(']'),
            },
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_pre {
            self.current.push_str(text);
            return;
        }
        let mut last_space = self.current.is_empty() || self.current.ends_with([' ', '\n']);
        for c in text.chars() {
            if c.is_whitespace() {
                if !last_space {
                    self.current.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            // Outside code, brackets would read as intra-doc links and `<x>` as HTML.
            if self.in_code == 0 && matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '`') {
                self.current.push('\\');
            }
            self.current.push(c);
        }
    }

    fn break_block(&mut self) {
        // A list item's marker waits for the item's first paragraph.
        if self.current.trim() == "-" {
            return;
        }
        let block = self.current.trim_end().to_owned();
        if !block.trim().is_empty() {
            self.blocks.push(block);
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.break_block();
        let mut text = String::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if index > 0 {
                let both_items = is_list_item(block) && is_list_item(&self.blocks[index - 1]);
                text.push_str(if both_items { "\n" } else { "\n\n" });
            }
            text.push_str(&wrap_bare_urls(block.trim_start_matches(' ')));
        }
        text
    }
}

fn is_list_item(block: &str) -> bool {
    block.trim_start().starts_with("- ")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')?;
    Some(decode_entities(&tag[start..start + end]))
}

/// rustdoc warns about bare URLs; `<…>` makes them links.
fn wrap_bare_urls(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let mut rest = block;
    while let Some(start) = rest.find("https://").or_else(|| rest.find("http://")) {
        let (before, url_on) = rest.split_at(start);
        out.push_str(before);
        let end = url_on
            .find(|c: char| c.is_whitespace() || c == ')' || c == '\\')
            .unwrap_or(url_on.len());
        let url = url_on[..end].trim_end_matches(['.', ',', ';']);
        // Already the target of a Markdown link: `](http…`.
        if before.ends_with("](") {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &url_on[url.len()..];
    }
    out.push_str(rest);
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, to_markdown};

    #[test]
    fn text_direction_and_control_characters_are_shown_escaped() {
        let tokens = doc_lines("a\u{202E}b\u{2066}c\u{7}d\te").to_string();
        assert_eq!(tokens, r#"# [doc = " a\\u{202e}b\\u{2066}c\\u{7}d\te"]"#);
    }

    #[test]
    fn paragraphs_become_blocks_and_code_stays_code() {
        let html = "<p>Creates a deployment for a <code>MANUAL</code> app. </p> <p>Second.</p>";
        assert_eq!(
            to_markdown(html),
            "Creates a deployment for a `MANUAL` app.\n\nSecond."
        );
    }

    #[test]
    fn lists_links_and_escapes() {
        let html = "<p>See <a href=\"https://docs.aws.amazon.com/x\">the guide</a>:</p>\
                    <ul><li><p>one [a]</p></li><li>two</li></ul>";
        assert_eq!(
            to_markdown(html),
            "See [the guide](https://docs.aws.amazon.com/x):\n\n- one \\[a\\]\n- two"
        );
    }

    #[test]
    fn bare_urls_are_wrapped_and_entities_decoded() {
        assert_eq!(
            to_markdown("<p>Go to https://example.com. A &amp; B</p>"),
            "Go to <https://example.com>. A & B"
        );
    }
}
