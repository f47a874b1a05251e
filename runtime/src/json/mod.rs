//! A small JSON writer and reader for the AWS JSON protocols, without serde.
//!
//! The writer streams into a `String`: generated serializers call [`ObjectWriter::key`] and a
//! [`ValueWriter`] method per member, so no intermediate tree is built. Floats are written as
//! botocore writes them (Python's `repr`; `NaN` and the infinities as strings), strings are
//! escaped as serde_json escapes them (non-ASCII is written raw, where Python's `json.dumps`
//! would write `\uXXXX`; both decode to the same text).
//!
//! Two readers share one grammar, strict RFC 8259, bounded in depth, never panicking:
//! [`parse`] builds a whole body into a [`Value`] tree, which [`FromJson`] then takes apart;
//! [`JsonReader`] (in `read.rs`) is pulled member by member by generated deserializers and
//! builds nothing it is not asked for, so it is what responses should be read with.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;

use crate::encoding::{base64_decode, base64_encode_into, write_float, write_float32};
use crate::time::{DateTime, TimestampFormat};

mod read;

pub use read::{JsonReader, ReadJson, read_body};

/// Writes one JSON value; obtained from [`ObjectWriter::key`], [`ArrayWriter::value`] or
/// [`ValueWriter::new`]. Each method consumes the writer, so exactly one value is written.
#[must_use = "a key or array slot without a value is invalid JSON"]
pub struct ValueWriter<'a> {
    out: &'a mut String,
}

/// Writes the members of a JSON object; [`finish`](Self::finish) writes the closing brace.
#[must_use = "call finish() to close the object"]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

/// Writes the elements of a JSON array; [`finish`](Self::finish) writes the closing bracket.
#[must_use = "call finish() to close the array"]
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, empty: true }
    }

    /// Writes the separator and `"key":`, and returns the writer for the member's value.
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if !std::mem::take(&mut self.empty) {
            self.out.push(',');
        }
        write_string(self.out, key);
        self.out.push(':');
        ValueWriter { out: self.out }
    }

    /// Writes the member `key` when `value` is set; an unset optional member is left out.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.key(key).value(value);
        }
    }

    /// Writes the timestamp member `key` in `format` when it is set.
    pub fn optional_timestamp(
        &mut self,
        key: &str,
        value: Option<DateTime>,
        format: TimestampFormat,
    ) {
        if let Some(value) = value {
            self.key(key).timestamp(value, format);
        }
    }

    /// Closes the object.
    pub fn finish(self) {
        self.out.push('}');
    }
}

impl<'a> ArrayWriter<'a> {
    /// Starts an array at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('[');
        Self { out, empty: true }
    }

    /// Writes the separator and returns the writer for the next element.
    pub fn value(&mut self) -> ValueWriter<'_> {
        if !std::mem::take(&mut self.empty) {
            self.out.push(',');
        }
        ValueWriter { out: self.out }
    }

    /// Closes the array.
    pub fn finish(self) {
        self.out.push(']');
    }
}

impl<'a> ValueWriter<'a> {
    /// A writer for a value at the end of `out`, such as a whole document payload.
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// A string, escaped per RFC 8259.
    pub fn string(self, value: &str) {
        write_string(self.out, value);
    }

    /// `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// An integer.
    pub fn integer(self, value: i64) {
        // Writing into a String cannot fail.
        let _ = write!(self.out, "{value}");
    }

    /// A float as botocore writes it: `1.0`, `0.1`, `1e+16`, and the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"` for the values JSON cannot express.
    pub fn float(self, value: f64) {
        self.float_with(value.is_finite(), |out| write_float(out, value));
    }

    fn float32(self, value: f32) {
        self.float_with(value.is_finite(), |out| write_float32(out, value));
    }

    fn float_with(self, finite: bool, write: impl FnOnce(&mut String)) {
        if finite {
            write(self.out);
        } else {
            self.out.push('"');
            write(self.out);
            self.out.push('"');
        }
    }

    /// `null`.
    pub fn null(self) {
        self.out.push_str("null");
    }

    /// Starts an object as this value.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::new(self.out)
    }

    /// Starts an array as this value.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::new(self.out)
    }

    /// Bytes as a base64 string.
    pub fn blob(self, bytes: &[u8]) {
        self.out.push('"');
        base64_encode_into(self.out, bytes);
        self.out.push('"');
    }

    /// A timestamp: epoch seconds as a number, the other formats as strings.
    pub fn timestamp(self, time: DateTime, format: TimestampFormat) {
        match format {
            TimestampFormat::EpochSeconds => self.out.push_str(&time.fmt_epoch_seconds()),
            TimestampFormat::Iso8601 | TimestampFormat::HttpDate => {
                write_string(self.out, &format.format(time));
            }
        }
    }

    /// Any [`ToJson`] value.
    pub fn value<T: ToJson + ?Sized>(self, value: &T) {
        value.write_json(self);
    }
}

/// Writes `value` as a quoted JSON string: `"`, `\` and control characters are escaped, the
/// usual ones by their short forms (`\n`) and the rest as `\u00XX`.
fn write_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(value.len() + 2);
    out.push('"');
    let bytes = value.as_bytes();
    let mut run_start = 0;
    loop {
        // The bytes that need escaping are exactly those that end an ordinary run.
        let run_end = run_start + ordinary_run(&bytes[run_start..]);
        // Only ASCII bytes end a run, so both ends are char boundaries.
        out.push_str(&value[run_start..run_end]);
        let Some(&byte) = bytes.get(run_end) else {
            break;
        };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
        run_start = run_end + 1;
    }
    out.push('"');
}

