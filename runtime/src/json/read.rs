//! A pull reader: generated deserializers drive it member by member, so a response is read
//! in one pass without first building a [`Value`] tree, and members the client does not know
//! are skipped without allocating.
//!
//! It accepts exactly what [`parse`](super::parse) followed by [`FromJson`](super::FromJson)
//! accepts, with the same conversion messages and member paths, and the same nesting limit
//! ([`MAX_DEPTH`]). Recursion (in [`JsonReader::skip`], `Value` reads and generated code) only
//! happens through [`JsonReader::begin_object`] and [`JsonReader::begin_array`], which count
//! the depth, so hostile nesting is an error rather than a stack overflow.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use super::{
    Blob, JsonError, MAX_DEPTH, Number, Parser, Value, float_from_str, integer_in_range,
    ordinary_run, timestamp_from_str,
};
use crate::encoding::base64_decode;
use crate::time::DateTime;

/// Reads JSON from a byte slice on demand. See the module documentation.
#[derive(Clone, Debug)]
pub struct JsonReader<'a> {
    bytes: &'a [u8],
    /// `bytes` as text when all of it is UTF-8, checked once up front: strings are then
    /// sliced out of it without checking each again. `None` sends every string through its
    /// own check, so invalid bytes are reported where they are, and only if they are read.
    text: Option<&'a str>,
    position: usize,
    /// Open arrays and objects.
    depth: usize,
    /// Whether the innermost container was just opened, so no `,` is due before its first
    /// member or element. One flag suffices: when a nested container closes, its parent has
    /// just read a value, so the parent's flag would be `false` too.
    first: bool,
    /// Where the value of the key last returned by `next_key` starts. If the reader is still
    /// there at the next `next_key`, the caller did not read the value, and it is skipped.
    value_start: usize,
}

/// Where a reader stood, to rewind to.
#[derive(Clone, Copy)]
struct Mark {
    position: usize,
    depth: usize,
    first: bool,
    value_start: usize,
}

/// A type that generated deserializers can read from a [`JsonReader`].
pub trait ReadJson: Sized {
    /// Reads one value, or says what was expected and what was found.
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError>;
}

/// Whether `bytes` holds nothing but JSON whitespace.
fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Reads a payload member from a whole body: a blank body is `None`, as botocore treats it.
pub fn read_body<T: ReadJson>(bytes: &[u8]) -> Result<Option<T>, JsonError> {
    if is_blank(bytes) {
        return Ok(None);
    }
    let mut reader = JsonReader::new(bytes);
    let value = reader.read()?;
    reader.end()?;
    Ok(Some(value))
}

