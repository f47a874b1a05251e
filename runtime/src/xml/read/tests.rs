use super::*;
use crate::xml::XmlWriter;

fn open(text: &str) -> XmlReader<'_> {
    XmlReader::new(text.as_bytes()).unwrap()
}

#[test]
fn a_response_reads_element_by_element() {
    let document = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <!-- a comment -->
    <Empty/>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#;
    let mut reader = open(document);
    let root = reader.next_start().unwrap().unwrap();
    assert_eq!(root.local_name(), "GetCallerIdentityResponse");
    assert_eq!(
        reader.next_start().unwrap().unwrap().name(),
        "GetCallerIdentityResult"
    );
    let mut members = Vec::new();
    while let Some(member) = reader.next_start().unwrap() {
        members.push((member.name(), reader.text().unwrap().into_owned()));
    }
    assert_eq!(
        members,
        [
            ("Arn", "arn:aws:iam::123456789012:user/Alice".to_owned()),
            ("Empty", String::new()),
            ("Account", "123456789012".to_owned()),
        ]
    );
    assert_eq!(
        reader.next_start().unwrap().unwrap().name(),
        "ResponseMetadata"
    );
    assert_eq!(reader.next_start().unwrap().unwrap().name(), "RequestId");
    assert_eq!(reader.text().unwrap(), "01234567-89ab");
    assert!(
        reader.next_start().unwrap().is_none(),
        "ResponseMetadata ends"
    );
    assert!(reader.next_start().unwrap().is_none(), "the response ends");
    assert!(reader.next_start().unwrap().is_none(), "the document ends");
    assert_eq!(reader.depth(), 0);
}

#[test]
fn entities_character_references_and_cdata_are_text() {
    let mut reader =
        open("<a>x &lt;&amp;&gt; &quot;&apos; &#65;&#x42; <![CDATA[<raw> & ]]>y<!--c-->z</a>");
    reader.next_start().unwrap().unwrap();
    assert_eq!(reader.text().unwrap(), "x <&> \"' AB <raw> & yz");
    assert!(reader.next_start().unwrap().is_none());
}

#[test]
fn plain_text_is_borrowed() {
    let mut reader = open("<a>plain</a>");
    reader.next_start().unwrap();
    assert!(matches!(reader.text().unwrap(), Cow::Borrowed("plain")));
}