/// A type that generated serializers can write as a JSON value.
pub trait ToJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, out: ValueWriter<'_>);
}

impl ToJson for str {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.string(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.boolean(*self);
    }
}

macro_rules! integer_to_json {
    ($($int:ty)*) => {$(
        impl ToJson for $int {
            fn write_json(&self, out: ValueWriter<'_>) {
                out.integer(i64::from(*self));
            }
        }
    )*};
}

integer_to_json!(i8 i16 i32 i64);

impl ToJson for f32 {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.float32(*self);
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.float(*self);
    }
}

/// Epoch seconds, the default timestamp format of JSON bodies.
impl ToJson for DateTime {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.timestamp(*self, TimestampFormat::EpochSeconds);
    }
}

impl ToJson for Blob {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.blob(&self.0);
    }
}

impl ToJson for Value {
    fn write_json(&self, out: ValueWriter<'_>) {
        match self {
            Value::Null => out.null(),
            Value::Bool(value) => out.boolean(*value),
            Value::Number(Number::Int(value)) => out.integer(*value),
            Value::Number(Number::Float(value)) => out.float(*value),
            Value::String(value) => out.string(value),
            Value::Array(elements) => out.value(elements.as_slice()),
            Value::Object(members) => {
                let mut object = out.start_object();
                for (key, value) in members {
                    object.key(key).value(value);
                }
                object.finish();
            }
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: ValueWriter<'_>) {
        let mut array = out.start_array();
        for element in self {
            array.value().value(element);
        }
        array.finish();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.value(self.as_slice());
    }
}

/// `None` is `null`, as in sparse lists and maps.
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: ValueWriter<'_>) {
        match self {
            Some(value) => out.value(value),
            None => out.null(),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: ValueWriter<'_>) {
        out.value(&**self);
    }
}

impl<T: ToJson, S> ToJson for HashMap<String, T, S> {
    fn write_json(&self, out: ValueWriter<'_>) {
        write_map(out, self.iter());
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, out: ValueWriter<'_>) {
        write_map(out, self.iter());
    }
}

fn write_map<'m, T: ToJson + 'm>(
    out: ValueWriter<'_>,
    entries: impl Iterator<Item = (&'m String, &'m T)>,
) {
    let mut object = out.start_object();
    for (key, value) in entries {
        object.key(key).value(value);
    }
    object.finish();
}

/// The bytes of a `blob` member, carried in JSON as base64.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, by value.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

/// A Smithy `document`: free-form JSON.
pub type Document = Value;

/// A parsed JSON value. Object members keep their order and any duplicates.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in document order.
    Object(Vec<(String, Value)>),
}

/// A JSON number: an integer when it has no fraction or exponent and fits in an `i64`,
/// otherwise the nearest `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer that fits in an `i64`.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Number {
    /// The number as an `f64` (rounded if it is a large integer).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(value) => value as f64,
            Number::Float(value) => value,
        }
    }
}

impl Value {
    /// What kind of value this is, for messages: `a string`, `an object`, `null`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The members of an object, or an error naming what was found instead.
    pub fn into_object(self) -> Result<Vec<(String, Value)>, JsonError> {
        match self {
            Value::Object(members) => Ok(members),
            other => Err(JsonError::type_mismatch("an object", &other)),
        }
    }

    /// The elements of an array, or an error naming what was found instead.
    pub fn into_array(self) -> Result<Vec<Value>, JsonError> {
        match self {
            Value::Array(elements) => Ok(elements),
            other => Err(JsonError::type_mismatch("an array", &other)),
        }
    }

    /// The text of a string, or an error naming what was found instead.
    pub fn into_string(self) -> Result<String, JsonError> {
        match self {
            Value::String(text) => Ok(text),
            other => Err(JsonError::type_mismatch("a string", &other)),
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The member `key` of an object (the last one, if repeated, as Python's `json` keeps);
    /// `None` for a missing member or a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why a JSON text could not be parsed or converted.
///
/// A syntax error carries the byte offset where parsing stopped; a conversion error carries
/// the path of members leading to the value that did not fit, such as `fileMap.foo` or
/// `items[2].name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    message: String,
    offset: Option<usize>,
    path: String,
}

impl JsonError {
    /// A conversion error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            offset: None,
            path: String::new(),
        }
    }

    /// `expected {expected}, found {kind of found}`.
    pub fn type_mismatch(expected: &str, found: &Value) -> Self {
        Self::new(format!("expected {expected}, found {}", found.kind()))
    }

    fn syntax(offset: usize, message: &str) -> Self {
        Self {
            message: message.to_owned(),
            offset: Some(offset),
            path: String::new(),
        }
    }

    /// Records that the error happened inside the member (or map key) `name`; called from
    /// the innermost value outwards, so the path reads from the root.
    pub fn in_member(mut self, name: &str) -> Self {
        self.prefix_path(name);
        self
    }

    /// Records that the error happened inside element `index` of an array.
    pub fn in_index(mut self, index: usize) -> Self {
        self.prefix_path(&format!("[{index}]"));
        self
    }

    fn prefix_path(&mut self, segment: &str) {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, segment);
    }