impl<'a> JsonReader<'a> {
    /// A reader before the first value of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            text: std::str::from_utf8(bytes).ok(),
            position: 0,
            depth: 0,
            first: false,
            value_start: usize::MAX,
        }
    }

    /// A reader inside the top-level object of a response body. A body that is empty or only
    /// whitespace reads as an object with no members (as botocore treats it).
    pub fn body_object(bytes: &'a [u8]) -> Result<Self, JsonError> {
        // An empty object stands in for a blank body, so callers need no special case.
        let mut reader = Self::new(if is_blank(bytes) { b"{}" } else { bytes });
        reader.begin_object()?;
        Ok(reader)
    }

    /// A reader inside the top-level object of an error response, which is read leniently:
    /// a body that is blank or not one well-formed JSON object reads as an object with no
    /// members, so that the error's code and message still reach the caller. Once checked,
    /// the body can only disappoint [`lenient_member`](Self::lenient_member) with values of
    /// the wrong type, which it reads as unset.
    pub fn lenient_body_object(bytes: &'a [u8]) -> Self {
        let mut check = Self::new(bytes);
        let well_formed =
            check.next_kind() == Ok("an object") && check.skip().is_ok() && check.end().is_ok();
        let mut reader = Self::new(if well_formed { bytes } else { b"{}" });
        // `{` is next, and the depth is zero: opening it cannot fail.
        let _ = reader.begin_object();
        reader
    }

    fn mark(&self) -> Mark {
        Mark {
            position: self.position,
            depth: self.depth,
            first: self.first,
            value_start: self.value_start,
        }
    }

    fn rewind(&mut self, mark: Mark) {
        self.position = mark.position;
        self.depth = mark.depth;
        self.first = mark.first;
        self.value_start = mark.value_start;
    }

    fn error(&self, message: &str) -> JsonError {
        JsonError::syntax(self.position, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.position += 1;
        }
    }

    /// The kind of the next value, for type mismatch messages worded as
    /// [`Value::kind`] words them; a byte that starts no value is a syntax error.
    fn next_kind(&mut self) -> Result<&'static str, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => Ok("an object"),
            Some(b'[') => Ok("an array"),
            Some(b'"') => Ok("a string"),
            Some(b'-' | b'0'..=b'9') => Ok("a number"),
            Some(b't' | b'f') if self.at_literal() => Ok("a boolean"),
            Some(b'n') if self.at_literal() => Ok("null"),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input, expected a value")),
        }
    }

    fn at_literal(&self) -> bool {
        let rest = &self.bytes[self.position..];
        rest.starts_with(b"true") || rest.starts_with(b"false") || rest.starts_with(b"null")
    }

    /// `expected {expected}, found {the next value's kind}`, without consuming it.
    fn mismatch(&mut self, expected: &str) -> JsonError {
        match self.next_kind() {
            Ok(kind) => JsonError::new(format!("expected {expected}, found {kind}")),
            Err(error) => error,
        }
    }

    fn open(&mut self, bracket: u8, expected: &str) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.peek() != Some(bracket) {
            return Err(self.mismatch(expected));
        }
        if self.depth == MAX_DEPTH {
            return Err(self.error("arrays and objects nest too deeply"));
        }
        self.position += 1;
        self.depth += 1;
        self.first = true;
        Ok(())
    }

    fn close(&mut self) {
        self.position += 1;
        // Only called with a container open (`advance_member` and `next_element` check), but
        // saturating all the same: a reader must never panic.
        self.depth = self.depth.saturating_sub(1);
        self.first = false;
    }

    /// Expects `{` (after whitespace).
    pub fn begin_object(&mut self) -> Result<(), JsonError> {
        self.open(b'{', "an object")
    }

    /// Expects `[`; then [`next_element`](Self::next_element) says whether another element
    /// follows.
    pub fn begin_array(&mut self) -> Result<(), JsonError> {
        self.open(b'[', "an array")
    }

    /// Moves to the next member of the innermost open object: `true` at its key, `false`
    /// after consuming its `}`.
    fn advance_member(&mut self) -> Result<bool, JsonError> {
        self.skip_whitespace();
        if self.depth == 0 {
            return Err(self.error("no object is open"));
        }
        if std::mem::take(&mut self.first) {
            if self.peek() == Some(b'}') {
                self.close();
                return Ok(false);
            }
        } else {
            match self.peek() {
                Some(b',') => {
                    self.position += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.close();
                    return Ok(false);
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string key"));
        }
        Ok(true)
    }

    /// Consumes the `:` after a key and the whitespace around it.
    fn colon(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:` after an object key"));
        }
        self.position += 1;
        self.skip_whitespace();
        Ok(())
    }

    /// The next member's key of the innermost open object, or `None` after consuming its `}`.
    /// Handles the commas. Keys without escapes are borrowed.
    ///
    /// If the previous key's value was not read at all, it is skipped first, so a union can
    /// pass over `__type` with `if key == "__type" || reader.skip_null()? { continue }`.
    /// (Every value is at least one byte long, so "not read" is "still at its start".)
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        if self.position == self.value_start {
            self.skip()?;
        }
        if !self.advance_member()? {
            return Ok(None);
        }
        let key = self.string_at_quote()?;
        self.colon()?;
        self.value_start = self.position;
        Ok(Some(key))
    }

    /// Whether another element of the innermost open array follows; consumes its `]` when not.
    pub fn next_element(&mut self) -> Result<bool, JsonError> {
        self.skip_whitespace();
        if self.depth == 0 {
            return Err(self.error("no array is open"));
        }
        if std::mem::take(&mut self.first) {
            if self.peek() == Some(b']') {
                self.close();
                return Ok(false);
            }
            return Ok(true);
        }
        match self.peek() {
            Some(b',') => {
                self.position += 1;
                self.skip_whitespace();
                Ok(true)
            }
            Some(b']') => {
                self.close();
                Ok(false)
            }
            _ => Err(self.error("expected `,` or `]` after an array element")),
        }
    }

    /// If the next value is `null`, consumes it and returns true.
    pub fn skip_null(&mut self) -> Result<bool, JsonError> {
        self.skip_whitespace();
        if self.bytes[self.position..].starts_with(b"null") {
            self.position += 4;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        if self.bytes[self.position..].starts_with(word.as_bytes()) {
            self.position += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// Skips one value of any kind without building it. Strings are still checked for
    /// valid UTF-8 and escapes, so what is skipped is exactly what `parse` accepts.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.advance_member()? {
                    self.skip_string()?;
                    self.colon()?;
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'"') => self.skip_string(),
            Some(b'-' | b'0'..=b'9') => self.number_text().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input, expected a value")),
        }
    }

    /// A union member's value once [`skip_null`](Self::skip_null) has said it is set, with
    /// errors naming the member.
    pub fn variant<T: ReadJson>(&mut self, name: &str) -> Result<T, JsonError> {
        T::read_json(self).map_err(|error| error.in_member(name))
    }

    /// Reads one value of type `T`.
    pub fn read<T: ReadJson>(&mut self) -> Result<T, JsonError> {
        T::read_json(self)
    }

    /// A member's value: `null` is `None`, anything else `Some(T)`, with errors naming the
    /// member, as [`member`](super::member) does for the `Value` tree.
    pub fn member<T: ReadJson>(&mut self, name: &str) -> Result<Option<T>, JsonError> {
        if self.skip_null()? {
            return Ok(None);
        }
        T::read_json(self)
            .map(Some)
            .map_err(|error| error.in_member(name))
    }

    /// For error responses, which are parsed leniently: a value that is well-formed JSON but
    /// not a `T` is skipped and gives `Ok(None)`; malformed JSON is still an error.
    pub fn lenient_member<T: ReadJson>(&mut self, name: &str) -> Result<Option<T>, JsonError> {
        let mark = self.mark();
        match self.member(name) {
            Ok(value) => Ok(value),
            Err(_) => {
                // The reader holds the whole slice, so trying again costs only the skip,
                // which tells a mere mismatch from malformed input.
                self.rewind(mark);
                self.skip().map_err(|error| error.in_member(name))?;
                Ok(None)
            }
        }
    }

    /// Only whitespace may follow the top-level value.
    pub fn end(mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.position != self.bytes.len() {
            return Err(self.error("unexpected text after the JSON value"));
        }
        Ok(())
    }

    /// A string value; borrowed when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.mismatch("a string"));
        }
        self.string_at_quote()
    }

    /// A `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, JsonError> {
        self.skip_whitespace();
        let rest = &self.bytes[self.position..];
        if rest.starts_with(b"true") {
            self.position += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.position += 5;
            Ok(false)
        } else {
            Err(self.mismatch("a boolean"))
        }
    }

    /// A number, as [`parse`](super::parse) would give it: an integer when it has no
    /// fraction or exponent and fits in an `i64`, otherwise the nearest `f64`.
    pub fn number(&mut self) -> Result<Number, JsonError> {
        self.skip_whitespace();
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.mismatch("a number"));
        }
        let start = self.position;
        let (text, integral) = self.number_text()?;
        if integral {
            if let Ok(value) = text.parse() {
                return Ok(Number::Int(value));
            }
        }
        text.parse()
            .map(Number::Float)
            .map_err(|_| JsonError::syntax(start, "invalid number"))
    }

    /// The text of a number (checked against the RFC 8259 grammar) and whether it has
    /// neither fraction nor exponent.
    pub fn number_text(&mut self) -> Result<(&'a str, bool), JsonError> {
        self.skip_whitespace();
        let start = self.position;
        if self.peek() == Some(b'-') {
            self.position += 1;
        }
        match self.peek() {
            Some(b'0') => self.position += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.position += 1;
            self.required_digits()?;
            integral = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.position += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.position += 1;
            }
            self.required_digits()?;
            integral = false;
        }
        // Only ASCII was consumed, so this cannot fail; report rather than panic.
        let text = self
            .utf8(start)
            .map_err(|_| JsonError::syntax(start, "invalid number"))?;
        Ok((text, integral))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.position += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    /// Checks the bytes of a run of string text as UTF-8.
    fn utf8(&self, start: usize) -> Result<&'a str, JsonError> {
        // The ends of a run are at ASCII bytes (a quote, a backslash, the end of an escape),
        // so the slice is on char boundaries; `get` keeps that an assumption, not a panic.
        if let Some(run) = self.text.and_then(|text| text.get(start..self.position)) {
            return Ok(run);
        }
        let bytes: &'a [u8] = self.bytes;
        std::str::from_utf8(&bytes[start..self.position])
            .map_err(|e| JsonError::syntax(start + e.valid_up_to(), "invalid UTF-8"))
    }

    /// One escape sequence at its backslash, decoded by the tree parser's own code so the
    /// two agree on every escape (lone surrogates are errors in both).
    fn escape(&mut self) -> Result<char, JsonError> {
        let mut parser = Parser {
            text: "",
            bytes: self.bytes,
            position: self.position,
            depth: 0,
        };
        let decoded = parser.escape();
        self.position = parser.position;
        decoded
    }

    /// A string at its opening quote. Text without escapes is borrowed; with escapes, each
    /// run of ordinary text is copied once into the result.
    fn string_at_quote(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.position += 1;
        let start = self.position;
        self.position += ordinary_run(&self.bytes[self.position..]);
        if self.peek() == Some(b'"') {
            let text = self.utf8(start)?;
            self.position += 1;
            return Ok(Cow::Borrowed(text));
        }
        let mut owned = String::new();
        let mut run_start = start;
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error("unexpected end of input in a string"));
            };
            match byte {
                b'"' => {
                    owned.push_str(self.utf8(run_start)?);
                    self.position += 1;
                    return Ok(Cow::Owned(owned));
                }
                b'\\' => {
                    owned.push_str(self.utf8(run_start)?);
                    owned.push(self.escape()?);
                    run_start = self.position;
                }
                _ => return Err(self.error("control character in a string")),
            }
            self.position += ordinary_run(&self.bytes[self.position..]);
        }
    }

    /// Skips a string at its opening quote, checking it as [`string_at_quote`] does.
    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.position += 1;
        let mut run_start = self.position;
        loop {
            self.position += ordinary_run(&self.bytes[self.position..]);
            let Some(byte) = self.peek() else {
                return Err(self.error("unexpected end of input in a string"));
            };
            match byte {
                b'"' => {
                    self.utf8(run_start)?;
                    self.position += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.utf8(run_start)?;
                    self.escape()?;
                    run_start = self.position;
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The value at the reader built as a tree, as `parse` builds it.
    fn value(&mut self) -> Result<Value, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                let mut members = Vec::new();
                while let Some(key) = self.next_key()? {
                    let value = self.value()?;
                    members.push((key.into_owned(), value));
                }
                Ok(Value::Object(members))
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut elements = Vec::new();
                while self.next_element()? {
                    elements.push(self.value()?);
                }
                Ok(Value::Array(elements))
            }
            Some(b'"') => Ok(Value::String(self.string_at_quote()?.into_owned())),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't' | b'f') => self.boolean().map(Value::Bool),
            Some(b'n') => self.literal("null").map(|()| Value::Null),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input, expected a value")),
        }
    }
}

