//! Values in XML as botocore reads and writes them: generated deserializers enter a
//! member's element and ask for its value with [`ReadXml`]; lists and maps, whose element
//! names the model chooses, are read with [`read_list`], [`read_map`] and [`read_entry`]
//! around a reader of their elements. Generated serializers open a member's element and
//! write its value with [`ToXml`] ([`element`] does both).

use std::collections::HashMap;
use std::hash::BuildHasher;

use super::{XmlError, XmlReader, XmlWriter};
use crate::encoding::base64_decode;
use crate::encoding::{base64_encode_into, write_float, write_float32};
use crate::json::Blob;
use crate::time::DateTime;

/// A value read from the element the reader has just entered; reading it leaves the
/// element.
pub trait ReadXml: Sized {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError>;
}

impl ReadXml for String {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        reader.text().map(|text| text.into_owned())
    }
}

/// `true` is true and anything else false, as botocore reads booleans.
impl ReadXml for bool {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        Ok(reader.text()? == "true")
    }
}

macro_rules! read_integer {
    ($($ty:ty),*) => {$(
        /// Python's `int()`: surrounding whitespace and a leading `+` are allowed.
        impl ReadXml for $ty {
            fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
                let text = reader.text()?;
                let trimmed = text.trim();
                trimmed
                    .strip_prefix('+')
                    .unwrap_or(trimmed)
                    .parse()
                    .map_err(|_| XmlError::new(format!("expected an integer, found `{text}`")))
            }
        }
    )*};
}

read_integer!(i32, i64);

/// Python's `float()`: the names of the non-finite values as well as numbers.
fn float(text: &str) -> Result<f64, XmlError> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().trim_start_matches('+') {
        "infinity" | "inf" => Ok(f64::INFINITY),
        "-infinity" | "-inf" => Ok(f64::NEG_INFINITY),
        "nan" | "-nan" => Ok(f64::NAN),
        _ => trimmed
            .parse()
            .map_err(|_| XmlError::new(format!("expected a number, found `{text}`"))),
    }
}

impl ReadXml for f64 {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        float(&reader.text()?)
    }
}

impl ReadXml for f32 {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        // Narrowing is the point: the model says the member is a 32-bit float.
        #[allow(clippy::cast_possible_truncation)]
        float(&reader.text()?).map(|value| value as f32)
    }
}

/// Like botocore's default timestamp parser: epoch seconds, ISO 8601 or an HTTP date,
/// whatever format the member is sent in.
impl ReadXml for DateTime {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let text = reader.text()?;
        let text = text.trim();
        DateTime::parse_epoch_seconds(text)
            .or_else(|_| DateTime::parse_iso8601(text))
            .or_else(|_| DateTime::parse_http_date(text))
            .map_err(|_| XmlError::new(format!("expected a timestamp, found `{text}`")))
    }
}

impl ReadXml for Blob {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let text = reader.text()?;
        base64_decode(text.trim())
            .map(Blob::new)
            .map_err(|_| XmlError::new("expected base64 text"))
    }
}

impl<T: ReadXml> ReadXml for Box<T> {
    fn read_xml(reader: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        T::read_xml(reader).map(Box::new)
    }
}

/// A wrapped list: every element inside the one just entered is an item, whatever its
/// name, as botocore reads them.
pub fn read_list<T>(
    reader: &mut XmlReader<'_>,
    mut item: impl FnMut(&mut XmlReader<'_>) -> Result<T, XmlError>,
) -> Result<Vec<T>, XmlError> {
    let mut items = Vec::new();
    while reader.next_start()?.is_some() {
        items.push(item(reader)?);
    }
    Ok(items)
}

/// A wrapped map: every element inside the one just entered is an entry (see
/// [`read_entry`]); a key met again keeps its last value.
pub fn read_map<V>(
    reader: &mut XmlReader<'_>,
    key_name: &str,
    value_name: &str,
    mut value: impl FnMut(&mut XmlReader<'_>) -> Result<V, XmlError>,
) -> Result<HashMap<String, V>, XmlError> {
    let mut map = HashMap::new();
    while reader.next_start()?.is_some() {
        let (key, value) = read_entry(reader, key_name, value_name, &mut value)?;
        map.insert(key, value);
    }
    Ok(map)
}

/// One map entry, the element just entered: its `key_name` and `value_name` elements.
/// Any other element in it is an error, as it is to botocore.
pub fn read_entry<V>(
    reader: &mut XmlReader<'_>,
    key_name: &str,
    value_name: &str,
    mut value: impl FnMut(&mut XmlReader<'_>) -> Result<V, XmlError>,
) -> Result<(String, V), XmlError> {
    let mut key = None;
    let mut found = None;
    while let Some(start) = reader.next_start()? {
        let name = start.local_name();
        if name == key_name {
            key = Some(String::read_xml(reader)?);
        } else if name == value_name {
            found = Some(value(reader)?);
        } else {
            return Err(XmlError::new(format!(
                "a map entry holds `<{name}>`, neither its key nor its value"
            )));
        }
    }
    match (key, found) {
        (Some(key), Some(value)) => Ok((key, value)),
        (None, _) => Err(XmlError::new(format!("a map entry has no `<{key_name}>`"))),
        (Some(_), None) => Err(XmlError::new(format!(
            "a map entry has no `<{value_name}>`"
        ))),
    }
}

/// A required member's value, or an error naming the member when the response left it out.
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, XmlError> {
    value.ok_or_else(|| XmlError::new(format!("the required member `{name}` is missing")))
}

/// A value written as the content of an element its writer has just opened: a
/// structure's attributes and members, a scalar's text as botocore's `str()` writes it.
pub trait ToXml {
    fn write_xml(&self, writer: &mut XmlWriter);
}

/// `<name>value</name>`.
pub fn element<T: ToXml + ?Sized>(writer: &mut XmlWriter, name: &str, value: &T) {
    writer.start(name);
    value.write_xml(writer);
    writer.end();
}

/// A map's entries in the order of their keys, so that a body does not depend on the map's
/// hashing (botocore follows the caller's dict order).
pub fn entries<V, S: BuildHasher>(map: &HashMap<String, V, S>) -> Vec<(&String, &V)> {
    let mut entries: Vec<(&String, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

impl ToXml for str {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(self);
    }
}

impl ToXml for String {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(self);
    }
}

impl ToXml for bool {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(if *self { "true" } else { "false" });
    }
}

impl ToXml for i32 {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(&self.to_string());
    }
}

impl ToXml for i64 {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(&self.to_string());
    }
}