    /// What went wrong, without the path or offset.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset of a syntax error.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The member path of a conversion error; empty at the root.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "member `{}`: ", self.path)?;
        }
        match self.offset {
            Some(offset) => write!(f, "invalid JSON at byte {offset}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for JsonError {}

/// How deeply arrays and objects may nest; deeper input is rejected rather than risking the
/// stack.
const MAX_DEPTH: usize = 128;

/// Parses a complete JSON text (RFC 8259), with nothing but whitespace around the value.
pub fn parse(bytes: &[u8]) -> Result<Value, JsonError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| JsonError::syntax(e.valid_up_to(), "invalid UTF-8"))?;
    let mut parser = Parser {
        text,
        bytes,
        position: 0,
        depth: 0,
    };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.position != bytes.len() {
        return Err(parser.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

/// Parses `bytes` and converts the value into `T`.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    T::from_json(parse(bytes)?)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    depth: usize,
}

impl Parser<'_> {
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

    fn value(&mut self) -> Result<Value, JsonError> {
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input, expected a value")),
        }
    }

    fn nested(
        &mut self,
        parse: fn(&mut Self) -> Result<Value, JsonError>,
    ) -> Result<Value, JsonError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("arrays and objects nest too deeply"));
        }
        self.depth += 1;
        let value = parse(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes[self.position..].starts_with(word.as_bytes()) {
            self.position += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.position += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.position += 1;
            return Ok(Value::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after an object key"));
            }
            self.position += 1;
            self.skip_whitespace();
            members.push((key, self.value()?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.position += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.position += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.position += 1;
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.position += 1;
            return Ok(Value::Array(elements));
        }
        loop {
            elements.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.position += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.position += 1;
                    return Ok(Value::Array(elements));
                }
                _ => return Err(self.error("expected `,` or `]` after an array element")),
            }
        }
    }

    /// A string starting at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.position += 1;
        let mut text = String::new();
        let mut run_start = self.position;
        loop {
            // Skip a run of ordinary bytes at once: most strings have no escapes.
            self.position += ordinary_run(&self.bytes[self.position..]);
            let Some(byte) = self.peek() else {
                return Err(self.error("unexpected end of input in a string"));
            };
            match byte {
                b'"' => {
                    // Runs end only at ASCII bytes, so the slices are on char boundaries.
                    text.push_str(&self.text[run_start..self.position]);
                    self.position += 1;
                    return Ok(text);
                }
                b'\\' => {
                    text.push_str(&self.text[run_start..self.position]);
                    text.push(self.escape()?);
                    run_start = self.position;
                }
                0x00..=0x1F => return Err(self.error("control character in a string")),
                _ => self.position += 1,
            }
        }
    }

    /// An escape sequence starting at its backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let start = self.position;
        self.position += 1;
        let Some(kind) = self.peek() else {
            return Err(self.error("unexpected end of input in a string"));
        };
        self.position += 1;
        let simple = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(start),
            _ => return Err(JsonError::syntax(start, "invalid escape sequence")),
        };
        Ok(simple)
    }

    /// The rest of a `\uXXXX` escape (and of the low half of a surrogate pair).
    fn unicode_escape(&mut self, start: usize) -> Result<char, JsonError> {
        let unpaired = || JsonError::syntax(start, "unpaired surrogate in a \\u escape");
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.position..].starts_with(b"\\u") {
                    return Err(unpaired());
                }
                self.position += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(unpaired());
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(unpaired()),
            _ => first,
        };
        char::from_u32(code).ok_or_else(unpaired)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.position..self.position + 4)
            .ok_or_else(|| self.error("expected 4 hex digits in a \\u escape"))?;
        let mut code = 0;
        for &digit in digits {
            let value = char::from(digit)
                .to_digit(16)
                .ok_or_else(|| self.error("expected 4 hex digits in a \\u escape"))?;
            code = code * 16 + value;
        }
        self.position += 4;
        Ok(code)
    }

    fn number(&mut self) -> Result<Number, JsonError> {
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
        let text = &self.text[start..self.position];
        if integral {
            if let Ok(value) = text.parse() {
                return Ok(Number::Int(value));
            }
        }
        // The grammar checked above is a subset of what `f64::from_str` takes, so this only
        // fails if the two disagree; report it rather than panic.
        text.parse()
            .map(Number::Float)
            .map_err(|_| JsonError::syntax(start, "invalid number"))
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
}

/// A type that generated deserializers can build from a parsed [`Value`].
pub trait FromJson: Sized {
    /// Converts `value`, or says what was expected and what was found.
    fn from_json(value: Value) -> Result<Self, JsonError>;
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value.into_string()
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Bool(value) => Ok(value),
            other => Err(JsonError::type_mismatch("a boolean", &other)),
        }
    }
}

/// The integer in `value` if it lies in `min..=max`. A float with no fractional part is
/// accepted, as Python would hand it through.
fn integer_in_range(value: Value, min: i64, max: i64) -> Result<i64, JsonError> {
    // 2^63 as an f64: floats in [-2^63, 2^63) convert to i64 exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let out_of_range = || {
        JsonError::new(format!(
            "expected an integer from {min} to {max}, found a number out of range"
        ))
    };
    let integer = match value {
        Value::Number(Number::Int(value)) => value,
        Value::Number(Number::Float(value)) if value.is_finite() && value.fract() != 0.0 => {
            return Err(JsonError::new(
                "expected an integer, found a number with a fractional part",
            ));
        }
        Value::Number(Number::Float(value)) if (-LIMIT..LIMIT).contains(&value) => value as i64,
        Value::Number(Number::Float(_)) => return Err(out_of_range()),
        other => return Err(JsonError::type_mismatch("an integer", &other)),
    };
    if (min..=max).contains(&integer) {
        Ok(integer)
    } else {
        Err(out_of_range())
    }
}