impl ReadJson for String {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.string().map(Cow::into_owned)
    }
}

impl ReadJson for bool {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.boolean()
    }
}

/// Reads a number for the integer and float conversions, with their mismatch wording.
fn number_for(reader: &mut JsonReader<'_>, expected: &str) -> Result<Number, JsonError> {
    reader.skip_whitespace();
    if !matches!(reader.peek(), Some(b'-' | b'0'..=b'9')) {
        return Err(reader.mismatch(expected));
    }
    reader.number()
}

macro_rules! integer_read_json {
    ($($int:ty)*) => {$(
        impl ReadJson for $int {
            fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
                let number = number_for(reader, "an integer")?;
                // The tree path's range check, on a value that holds no allocation.
                let integer = integer_in_range(
                    Value::Number(number),
                    <$int>::MIN.into(),
                    <$int>::MAX.into(),
                )?;
                // In range, so the conversion cannot fail.
                Ok(integer as $int)
            }
        }
    )*};
}

integer_read_json!(i8 i16 i32 i64);

impl ReadJson for f64 {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.skip_whitespace();
        if reader.peek() == Some(b'"') {
            return float_from_str(&reader.string()?);
        }
        number_for(reader, "a number").map(Number::as_f64)
    }
}

impl ReadJson for f32 {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        f64::read_json(reader).map(|value| value as f32)
    }
}

