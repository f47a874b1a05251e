//! Where in a response body generated deserializers start reading: readers placed inside
//! the document's element or the error element, and a payload read whole.

use super::{ReadXml, XmlError, XmlReader};
use crate::error::DeserializeError;
use crate::http::HttpResponse;

/// A reader inside the document's element, whatever its name: where an ec2Query output's
/// members are, and an awsQuery output's that has no result wrapper.
pub fn document_reader(body: &[u8]) -> Result<XmlReader<'_>, DeserializeError> {
    let mut reader = XmlReader::new(body)?;
    match reader.next_start()? {
        Some(_) => Ok(reader),
        None => Err(DeserializeError::new(
            "the response body has no XML element",
        )),
    }
}

/// [`document_reader`] for restXml, where an empty body is an output with nothing in its
/// body (botocore parses one as an empty element): `None` then.
pub fn body_reader(body: &[u8]) -> Result<Option<XmlReader<'_>>, DeserializeError> {
    if body.trim_ascii().is_empty() {
        return Ok(None);
    }
    document_reader(body).map(Some)
}

/// The text of the document's element, `None` when it has none (or the body is empty): S3
/// `GetBucketLocation`'s answer, `<LocationConstraint>eu-west-1</LocationConstraint>`, which
/// its model cannot describe (botocore's `parse_get_bucket_location` reads it so).
pub fn root_text(body: &[u8]) -> Result<Option<String>, DeserializeError> {
    let Some(mut reader) = body_reader(body)? else {
        return Ok(None);
    };
    let text = reader.text()?;
    Ok((!text.is_empty()).then(|| text.into_owned()))
}

/// restXml's payload member, a structure or union: the document's element is its value;
/// an empty body is no payload.
pub fn payload<T: ReadXml>(response: &HttpResponse) -> Result<Option<T>, DeserializeError> {
    match body_reader(&response.body)? {
        Some(mut reader) => Ok(Some(T::read_xml(&mut reader)?)),
        None => Ok(None),
    }
}

/// A reader inside an error response's `<Error>` element, where an error structure's
/// members are: the document's element itself when it is `<Error>` (restXml), else its
/// `<Error>` child (awsQuery's `<ErrorResponse>`), else the `<Error>` in its `<Errors>`
/// (ec2Query's `<Response>`). `None` when the body has none, or is not XML.
pub fn error_reader(body: &[u8]) -> Option<XmlReader<'_>> {
    let mut reader = XmlReader::new(body).ok()?;
    let root = reader.next_start().ok()??;
    if root.local_name() == "Error" {
        return Some(reader);
    }
    find_error(&mut reader).ok()?.then_some(reader)
}

/// Moves into the first `<Error>` child, or the first `<Error>` in an `<Errors>` child.
fn find_error(reader: &mut XmlReader<'_>) -> Result<bool, XmlError> {
    while let Some(start) = reader.next_start()? {
        match start.local_name() {
            "Error" => return Ok(true),
            "Errors" => {
                while let Some(inner) = reader.next_start()? {
                    if inner.local_name() == "Error" {
                        return Ok(true);
                    }
                    reader.skip()?;
                }
            }
            _ => reader.skip()?,
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_start_where_the_members_are() {
        let mut reader = document_reader(b"<R xmlns=\"x\"><A>1</A></R>").expect("a document");
        assert_eq!(reader.next_start().unwrap().unwrap().local_name(), "A");
        assert!(document_reader(b"").is_err());
        assert!(body_reader(b" \n").unwrap().is_none());
        let error = b"<ErrorResponse><Error><Type>Sender</Type></Error></ErrorResponse>";
        let mut reader = error_reader(error).expect("an error element");
        assert_eq!(reader.next_start().unwrap().unwrap().local_name(), "Type");
        let mut reader = error_reader(b"<Error><Code>C</Code></Error>").expect("restXml's");
        assert_eq!(reader.next_start().unwrap().unwrap().local_name(), "Code");
        let ec2 = b"<Response><Errors><Error><Code>C</Code></Error></Errors></Response>";
        assert!(error_reader(ec2).is_some());
        assert!(error_reader(b"<a><b/></a>").is_none());
        assert!(error_reader(b"not xml").is_none());
    }
}