macro_rules! integer_from_json {
    ($($int:ty)*) => {$(
        impl FromJson for $int {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                let integer = integer_in_range(value, <$int>::MIN.into(), <$int>::MAX.into())?;
                // In range, so the conversion cannot fail.
                Ok(integer as $int)
            }
        }
    )*};
}

integer_from_json!(i8 i16 i32 i64);

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Number(number) => Ok(number.as_f64()),
            Value::String(text) => float_from_str(&text),
            other => Err(JsonError::type_mismatch("a number", &other)),
        }
    }
}

impl FromJson for f32 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        f64::from_json(value).map(|value| value as f32)
    }
}

/// The floats botocore sends as strings; shared with the pull reader so both accept the same.
fn float_from_str(text: &str) -> Result<f64, JsonError> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ => Err(JsonError::new(
            "expected a number, found a string other than \"NaN\", \"Infinity\" or \"-Infinity\"",
        )),
    }
}

/// A timestamp given as a string: epoch seconds, ISO 8601 or an HTTP date.
fn timestamp_from_str(text: &str) -> Result<DateTime, JsonError> {
    DateTime::parse_epoch_seconds(text)
        .or_else(|_| DateTime::parse_iso8601(text))
        .or_else(|_| DateTime::parse_http_date(text))
        .map_err(|_| JsonError::new(format!("expected a timestamp, found the string `{text}`")))
}

/// Like botocore's default timestamp parser: a number is epoch seconds, a string is epoch
/// seconds, ISO 8601 or an HTTP date.
impl FromJson for DateTime {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Number(Number::Int(seconds)) => Ok(DateTime::from_secs(seconds)),
            Value::Number(Number::Float(seconds)) => DateTime::from_secs_f64(seconds)
                .ok_or_else(|| JsonError::new("expected a timestamp, found a number out of range")),
            Value::String(text) => timestamp_from_str(&text),
            other => Err(JsonError::type_mismatch("a timestamp", &other)),
        }
    }
}

impl FromJson for Blob {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(text) => base64_decode(&text)
                .map(Blob)
                .map_err(|e| JsonError::new(e.to_string())),
            other => Err(JsonError::type_mismatch("a base64 string", &other)),
        }
    }
}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value
            .into_array()?
            .into_iter()
            .enumerate()
            .map(|(index, element)| T::from_json(element).map_err(|e| e.in_index(index)))
            .collect()
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson, S: BuildHasher + Default> FromJson for HashMap<String, T, S> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let members = value.into_object()?;
        let mut map = HashMap::with_capacity_and_hasher(members.len(), S::default());
        for (key, value) in members {
            // A dense map has no place for `null`: such an entry is skipped. (A sparse map's
            // values are `Option`s, which take `null` as `None`.)
            if value == Value::Null && T::from_json(Value::Null).is_err() {
                continue;
            }
            let value = T::from_json(value).map_err(|e| e.in_member(&key))?;
            map.insert(key, value);
        }
        Ok(map)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value
            .into_object()?
            .into_iter()
            .map(|(key, value)| match T::from_json(value) {
                Ok(value) => Ok((key, value)),
                Err(e) => Err(e.in_member(&key)),
            })
            .collect()
    }
}

/// Reads one member of an object for generated deserializers: `null` is an absent member,
/// and an error names the member.
pub fn member<T: FromJson>(value: Value, name: &str) -> Result<Option<T>, JsonError> {
    match value {
        Value::Null => Ok(None),
        value => T::from_json(value)
            .map(Some)
            .map_err(|error| error.in_member(name)),
    }
}

/// A required member that is absent and has no default value.
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, JsonError> {
    value.ok_or_else(|| JsonError::new(format!("the required member `{name}` is missing")))
}

/// Serializes a value as a JSON document.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    ValueWriter::new(&mut out).value(value);
    out
}