#[test]
fn attributes_and_prefixes() {
    let mut reader =
        open(r#"<s:Envelope xmlns:s="urn:x" a = 'one' b="t&amp;&quot;>"><s:Body/></s:Envelope>"#);
    let start = reader.next_start().unwrap().unwrap();
    assert_eq!(start.name(), "s:Envelope");
    assert_eq!(start.local_name(), "Envelope");
    assert_eq!(start.attribute("a").unwrap().as_deref(), Some("one"));
    assert_eq!(start.attribute("b").unwrap().as_deref(), Some("t&\">"));
    assert_eq!(
        start.attribute("xmlns:s").unwrap().as_deref(),
        Some("urn:x")
    );
    assert_eq!(start.attribute("c").unwrap(), None);
    let body = reader.next_start().unwrap().unwrap();
    assert_eq!(body.local_name(), "Body");
    assert!(reader.next_start().unwrap().is_none(), "Body is empty");
    assert!(reader.next_start().unwrap().is_none(), "Envelope ends");
    assert!(reader.next_start().unwrap().is_none(), "the document ends");
}

#[test]
fn skip_leaves_an_element_whatever_it_holds() {
    let mut reader = open("<r><x><y><z/>t</y><y/></x><k>v</k></r>");
    reader.next_start().unwrap();
    reader.next_start().unwrap();
    reader.skip().unwrap();
    let k = reader.next_start().unwrap().unwrap();
    assert_eq!(k.name(), "k");
    assert_eq!(reader.text().unwrap(), "v");
    assert!(reader.next_start().unwrap().is_none());
    assert_eq!(reader.depth(), 0);
}

fn error(text: &str) -> String {
    let mut reader = match XmlReader::new(text.as_bytes()) {
        Ok(reader) => reader,
        Err(error) => return error.to_string(),
    };
    loop {
        // `None` at the top level, not on leaving the document's element, is its end.
        let at_top = reader.depth() == 0;
        match reader.next_start() {
            Err(error) => return error.to_string(),
            Ok(None) if at_top => return "read without error".to_owned(),
            Ok(_) => {}
        }
    }
}

#[test]
fn malformed_documents_are_refused_with_the_offset() {
    let cases = [
        ("<a><b></a>", "`</a>` closes `<b>` at byte 6"),
        ("<a>", "`<a>` is not closed at byte 3"),
        ("<a", "a start tag is not closed at byte 0"),
        ("<a></b>", "`</b>` closes `<a>` at byte 3"),
        ("<a b></a>", "an attribute has no `=` at byte 3"),
        ("<a b=c></a>", "an attribute value is not quoted at byte 3"),
        ("<a b=\"c></a>", "a start tag is not closed at byte 0"),
        ("<1a/>", "a start tag has no valid name at byte 0"),
        ("text<a/>", "text outside the document's element at byte 0"),
        (
            "<a/><b/>",
            "a second element after the document's element at byte 4",
        ),
        ("<a/>tail", "text after the document's element at byte 4"),
        ("<a><!-- x</a>", "a comment is not closed at byte 3"),
        (
            "<!DOCTYPE a [<!ENTITY e \"e\">]><a>&e;</a>",
            "a document type declaration or other `<!` markup, which AWS never sends at byte 0",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(error(text), expected, "{text}");
    }
    let mut reader = open("<a>&bogus;</a>");
    reader.next_start().unwrap();
    assert_eq!(
        reader.text().unwrap_err().to_string(),
        "`&bogus;` is not a reference XML defines at byte 3"
    );
    let mut reader = open("<a>&#xD800;</a>");
    reader.next_start().unwrap();
    assert!(reader.text().is_err(), "a surrogate is no character");
    let mut reader = open("<a>x & y</a>");
    reader.next_start().unwrap();
    assert_eq!(
        reader.text().unwrap_err().to_string(),
        "an `&` starts no reference at byte 5"
    );
    let mut reader = open("<a><b>x</b></a>");
    reader.next_start().unwrap();
    assert_eq!(
        reader.text().unwrap_err().to_string(),
        "`<a>` holds elements where text was expected at byte 3"
    );
    assert_eq!(
        XmlReader::new(b"<a>\xff</a>").err().unwrap().to_string(),
        "the document is not UTF-8 at byte 3"
    );
}

#[test]
fn nesting_is_bounded_without_recursion() {
    let deep = "<a>".repeat(100_000);
    assert_eq!(
        error(&deep),
        format!(
            "elements nest deeper than {MAX_DEPTH} at byte {}",
            MAX_DEPTH * 3
        )
    );
    let mut reader = open(&deep);
    reader.next_start().unwrap();
    assert!(reader.skip().is_err(), "skipping does not recurse either");
}

/// Random bytes and random cuts of a real document never panic, and an error is reported
/// inside the document.
#[test]
fn hostile_input_never_panics() {
    let document = "<?xml version=\"1.0\"?><R xmlns=\"urn:x\"><A k=\"v&amp;\">t&lt;<![CDATA[c]]></A>\
                    <!--c--><B/><C><D>&#x41;</D></C></R>";
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"<>/=\"'&;#x!-[]?aAbB: \n";
    for round in 0..20_000 {
        let bytes: Vec<u8> = if round % 2 == 0 {
            let len = (next() % 64) as usize;
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        } else {
            let mut bytes = document.as_bytes().to_vec();
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes.truncate(at),
                1 => bytes[at] = alphabet[(next() % alphabet.len() as u64) as usize],
                _ => {
                    bytes.remove(at);
                }
            }
            bytes
        };
        let Ok(mut reader) = XmlReader::new(&bytes) else {
            continue;
        };
        for step in 0..200 {
            let outcome = if step % 3 == 2 && reader.depth() > 0 {
                reader.text().map(|_| ())
            } else if step % 5 == 4 && reader.depth() > 0 {
                reader.skip()
            } else {
                match reader.next_start() {
                    Ok(Some(start)) => start.attributes().try_for_each(|a| a.map(|_| ())),
                    Ok(None) if reader.depth() == 0 => break,
                    Ok(None) => Ok(()),
                    Err(error) => Err(error),
                }
            };
            if let Err(error) = outcome {
                assert!(
                    error.offset().is_some_and(|offset| offset <= bytes.len()),
                    "{error}"
                );
                break;
            }
        }
    }
}

#[test]
fn the_writer_escapes_and_the_reader_reads_it_back() {
    let mut writer = XmlWriter::new();
    writer
        .start("CreateTopic")
        .attribute("xmlns", "https://sns.amazonaws.com/doc/2010-03-31/")
        .attribute("note", "a \"b\" <c> & d\ne\tf");
    writer.element("Name", "a <b> & c");
    writer.start("Empty").end();
    writer.start("List");
    writer.element("member", "1");
    writer.element("member", "line\nbreak");
    let document = writer.finish();
    assert_eq!(
        document,
        "<CreateTopic xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\" \
         note=\"a &quot;b&quot; &lt;c&gt; &amp; d&#10;e&#09;f\">\
         <Name>a &lt;b&gt; &amp; c</Name><Empty />\
         <List><member>1</member><member>line\nbreak</member></List></CreateTopic>"
    );
    let mut reader = open(&document);
    let root = reader.next_start().unwrap().unwrap();
    assert_eq!(
        root.attribute("note").unwrap().as_deref(),
        Some("a \"b\" <c> & d\ne\tf")
    );
    reader.next_start().unwrap();
    assert_eq!(reader.text().unwrap(), "a <b> & c");
}