impl ToXml for f64 {
    fn write_xml(&self, writer: &mut XmlWriter) {
        let mut text = String::new();
        write_float(&mut text, *self);
        writer.text(&text);
    }
}

impl ToXml for f32 {
    fn write_xml(&self, writer: &mut XmlWriter) {
        let mut text = String::new();
        write_float32(&mut text, *self);
        writer.text(&text);
    }
}

/// ISO 8601, restXml's timestamp format.
impl ToXml for DateTime {
    fn write_xml(&self, writer: &mut XmlWriter) {
        writer.text(&self.fmt_iso8601());
    }
}

impl ToXml for Blob {
    fn write_xml(&self, writer: &mut XmlWriter) {
        let mut text = String::new();
        base64_encode_into(&mut text, self.as_bytes());
        writer.text(&text);
    }
}

impl<T: ToXml + ?Sized> ToXml for Box<T> {
    fn write_xml(&self, writer: &mut XmlWriter) {
        (**self).write_xml(writer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entered(document: &str) -> XmlReader<'_> {
        let mut reader = XmlReader::new(document.as_bytes()).expect("UTF-8");
        reader
            .next_start()
            .expect("well-formed")
            .expect("an element");
        reader
    }

    #[test]
    fn scalars_read_as_botocore_reads_them() {
        assert_eq!(
            String::read_xml(&mut entered("<a>x &amp; y</a>")),
            Ok("x & y".into())
        );
        assert_eq!(String::read_xml(&mut entered("<a/>")), Ok(String::new()));
        assert_eq!(bool::read_xml(&mut entered("<a>true</a>")), Ok(true));
        assert_eq!(bool::read_xml(&mut entered("<a>True</a>")), Ok(false));
        assert_eq!(i32::read_xml(&mut entered("<a> +42 </a>")), Ok(42));
        assert!(i32::read_xml(&mut entered("<a>4.2</a>")).is_err());
        assert_eq!(
            f64::read_xml(&mut entered("<a>-Infinity</a>")),
            Ok(f64::NEG_INFINITY)
        );
        assert!(f64::read_xml(&mut entered("<a>NaN</a>")).is_ok_and(f64::is_nan));
        assert_eq!(f32::read_xml(&mut entered("<a>1.5</a>")), Ok(1.5));
        assert_eq!(
            DateTime::read_xml(&mut entered("<a>2019-12-16T22:48:18Z</a>")),
            Ok(DateTime::from_secs(1_576_536_498))
        );
        assert_eq!(
            DateTime::read_xml(&mut entered("<a>1576536498</a>")),
            Ok(DateTime::from_secs(1_576_536_498))
        );
        assert_eq!(
            Blob::read_xml(&mut entered("<a>dmFsdWU=</a>")),
            Ok(Blob::new(b"value".to_vec()))
        );
    }

    #[test]
    fn lists_take_every_element_and_maps_their_named_parts() {
        let mut reader = entered("<l><member>a</member><item>b</item></l>");
        assert_eq!(
            read_list(&mut reader, String::read_xml),
            Ok(vec!["a".to_owned(), "b".to_owned()])
        );
        let mut reader =
            entered("<m><entry><k>a</k><v>1</v></entry><entry><v>2</v><k>b</k></entry></m>");
        let map = read_map(&mut reader, "k", "v", i32::read_xml).expect("a map");
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.get("b"), Some(&2));
        let mut reader = entered("<m><entry><k>a</k><x>1</x></entry></m>");
        let error = read_map(&mut reader, "k", "v", i32::read_xml).unwrap_err();
        assert!(error.message().contains("`<x>`"), "{error}");
        let mut reader = entered("<m><entry><v>1</v></entry></m>");
        assert!(read_map(&mut reader, "k", "v", i32::read_xml).is_err());
    }

    #[test]
    fn values_are_written_as_botocore_writes_them() {
        let mut writer = XmlWriter::new();
        writer.start("R");
        element(&mut writer, "S", "a & b");
        element(&mut writer, "Empty", "");
        element(&mut writer, "B", &true);
        element(&mut writer, "F", &1.0f64);
        element(&mut writer, "T", &DateTime::from_secs(1_398_796_238));
        element(&mut writer, "Blob", &Blob::new(b"value".to_vec()));
        let mut map = HashMap::new();
        map.insert("b".to_owned(), 2);
        map.insert("a".to_owned(), 1);
        let keys: Vec<&String> = entries(&map).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(
            writer.finish(),
            "<R><S>a &amp; b</S><Empty /><B>true</B><F>1.0</F>\
             <T>2014-04-29T18:30:38Z</T><Blob>dmFsdWU=</Blob></R>"
        );
    }

    #[test]
    fn a_missing_required_member_is_named() {
        let error = required::<i32>(None, "Count").unwrap_err();
        assert_eq!(error.to_string(), "the required member `Count` is missing");
    }
}