/// How many bytes at the start of `bytes` need no attention inside a JSON string: all but
/// `"`, `\\` and control characters. Eight bytes at a time, with the usual bit tricks (a
/// byte is zero in `x ^ pattern` exactly where it equals the pattern's byte), since parsing
/// a response is mostly this loop.
fn ordinary_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut offset = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let quote = has_zero(word ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
        // A byte below 0x20 borrows when 0x20 is taken from it; bytes of 0x80 and up are
        // not control characters, so their own high bit is masked out.
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        if quote | backslash | control != 0 {
            break;
        }
        offset += 8;
    }
    offset
        + bytes[offset..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(bytes.len() - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_runs_stop_at_quotes_backslashes_and_control_characters() {
        assert_eq!(ordinary_run(b""), 0);
        assert_eq!(ordinary_run(b"abcdefghijklmnop"), 16);
        assert_eq!(ordinary_run(b"abcdefghij\"x"), 10);
        assert_eq!(ordinary_run(b"abcdefghij\\x"), 10);
        assert_eq!(ordinary_run(b"abc\ndefghij"), 3);
        assert_eq!(ordinary_run("ééééééé\"".as_bytes()), 14);
        assert_eq!(ordinary_run(b"abcdefg\x1f"), 7);
        assert_eq!(ordinary_run(b"\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f "), 9);
    }

    #[test]
    fn writer_builds_nested_documents() {
        let mut out = String::new();
        let mut root = ObjectWriter::new(&mut out);
        root.key("name").string("a \"quoted\" name");
        root.key("count").integer(-3);
        root.key("enabled").boolean(true);
        root.key("ratio").float(0.5);
        root.key("nothing").null();
        let mut tags = root.key("tags").start_array();
        tags.value().string("x");
        let mut nested = tags.value().start_object();
        nested.key("deep").start_array().finish();
        nested.finish();
        tags.finish();
        root.key("empty").start_object().finish();
        root.finish();
        let expected = r#"{"name":"a \"quoted\" name","count":-3,"enabled":true,"ratio":0.5,"nothing":null,"tags":["x",{"deep":[]}],"empty":{}}"#;
        assert_eq!(out, expected);
        let reparsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            reparsed,
            serde_json::json!({
                "name": "a \"quoted\" name", "count": -3, "enabled": true, "ratio": 0.5,
                "nothing": null, "tags": ["x", {"deep": []}], "empty": {}
            })
        );
    }

    #[test]
    fn optional_members_are_left_out_when_unset() {
        let mut out = String::new();
        let mut object = ObjectWriter::new(&mut out);
        object.optional("a", &None::<String>);
        object.optional("b", &Some(2));
        object.optional_timestamp("c", None, TimestampFormat::Iso8601);
        object.optional_timestamp("d", Some(DateTime::from_secs(0)), TimestampFormat::Iso8601);
        object.optional("e", &None::<i32>);
        object.finish();
        assert_eq!(out, r#"{"b":2,"d":"1970-01-01T00:00:00Z"}"#);
    }

    #[test]
    fn writer_appends_to_existing_text() {
        let mut out = String::from("prefix:");
        ArrayWriter::new(&mut out).finish();
        assert_eq!(out, "prefix:[]");
    }

    #[test]
    fn strings_are_escaped_like_serde_json() {
        let mut samples: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain",
                "quote \" backslash \\ slash /",
                "line\nfeed\rtab\tbell\u{7}nul\u{0}unit\u{1f}del\u{7f}",
                "café ሴ 😀 \u{2028}\u{2029} \u{fffd}",
                "\\u0041 is not an escape here",
            ]
            .map(str::to_owned),
        );
        let all: String = samples.concat();
        samples.push(all);
        for sample in &samples {
            assert_eq!(
                to_string(sample.as_str()),
                serde_json::to_string(sample).unwrap(),
                "{sample:?}"
            );
            assert_eq!(
                parse(to_string(sample.as_str()).as_bytes()),
                Ok(Value::String(sample.clone()))
            );
        }
    }

    #[test]
    fn floats_are_written_like_botocore() {
        // Python's json.dumps of the same floats.
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1e-7, "1e-07"),
            (123456789.125, "123456789.125"),
            (1e300, "1e+300"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
        ];
        for (value, expected) in cases {
            assert_eq!(to_string(&value), expected);
            assert_eq!(serde_json::from_str::<f64>(expected).unwrap(), value);
        }
        // botocore's `_handle_float` replaces these before `json.dumps`.
        assert_eq!(to_string(&f64::NAN), r#""NaN""#);
        assert_eq!(to_string(&f64::INFINITY), r#""Infinity""#);
        assert_eq!(to_string(&f64::NEG_INFINITY), r#""-Infinity""#);
        assert_eq!(to_string(&f32::NAN), r#""NaN""#);
        assert_eq!(to_string(&0.1f32), "0.1");
        assert_eq!(to_string(&3.0f32), "3.0");
    }

    #[test]
    fn integers_and_booleans() {
        assert_eq!(to_string(&i64::MIN), "-9223372036854775808");
        assert_eq!(to_string(&i64::MAX), "9223372036854775807");
        assert_eq!(to_string(&-128i8), "-128");
        assert_eq!(to_string(&32767i16), "32767");
        assert_eq!(to_string(&0i32), "0");
        assert_eq!(to_string(&false), "false");
    }

    #[test]
    fn blobs_and_timestamps() {
        assert_eq!(to_string(&Blob::from(&b"foobar"[..])), r#""Zm9vYmFy""#);
        assert_eq!(to_string(&Blob::default()), r#""""#);
        let time = DateTime::from_secs_and_nanos(1_440_938_160, 500_000_000);
        assert_eq!(to_string(&time), "1440938160.5");
        assert_eq!(to_string(&DateTime::from_secs(1_440_938_160)), "1440938160");
        let formatted = |format| {
            let mut out = String::new();
            ValueWriter::new(&mut out).timestamp(time, format);
            out
        };
        assert_eq!(formatted(TimestampFormat::EpochSeconds), "1440938160.5");
        assert_eq!(
            formatted(TimestampFormat::Iso8601),
            r#""2015-08-30T12:36:00.500000Z""#
        );
        assert_eq!(
            formatted(TimestampFormat::HttpDate),
            r#""Sun, 30 Aug 2015 12:36:00 GMT""#
        );
    }

    #[test]
    fn collections() {
        assert_eq!(to_string(&vec![1i32, 2, 3]), "[1,2,3]");
        assert_eq!(to_string(&[true][..]), "[true]");
        assert_eq!(to_string(&Vec::<String>::new()), "[]");
        assert_eq!(
            to_string(
                &[Some("a"), None]
                    .iter()
                    .map(|s| s.map(str::to_owned))
                    .collect::<Vec<_>>()
            ),
            r#"["a",null]"#
        );
        assert_eq!(to_string(&Box::new(7i64)), "7");
        let mut sorted = BTreeMap::new();
        sorted.insert("b".to_owned(), vec![1.5f64]);
        sorted.insert("a".to_owned(), vec![]);
        assert_eq!(to_string(&sorted), r#"{"a":[],"b":[1.5]}"#);
        let hashed: HashMap<String, bool> = [("k\"ey".to_owned(), true)].into_iter().collect();
        assert_eq!(to_string(&hashed), r#"{"k\"ey":true}"#);
    }

    #[test]
    fn documents_round_trip() {
        let text = r#"{"a":[1,-2.5,"s",true,false,null,{}],"b":{"c":[]},"a":1e+16}"#;
        let document: Document = parse(text.as_bytes()).unwrap();
        assert_eq!(to_string(&document), text);
    }

    #[test]
    fn parses_every_kind_of_value() {
        let value =
            parse(br#" {"s":"x","n":[0,-1,2.5,1E2],"t":true,"f":false,"z":null,"o":{"a":[]}} "#)
                .unwrap();
        assert_eq!(
            value,
            Value::Object(vec![
                ("s".to_owned(), Value::String("x".to_owned())),
                (
                    "n".to_owned(),
                    Value::Array(vec![
                        Value::Number(Number::Int(0)),
                        Value::Number(Number::Int(-1)),
                        Value::Number(Number::Float(2.5)),
                        Value::Number(Number::Float(100.0)),
                    ])
                ),
                ("t".to_owned(), Value::Bool(true)),
                ("f".to_owned(), Value::Bool(false)),
                ("z".to_owned(), Value::Null),
                (
                    "o".to_owned(),
                    Value::Object(vec![("a".to_owned(), Value::Array(vec![]))])
                ),
            ])
        );
    }

    #[test]
    fn numbers_keep_integers_exact_and_fall_back_to_floats() {
        let number = |text: &str| match parse(text.as_bytes()) {
            Ok(Value::Number(number)) => number,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(number("9223372036854775807"), Number::Int(i64::MAX));
        assert_eq!(number("-9223372036854775808"), Number::Int(i64::MIN));
        assert_eq!(
            number("9223372036854775808"),
            Number::Float(9_223_372_036_854_775_808.0)
        );
        assert_eq!(number("-0"), Number::Int(0));
        assert_eq!(number("1.0"), Number::Float(1.0));
        assert_eq!(number("0.1e-2"), Number::Float(0.001));
        assert_eq!(number("1e400"), Number::Float(f64::INFINITY));
        assert_eq!(number("123456789.125").as_f64(), 123456789.125);
    }

    #[test]
    fn string_escapes() {
        let string = |text: &str| parse(text.as_bytes()).and_then(Value::into_string);
        assert_eq!(
            string(r#""\"\\\/\b\f\n\r\t""#),
            Ok("\"\\/\u{8}\u{c}\n\r\t".to_owned())
        );
        assert_eq!(string(r#""caf\u00e9 \u1234""#), Ok("café ሴ".to_owned()));
        assert_eq!(
            string(r#""\ud83d\ude00 \uD83D\uDE00""#),
            Ok("😀 😀".to_owned())
        );
        assert_eq!(string("\"raw ሴ 😀\""), Ok("raw ሴ 😀".to_owned()));
        assert_eq!(string(r#""\u0000""#), Ok("\0".to_owned()));
    }

    #[test]
    fn syntax_errors_name_the_problem_and_the_offset() {
        let cases: [(&[u8], &str); 26] = [
            (
                b"",
                "invalid JSON at byte 0: unexpected end of input, expected a value",
            ),
            (
                b"   ",
                "invalid JSON at byte 3: unexpected end of input, expected a value",
            ),
            (b"[1,]", "invalid JSON at byte 3: expected a value"),
            (
                b"[1 2]",
                "invalid JSON at byte 3: expected `,` or `]` after an array element",
            ),
            (
                b"{\"a\" 1}",
                "invalid JSON at byte 5: expected `:` after an object key",
            ),
            (
                b"{\"a\":1,}",
                "invalid JSON at byte 7: expected a string key",
            ),
            (b"{a:1}", "invalid JSON at byte 1: expected a string key"),
            (
                b"{\"a\":1 \"b\":2}",
                "invalid JSON at byte 7: expected `,` or `}` after an object member",
            ),
            (
                b"[1] x",
                "invalid JSON at byte 4: unexpected text after the JSON value",
            ),
            (
                b"\"abc",
                "invalid JSON at byte 4: unexpected end of input in a string",
            ),
            (
                b"\"a\\x\"",
                "invalid JSON at byte 2: invalid escape sequence",
            ),
            (
                b"\"\\ud800\"",
                "invalid JSON at byte 1: unpaired surrogate in a \\u escape",
            ),
            (
                b"\"\\ud800\\u0041\"",
                "invalid JSON at byte 1: unpaired surrogate in a \\u escape",
            ),
            (
                b"\"\\udc00\"",
                "invalid JSON at byte 1: unpaired surrogate in a \\u escape",
            ),
            (
                b"\"\\u12g4\"",
                "invalid JSON at byte 3: expected 4 hex digits in a \\u escape",
            ),
            (
                b"\"\\u12",
                "invalid JSON at byte 3: expected 4 hex digits in a \\u escape",
            ),
            (
                b"\"a\nb\"",
                "invalid JSON at byte 2: control character in a string",
            ),
            (b"\"\xff\"", "invalid JSON at byte 1: invalid UTF-8"),
            (
                b"\xef\xbb\xbf{}",
                "invalid JSON at byte 0: expected a value",
            ),
            (
                b"01",
                "invalid JSON at byte 1: unexpected text after the JSON value",
            ),
            (b"-", "invalid JSON at byte 1: expected a digit"),
            (b"1.", "invalid JSON at byte 2: expected a digit"),
            (b"1e+", "invalid JSON at byte 3: expected a digit"),
            (b".5", "invalid JSON at byte 0: expected a value"),
            (b"tru", "invalid JSON at byte 0: expected a value"),
            (b"NaN", "invalid JSON at byte 0: expected a value"),
        ];
        for (input, message) in cases {
            let error = parse(input).unwrap_err();
            assert_eq!(
                error.to_string(),
                message,
                "{:?}",
                String::from_utf8_lossy(input)
            );
            assert!(serde_json::from_slice::<serde_json::Value>(input).is_err());
        }
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        assert_eq!(
            parse(nested(MAX_DEPTH + 1).as_bytes())
                .unwrap_err()
                .to_string(),
            "invalid JSON at byte 128: arrays and objects nest too deeply"
        );
        let objects = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
        assert!(parse(objects.as_bytes()).is_err());
    }

    const SAMPLE: &str = r#"{"Items":[{"id":{"S":"caf\u00e9 \ud83d\ude00"},"n":{"N":"-12.5e3"},"ok":true,"none":null}],"Count":1,"Scanned":-0.25,"Last":{"k":[1,2,{"x":"\"\\\/\b\f\n\r\t"}]},"raw":"ሴ"}"#;

    #[test]
    fn every_truncation_of_a_document_is_an_error() {
        assert!(parse(SAMPLE.as_bytes()).is_ok());
        for end in 0..SAMPLE.len() {
            let error = parse(&SAMPLE.as_bytes()[..end]).unwrap_err();
            assert!(
                error.offset().is_some_and(|offset| offset <= end),
                "{end}: {error}"
            );
        }
    }

    /// A fixed-seed xorshift generator, so failures reproduce.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, bound: usize) -> usize {
            (self.next() % bound as u64) as usize
        }
    }

    fn to_serde(value: &Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(Number::Int(i)) => serde_json::Value::from(*i),
            Value::Number(Number::Float(f)) => serde_json::Value::from(*f),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(elements) => elements.iter().map(to_serde).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), to_serde(v)))
                    .collect(),
            ),
        }
    }

    /// Mutated documents never panic the parser, and it accepts exactly what serde_json
    /// accepts, with the same result.
    #[test]
    fn mutations_agree_with_serde_json() {
        const INTERESTING: &[u8] =
            b"{}[]\",:\\/-+.eE0123456789tfnu \t\n\r\x00\x1f\x7f\xc3\xa9\xed\xa0\x80\xff";
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut accepted = 0;
        for _ in 0..5000 {
            let mut bytes = SAMPLE.as_bytes().to_vec();
            for _ in 0..=random.below(3) {
                let at = random.below(bytes.len() + 1);
                let byte = if random.below(4) == 0 {
                    random.next() as u8
                } else {
                    INTERESTING[random.below(INTERESTING.len())]
                };
                match random.below(3) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            let ours = parse(&bytes);
            let theirs = serde_json::from_slice::<serde_json::Value>(&bytes);
            match (&ours, &theirs) {
                (Ok(ours), Ok(theirs)) => {
                    accepted += 1;
                    assert_eq!(
                        &to_serde(ours),
                        theirs,
                        "{}",
                        String::from_utf8_lossy(&bytes)
                    );
                }
                (Err(_), Err(_)) => {}
                _ => panic!(
                    "{:?}: ours {ours:?}, serde_json {theirs:?}",
                    String::from_utf8_lossy(&bytes)
                ),
            }
        }
        // Both outcomes are exercised.
        assert!(accepted > 100 && accepted < 4900, "{accepted}");
    }

    #[test]
    fn converts_scalars() {
        let value = |text: &str| parse(text.as_bytes()).unwrap();
        assert_eq!(String::from_json(value(r#""s""#)), Ok("s".to_owned()));
        assert_eq!(bool::from_json(value("true")), Ok(true));
        assert_eq!(i8::from_json(value("-128")), Ok(-128));
        assert_eq!(i16::from_json(value("32767")), Ok(32767));
        assert_eq!(i32::from_json(value("2.0")), Ok(2));
        assert_eq!(i64::from_json(value("-9223372036854775808")), Ok(i64::MIN));
        assert_eq!(f64::from_json(value("1")), Ok(1.0));
        assert_eq!(f64::from_json(value("-2.5")), Ok(-2.5));
        assert_eq!(f64::from_json(value(r#""Infinity""#)), Ok(f64::INFINITY));
        assert_eq!(
            f64::from_json(value(r#""-Infinity""#)),
            Ok(f64::NEG_INFINITY)
        );
        assert!(f64::from_json(value(r#""NaN""#)).unwrap().is_nan());
        assert_eq!(f32::from_json(value("0.1")), Ok(0.1f32));
        assert_eq!(
            Blob::from_json(value(r#""Zm9vYmFy""#)),
            Ok(Blob::new(&b"foobar"[..]))
        );
        assert_eq!(Option::<bool>::from_json(value("null")), Ok(None));
        assert_eq!(Option::<bool>::from_json(value("false")), Ok(Some(false)));
        assert_eq!(Box::<i32>::from_json(value("5")), Ok(Box::new(5)));
        assert_eq!(
            Value::from_json(value("[null]")),
            Ok(Value::Array(vec![Value::Null]))
        );
    }

    #[test]
    fn converts_timestamps_leniently() {
        let time = |text: &str| DateTime::from_json(parse(text.as_bytes()).unwrap());
        let expected = DateTime::from_secs(1_440_938_160);
        assert_eq!(time("1440938160"), Ok(expected));
        assert_eq!(
            time("1440938160.5"),
            Ok(DateTime::from_secs_and_nanos(1_440_938_160, 500_000_000))
        );
        assert_eq!(time(r#""1440938160""#), Ok(expected));
        assert_eq!(time(r#""2015-08-30T12:36:00Z""#), Ok(expected));
        assert_eq!(time(r#""Sun, 30 Aug 2015 12:36:00 GMT""#), Ok(expected));
        assert_eq!(
            time(r#""yesterday""#).unwrap_err().to_string(),
            "expected a timestamp, found the string `yesterday`"
        );
        assert_eq!(
            time("1e300").unwrap_err().to_string(),
            "expected a timestamp, found a number out of range"
        );
        assert_eq!(
            time("true").unwrap_err().to_string(),
            "expected a timestamp, found a boolean"
        );
    }

    #[test]
    fn conversion_errors_say_what_was_expected_and_found() {
        let error = |result: Result<(), JsonError>| result.unwrap_err().to_string();
        let value = |text: &str| parse(text.as_bytes()).unwrap();
        assert_eq!(
            error(value(r#""s""#).into_object().map(drop)),
            "expected an object, found a string"
        );
        assert_eq!(
            error(value("{}").into_array().map(drop)),
            "expected an array, found an object"
        );
        assert_eq!(
            error(String::from_json(value("1")).map(drop)),
            "expected a string, found a number"
        );
        assert_eq!(
            error(bool::from_json(value("null")).map(drop)),
            "expected a boolean, found null"
        );
        assert_eq!(
            error(i8::from_json(value("128")).map(drop)),
            "expected an integer from -128 to 127, found a number out of range"
        );
        assert_eq!(
            error(i32::from_json(value("1.5")).map(drop)),
            "expected an integer, found a number with a fractional part"
        );
        assert_eq!(
            error(i64::from_json(value("1e19")).map(drop)),
            "expected an integer from -9223372036854775808 to 9223372036854775807, found a number out of range"
        );
        assert_eq!(
            error(i32::from_json(value("[]")).map(drop)),
            "expected an integer, found an array"
        );
        assert_eq!(
            error(f64::from_json(value(r#""1.5""#)).map(drop)),
            "expected a number, found a string other than \"NaN\", \"Infinity\" or \"-Infinity\""
        );
        assert_eq!(
            error(Blob::from_json(value(r#""Zm9""#)).map(drop)),
            "invalid base64: the length 3 is not a multiple of 4"
        );
        assert_eq!(
            error(Blob::from_json(value("[]")).map(drop)),
            "expected a base64 string, found an array"
        );
    }

    #[test]
    fn nested_errors_carry_the_member_path() {
        let result = from_slice::<HashMap<String, HashMap<String, String>>>(
            br#"{"fileMap":{"ok":"x","foo":1}}"#,
        );
        let error = result.unwrap_err();
        assert_eq!(error.path(), "fileMap.foo");
        assert_eq!(error.message(), "expected a string, found a number");
        assert_eq!(error.offset(), None);
        assert_eq!(
            error.to_string(),
            "member `fileMap.foo`: expected a string, found a number"
        );

        let error = from_slice::<BTreeMap<String, Vec<Vec<i32>>>>(br#"{"items":[[1],[2,"x"]]}"#)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "member `items[1][1]`: expected an integer, found a string"
        );
        let error = JsonError::new("missing required member `name`")
            .in_member("inner")
            .in_index(3)
            .in_member("list");
        assert_eq!(
            error.to_string(),
            "member `list[3].inner`: missing required member `name`"
        );
        let error = from_slice::<Vec<String>>(b"[1,").unwrap_err();
        assert_eq!(error.path(), "");
        assert_eq!(error.offset(), Some(3));
    }

    #[test]
    fn converts_collections() {
        let map: HashMap<String, Vec<Option<i32>>> =
            from_slice(br#"{"a":[1,null,3],"b":[]}"#).unwrap();
        assert_eq!(map["a"], [Some(1), None, Some(3)]);
        assert!(map["b"].is_empty());
        let sorted: BTreeMap<String, f64> = from_slice(br#"{"y":2,"x":"NaN"}"#).unwrap();
        assert_eq!(sorted.keys().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(
            from_slice::<Vec<String>>(br#"{"a":1}"#)
                .unwrap_err()
                .to_string(),
            "expected an array, found an object"
        );
    }

    #[test]
    fn value_helpers() {
        let value = parse(br#"{"__type":"A","message":"first","message":"last"}"#).unwrap();
        assert_eq!(value.get("__type").and_then(Value::as_str), Some("A"));
        assert_eq!(value.get("message").and_then(Value::as_str), Some("last"));
        assert_eq!(value.get("missing"), None);
        assert_eq!(Value::Null.get("x"), None);
        assert_eq!(value.kind(), "an object");
        assert_eq!(Value::Array(vec![]).kind(), "an array");
    }

    #[test]
    fn blob_accessors() {
        let blob = Blob::new(vec![1, 2]);
        assert_eq!(blob.as_bytes(), [1, 2]);
        assert_eq!(blob.clone().into_inner(), vec![1, 2]);
        assert_eq!(Blob::from(vec![1, 2]), blob);
    }
}