/// Like botocore's default timestamp parser: a number is epoch seconds, a string is epoch
/// seconds, ISO 8601 or an HTTP date.
impl ReadJson for DateTime {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.skip_whitespace();
        if reader.peek() == Some(b'"') {
            return timestamp_from_str(&reader.string()?);
        }
        match number_for(reader, "a timestamp")? {
            Number::Int(seconds) => Ok(DateTime::from_secs(seconds)),
            Number::Float(seconds) => DateTime::from_secs_f64(seconds)
                .ok_or_else(|| JsonError::new("expected a timestamp, found a number out of range")),
        }
    }
}

impl ReadJson for Blob {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.skip_whitespace();
        if reader.peek() != Some(b'"') {
            return Err(reader.mismatch("a base64 string"));
        }
        base64_decode(&reader.string()?)
            .map(Blob)
            .map_err(|e| JsonError::new(e.to_string()))
    }
}

/// Builds the tree, for `document` members.
impl ReadJson for Value {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.value()
    }
}

/// A `null` element is an error unless `T` takes it (`Vec<Option<T>>` for sparse lists),
/// as for [`FromJson`](super::FromJson).
impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.begin_array()?;
        let mut elements = Vec::new();
        while reader.next_element()? {
            let element = T::read_json(reader).map_err(|e| e.in_index(elements.len()))?;
            elements.push(element);
        }
        Ok(elements)
    }
}

