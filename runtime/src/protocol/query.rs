//! The awsQuery and ec2Query protocols: requests are form-encoded pairs, responses XML.
//!
//! Generated serializers write a request's members through a [`QueryWriter`], one
//! [`Field`] per key segment, so that `Tags.member.1.Key` is built by nesting rather than by
//! formatting strings. An awsQuery output's members are read inside its result wrapper
//! ([`output_reader`]), an ec2Query output's and every error's where the XML module's
//! readers place them; the error metadata rules of both dialects are here too
//! ([`error_metadata`], and [`super::ec2`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::encoding::{base64_encode_into, write_float, write_float32};
use crate::error::{DeserializeError, ErrorMetadata};
use crate::http::HttpResponse;
use crate::json::Blob;
use crate::time::{DateTime, TimestampFormat};
use crate::xml::{XmlError, XmlReader};

/// The body's content type, as botocore sends it.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// Writes a form-encoded request body: `Action=<operation>&Version=<api version>`, then
/// each pair its fields write, in order, encoded as Python's `urlencode` encodes them
/// (botocore's `AWSRequest`): letters, digits and `-._~` as they are, a space as `+`,
/// everything else as `%XX` of its UTF-8 bytes.
pub struct QueryWriter {
    body: String,
    /// The key being built; fields append their segment and take it off when dropped.
    key: String,
}

impl QueryWriter {
    pub fn new(action: &str, version: &str) -> Self {
        let mut body = String::with_capacity(256);
        body.push_str("Action=");
        encode_into(&mut body, action);
        body.push_str("&Version=");
        encode_into(&mut body, version);
        Self {
            body,
            key: String::with_capacity(64),
        }
    }

    /// The top-level member `name`.
    pub fn field(&mut self, name: &str) -> Field<'_> {
        Field::enter(self, name)
    }

    /// The body written so far, encoded.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The encoded body.
    pub fn finish(self) -> String {
        self.body
    }

    fn pair(&mut self, value: &str) {
        self.body.push('&');
        encode_into(&mut self.body, &self.key);
        self.body.push('=');
        encode_into(&mut self.body, value);
    }
}

/// One key of the body, e.g. `Tags.member.1`: its value is written with one of the
/// consuming methods, or its members with [`field`](Self::field).
pub struct Field<'a> {
    writer: &'a mut QueryWriter,
    /// The key's length before this field's segment was appended.
    restore: usize,
}

impl Drop for Field<'_> {
    fn drop(&mut self) {
        self.writer.key.truncate(self.restore);
    }
}

impl<'a> Field<'a> {
    fn enter(writer: &'a mut QueryWriter, segment: &str) -> Self {
        let restore = writer.key.len();
        if restore > 0 {
            writer.key.push('.');
        }
        writer.key.push_str(segment);
        Field { writer, restore }
    }

