//! Values read from XML as botocore's XML parsers read them: generated deserializers
//! enter a member's element and ask for its value with [`ReadXml`]; lists and maps, whose
//! element names the model chooses, are read with [`read_list`], [`read_map`] and
//! [`read_entry`] around a reader of their elements.

use std::collections::HashMap;

use super::{XmlError, XmlReader};
use crate::encoding::base64_decode;
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
    fn a_missing_required_member_is_named() {
        let error = required::<i32>(None, "Count").unwrap_err();
        assert_eq!(error.to_string(), "the required member `Count` is missing");
    }
}