/// `null` is `None`.
impl<T: ReadJson> ReadJson for Option<T> {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        if reader.skip_null()? {
            return Ok(None);
        }
        T::read_json(reader).map(Some)
    }
}

impl<T: ReadJson> ReadJson for Box<T> {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        T::read_json(reader).map(Box::new)
    }
}

impl<T: ReadJson, S: BuildHasher + Default> ReadJson for HashMap<String, T, S> {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.begin_object()?;
        let mut map = HashMap::with_hasher(S::default());
        while let Some(key) = reader.next_key()? {
            let mark = reader.mark();
            if reader.skip_null()? {
                // A dense map has no place for `null`: such an entry is skipped, as the tree
                // path does. (A sparse map's values are `Option`s, which take `null`.)
                reader.rewind(mark);
                match T::read_json(reader) {
                    Ok(value) => {
                        map.insert(key.into_owned(), value);
                    }
                    Err(_) => {
                        reader.rewind(mark);
                        reader.skip_null()?;
                    }
                }
                continue;
            }
            let value = T::read_json(reader).map_err(|e| e.in_member(&key))?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}

impl<T: ReadJson> ReadJson for BTreeMap<String, T> {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.begin_object()?;
        let mut map = BTreeMap::new();
        while let Some(key) = reader.next_key()? {
            let value = T::read_json(reader).map_err(|e| e.in_member(&key))?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests;