    /// The member `name` of this structure.
    pub fn field(&mut self, name: &str) -> Field<'_> {
        Field::enter(self.writer, name)
    }

    /// The `index`th element (from 1) of a list or map written under this key.
    fn index(&mut self, index: usize) -> Field<'_> {
        Field::enter(self.writer, &index.to_string())
    }

    /// Writes `value` under this key (a structure, its members under it).
    pub fn value<T: ToQuery + ?Sized>(self, value: &T) {
        value.write_query(self);
    }

    /// A timestamp in `format`, where the member overrides the protocols' ISO 8601.
    pub fn timestamp(self, time: DateTime, format: TimestampFormat) {
        self.writer.pair(&format.format(time));
    }

    /// Writes text as the value of this key.
    pub fn text(self, text: &str) {
        self.writer.pair(text);
    }

    /// awsQuery's list: `Key.<element>.N` for each item, or `Key=` when it is empty.
    pub fn list<T>(mut self, element: &str, items: &[T], mut write: impl FnMut(Field<'_>, &T)) {
        if items.is_empty() {
            return self.text("");
        }
        let mut element = self.field(element);
        for (index, item) in items.iter().enumerate() {
            write(element.index(index + 1), item);
        }
    }

    /// awsQuery's flattened list: `Key.N` for each item, or `Key=` when it is empty.
    pub fn flat_list<T>(mut self, items: &[T], mut write: impl FnMut(Field<'_>, &T)) {
        if items.is_empty() {
            return self.text("");
        }
        for (index, item) in items.iter().enumerate() {
            write(self.index(index + 1), item);
        }
    }

    /// ec2Query's list: `Key.N` for each item, and nothing at all when it is empty.
    pub fn ec2_list<T>(mut self, items: &[T], mut write: impl FnMut(Field<'_>, &T)) {
        for (index, item) in items.iter().enumerate() {
            write(self.index(index + 1), item);
        }
    }

    /// A map: `Key.entry.N.<key>` and `Key.entry.N.<value>` per entry, in the order of the
    /// keys so that the body does not depend on the map's hashing.
    pub fn map<V, S: BuildHasher>(
        mut self,
        key_name: &str,
        value_name: &str,
        map: &HashMap<String, V, S>,
        write: impl FnMut(Field<'_>, &V),
    ) {
        let entry = self.field("entry");
        write_entries(entry, key_name, value_name, map, write);
    }

    /// A flattened map: `Key.N.<key>` and `Key.N.<value>` per entry, in key order.
    pub fn flat_map<V, S: BuildHasher>(
        mut self,
        key_name: &str,
        value_name: &str,
        map: &HashMap<String, V, S>,
        write: impl FnMut(Field<'_>, &V),
    ) {
        let entry = self.field_unchanged();
        write_entries(entry, key_name, value_name, map, write);
    }

    /// This same key, as a field of its own (for a flattened map's entries).
    fn field_unchanged(&mut self) -> Field<'_> {
        let restore = self.writer.key.len();
        Field {
            writer: self.writer,
            restore,
        }
    }
}

/// Writes `value` under `field`: the writer of list elements and map values that need no
/// more than their [`ToQuery`].
pub fn value<T: ToQuery + ?Sized>(field: Field<'_>, value: &T) {
    value.write_query(field);
}

/// `<entry>.N.<key_name>` and `<entry>.N.<value_name>` for each of `map`'s entries, in key
/// order.
fn write_entries<V, S: BuildHasher>(
    mut entry: Field<'_>,
    key_name: &str,
    value_name: &str,
    map: &HashMap<String, V, S>,
    mut write: impl FnMut(Field<'_>, &V),
) {
    let mut entries: Vec<(&String, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (index, (key, value)) in entries.into_iter().enumerate() {
        let mut at = entry.index(index + 1);
        at.field(key_name).text(key);
        write(at.field(value_name), value);
    }
}

/// A value written as form pairs under a key.
pub trait ToQuery {
    fn write_query(&self, field: Field<'_>);
}

impl ToQuery for str {
    fn write_query(&self, field: Field<'_>) {
        field.text(self);
    }
}

impl ToQuery for String {
    fn write_query(&self, field: Field<'_>) {
        field.text(self);
    }
}

impl ToQuery for bool {
    fn write_query(&self, field: Field<'_>) {
        field.text(if *self { "true" } else { "false" });
    }
}

impl ToQuery for i32 {
    fn write_query(&self, field: Field<'_>) {
        field.text(&self.to_string());
    }
}

impl ToQuery for i64 {
    fn write_query(&self, field: Field<'_>) {
        field.text(&self.to_string());
    }
}

/// As Python's `str` of a float: `1.0`, `1e+16`; the non-finite values by name.
impl ToQuery for f64 {
    fn write_query(&self, field: Field<'_>) {
        let mut text = String::new();
        write_float(&mut text, *self);
        field.text(&text);
    }
}

impl ToQuery for f32 {
    fn write_query(&self, field: Field<'_>) {
        let mut text = String::new();
        write_float32(&mut text, *self);
        field.text(&text);
    }
}

/// ISO 8601, the query protocols' timestamp format.
impl ToQuery for DateTime {
    fn write_query(&self, field: Field<'_>) {
        field.text(&self.fmt_iso8601());
    }
}

impl ToQuery for Blob {
    fn write_query(&self, field: Field<'_>) {
        let mut text = String::new();
        base64_encode_into(&mut text, self.as_bytes());
        field.text(&text);
    }
}

impl<T: ToQuery + ?Sized> ToQuery for Box<T> {
    fn write_query(&self, field: Field<'_>) {
        (**self).write_query(field);
    }
}

/// The decoded pairs of a form body; the one decoder is shared with presigned URLs' queries.
pub use crate::encoding::decode_pairs;

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
}

/// A reader inside an awsQuery response's `<wrapper>` element (`<Op>Result`, a child of
/// the document's `<Op>Response`), where the output's members are.
pub fn output_reader<'a>(body: &'a [u8], wrapper: &str) -> Result<XmlReader<'a>, DeserializeError> {
    let mut reader = crate::xml::document_reader(body)?;
    while let Some(start) = reader.next_start()? {
        if start.local_name() == wrapper {
            return Ok(reader);
        }
        reader.skip()?;
    }
    Err(DeserializeError::new(format!(
        "the response has no `<{wrapper}>` element"
    )))
}

/// Code, message and request id of an awsQuery error response, where botocore's
/// `QueryParser` finds them: `<ErrorResponse><Error><Code>` and `<Message>`, and the
/// `<RequestId>` beside the `<Error>`; the `x-amzn-requestid` header when the body has none.
/// A 5xx response with an empty or HTML body is botocore's generic error (the status as
/// the code, the reason phrase as the message); a body that is not XML becomes the message.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    xml_error_metadata(response, "RequestId")
}

/// [`error_metadata`] with the request id in the body's element `request_id`.
pub(crate) fn xml_error_metadata(response: &HttpResponse, request_id: &str) -> ErrorMetadata {
    if let Some(reason) = super::rest_json::generic_error(response) {
        return status_error(response, reason);
    }
    let found = match read_error(&response.body, request_id) {
        Ok(found) => found,
        Err(_) => ErrorParts {
            message: Some(String::from_utf8_lossy(&response.body).into_owned()),
            ..ErrorParts::default()
        },
    };
    error_from_parts(response, found)
}

/// botocore's error for a response whose body does not say: the status as the code and
/// `reason` as the message.
pub(crate) fn status_error(response: &HttpResponse, reason: &str) -> ErrorMetadata {
    let status = response.status;
    let mut meta = ErrorMetadata::new(status.to_string(), status);
    if !reason.is_empty() {
        meta = meta.with_message(reason);
    }
    if let Some(id) = request_id_header(response) {
        meta = meta.with_request_id(id);
    }
    meta
}

fn request_id_header(response: &HttpResponse) -> Option<&str> {
    response
        .headers
        .get("x-amzn-requestid")
        .or_else(|| response.headers.get("x-amz-request-id"))
}

/// The metadata of what the body said, the status standing in for a missing code.
pub(crate) fn error_from_parts(response: &HttpResponse, found: ErrorParts) -> ErrorMetadata {
    let status = response.status;
    let code = found.code.unwrap_or_else(|| status.to_string());
    let mut meta = ErrorMetadata::new(code, status);
    if let Some(message) = found.message.filter(|m| !m.is_empty()) {
        meta = meta.with_message(message);
    }
    let request_id = found
        .request_id
        .map(Cow::Owned)
        .or_else(|| request_id_header(response).map(Cow::Borrowed));
    if let Some(id) = request_id {
        meta = meta.with_request_id(id.into_owned());
    }
    meta
}

/// What an error body says.
#[derive(Default)]
pub(crate) struct ErrorParts {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

/// The code and message of the error element (see [`crate::xml::error_reader`]) and the
/// request id in the document's element.
pub(crate) fn read_error(body: &[u8], request_id: &str) -> Result<ErrorParts, XmlError> {
    let mut parts = ErrorParts::default();
    let mut reader = XmlReader::new(body)?;
    let Some(root) = reader.next_start()? else {
        return Ok(parts);
    };
    if root.local_name() == "Error" {
        read_error_element(&mut reader, &mut parts)?;
        return Ok(parts);
    }
    while let Some(start) = reader.next_start()? {
        match start.local_name() {
            "Error" if parts.code.is_none() => read_error_element(&mut reader, &mut parts)?,
            "Errors" => {
                while let Some(inner) = reader.next_start()? {
                    if inner.local_name() == "Error" && parts.code.is_none() {
                        read_error_element(&mut reader, &mut parts)?;
                    } else {
                        reader.skip()?;
                    }
                }
            }
            name if name == request_id => parts.request_id = Some(text_of(&mut reader)?),
            _ => reader.skip()?,
        }
    }
    Ok(parts)
}

fn read_error_element(reader: &mut XmlReader<'_>, parts: &mut ErrorParts) -> Result<(), XmlError> {
    while let Some(start) = reader.next_start()? {
        match start.local_name() {
            "Code" => parts.code = Some(text_of(reader)?),
            "Message" => parts.message = Some(text_of(reader)?),
            "RequestId" => parts.request_id = Some(text_of(reader)?),
            _ => reader.skip()?,
        }
    }
    Ok(())
}

fn text_of(reader: &mut XmlReader<'_>) -> Result<String, XmlError> {
    reader.text().map(Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_encoded_as_python_urlencode_encodes_them() {
        let mut form = QueryWriter::new("Op", "2020-01-08");
        form.field("Name").value("a b/c~é");
        form.field("Flag").value(&true);
        form.field("Ratio").value(&1.0f64);
        assert_eq!(
            form.finish(),
            "Action=Op&Version=2020-01-08&Name=a+b%2Fc~%C3%A9&Flag=true&Ratio=1.0"
        );
    }

    #[test]
    fn bodies_decode_back_to_their_pairs() {
        let mut form = QueryWriter::new("Op", "1");
        form.field("Name").value("a b/c+é");
        form.field("Empty").text("");
        let pairs = decode_pairs(&form.finish());
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            pairs,
            [
                pair("Action", "Op"),
                pair("Version", "1"),
                pair("Name", "a b/c+é"),
                pair("Empty", "")
            ]
        );
    }

    #[test]
    fn lists_and_maps_nest_their_keys() {
        let mut form = QueryWriter::new("Op", "1");
        let tags = ["x".to_owned(), "y".to_owned()];
        form.field("Wrapped")
            .list("member", &tags, |field, item| field.value(item));
        form.field("Flat")
            .flat_list(&tags, |field, item| field.value(item));
        form.field("Empty")
            .list("member", &[] as &[String], |field, item| field.value(item));
        form.field("Ec2Empty")
            .ec2_list(&[] as &[String], |field, item| field.value(item));
        let mut map = HashMap::new();
        map.insert("b".to_owned(), 2);
        map.insert("a".to_owned(), 1);
        form.field("Map").map("key", "value", &map, value);
        form.field("FlatMap").flat_map("K", "V", &map, value);
        {
            let mut outer = form.field("Outer");
            outer.field("Inner").value("z");
        }
        form.field("After").value("w");
        assert_eq!(
            form.finish(),
            "Action=Op&Version=1\
             &Wrapped.member.1=x&Wrapped.member.2=y\
             &Flat.1=x&Flat.2=y\
             &Empty=\
             &Map.entry.1.key=a&Map.entry.1.value=1&Map.entry.2.key=b&Map.entry.2.value=2\
             &FlatMap.1.K=a&FlatMap.1.V=1&FlatMap.2.K=b&FlatMap.2.V=2\
             &Outer.Inner=z&After=w"
        );
    }

    #[test]
    fn outputs_are_found_inside_their_wrapper() {
        let body = b"<OpResponse xmlns=\"x\"><OpResult><A>1</A></OpResult>\
                     <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>";
        let mut reader = output_reader(body, "OpResult").expect("wrapped");
        let start = reader.next_start().unwrap().unwrap();
        assert_eq!(start.local_name(), "A");
        assert!(output_reader(body, "Other").is_err());
    }

    #[test]
    fn query_errors_name_code_message_and_request_id() {
        let response = HttpResponse::new(
            400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
             <Message>Hi</Message></Error><RequestId>foo-id</RequestId></ErrorResponse>",
        );
        let meta = error_metadata(&response);
        assert_eq!(meta.code(), "InvalidGreeting");
        assert_eq!(meta.message(), Some("Hi"));
        assert_eq!(meta.request_id(), Some("foo-id"));
    }

    #[test]
    fn unreadable_errors_fall_back_to_the_status() {
        let meta = error_metadata(&HttpResponse::new(400, "not xml"));
        assert_eq!(meta.code(), "400");
        assert_eq!(meta.message(), Some("not xml"));
        let meta = error_metadata(&HttpResponse::new(503, ""));
        assert_eq!(meta.code(), "503");
        assert_eq!(meta.message(), Some("Service Unavailable"));
    }
}
