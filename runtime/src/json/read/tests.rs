use std::fmt::Debug;

use super::*;
use crate::json::{FromJson, parse};

// ---- Hand-written "generated" code, as the code generator will emit it. ----

#[derive(Debug, Default, PartialEq)]
struct DescribeJobOutput {
    job_id: Option<String>,
    config: Option<JobConfig>,
    tags: Option<Vec<String>>,
    attributes: Option<HashMap<String, i64>>,
    created: Option<DateTime>,
    action: Option<Action>,
    metadata: Option<Value>,
}

#[derive(Debug, Default, PartialEq)]
struct JobConfig {
    priority: Option<i32>,
    ratio: Option<f64>,
    parent: Option<Box<JobConfig>>,
}

#[derive(Debug, PartialEq)]
enum Action {
    Stop(bool),
    Resize(i32),
    Unknown,
}

fn deserialize_describe_job(body: &[u8]) -> Result<DescribeJobOutput, JsonError> {
    let mut reader = JsonReader::body_object(body)?;
    let mut output = DescribeJobOutput::default();
    while let Some(key) = reader.next_key()? {
        match key.as_ref() {
            "jobId" => output.job_id = reader.member("jobId")?,
            "config" => output.config = reader.member("config")?,
            "tags" => output.tags = reader.member("tags")?,
            "attributes" => output.attributes = reader.member("attributes")?,
            "created" => output.created = reader.member("created")?,
            "action" => output.action = reader.member("action")?,
            "metadata" => output.metadata = reader.member("metadata")?,
            _ => reader.skip()?,
        }
    }
    reader.end()?;
    Ok(output)
}

impl ReadJson for JobConfig {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.begin_object()?;
        let mut config = JobConfig::default();
        while let Some(key) = reader.next_key()? {
            match key.as_ref() {
                "priority" => config.priority = reader.member("priority")?,
                "ratio" => config.ratio = reader.member("ratio")?,
                "parent" => config.parent = reader.member("parent")?,
                _ => reader.skip()?,
            }
        }
        Ok(config)
    }
}

impl ReadJson for Action {
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.begin_object()?;
        let mut action = None;
        while let Some(key) = reader.next_key()? {
            // The value of `__type` is left unread: `next_key` skips it.
            if key == "__type" || reader.skip_null()? {
                continue;
            }
            let variant = match key.as_ref() {
                "stop" => Action::Stop(reader.read().map_err(|e| e.in_member("stop"))?),
                "resize" => Action::Resize(reader.read().map_err(|e| e.in_member("resize"))?),
                _ => {
                    reader.skip()?;
                    Action::Unknown
                }
            };
            if action.replace(variant).is_some() {
                return Err(JsonError::new("a union must have exactly one member set"));
            }
        }
        action.ok_or_else(|| JsonError::new("a union must have exactly one member set"))
    }
}

#[test]
fn generated_code_reads_a_structure() {
    let body = br#"{
        "jobId": "j-1",
        "unknown": {"deep": [1, 2, {"x": "y\n"}], "more": null},
        "config": {"priority": 3, "ratio": "NaN", "parent": {"priority": -1, "extra": true}},
        "tags": ["a", "b\u00e9"],
        "attributes": {"size": 10, "gone": null},
        "created": 1700000000.5,
        "action": {"__type": "x", "stop": null, "resize": 4},
        "metadata": {"k": [true, null, 1.5]}
    }"#;
    let output = deserialize_describe_job(body).unwrap();
    assert_eq!(output.job_id.as_deref(), Some("j-1"));
    let config = output.config.unwrap();
    assert_eq!(config.priority, Some(3));
    assert!(config.ratio.unwrap().is_nan());
    assert_eq!(config.parent.unwrap().priority, Some(-1));
    assert_eq!(output.tags.unwrap(), ["a", "bé"]);
    assert_eq!(
        output.attributes.unwrap(),
        HashMap::from([("size".to_owned(), 10)])
    );
    assert_eq!(output.created, DateTime::from_secs_f64(1_700_000_000.5));
    assert_eq!(output.action, Some(Action::Resize(4)));
    assert_eq!(
        output.metadata,
        Some(parse(br#"{"k": [true, null, 1.5]}"#).unwrap())
    );
}

#[test]
fn generated_code_reports_member_paths() {
    let error =
        deserialize_describe_job(br#"{"config": {"parent": {"priority": 1e10}}}"#).unwrap_err();
    assert_eq!(error.path(), "config.parent.priority");
    assert_eq!(
        error.message(),
        "expected an integer from -2147483648 to 2147483647, found a number out of range"
    );
    let error = deserialize_describe_job(br#"{"tags": ["a", 2]}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "member `tags[1]`: expected a string, found a number"
    );
    let error =
        deserialize_describe_job(br#"{"action": {"stop": true, "resize": 1}}"#).unwrap_err();
    assert_eq!(error.message(), "a union must have exactly one member set");
}

#[test]
fn blank_bodies_are_empty_objects() {
    for body in [&b""[..], b"  \r\n\t"] {
        assert_eq!(
            deserialize_describe_job(body).unwrap(),
            DescribeJobOutput::default()
        );
        assert_eq!(read_body::<Value>(body).unwrap(), None);
    }
    assert_eq!(read_body::<Vec<i32>>(b" [1] ").unwrap(), Some(vec![1]));
    assert!(read_body::<Vec<i32>>(b"[1] x").is_err());
    assert!(deserialize_describe_job(b"[]").is_err());
    assert!(deserialize_describe_job(b"{} {}").is_err());
}

#[test]
fn misuse_outside_an_object_is_an_error_not_a_panic() {
    assert!(JsonReader::new(b"}").next_key().is_err());
    assert!(JsonReader::new(b"]").next_element().is_err());
    assert!(JsonReader::new(b"}").next_element().is_err());
    assert!(JsonReader::new(b"").next_key().is_err());
    assert!(JsonReader::new(b"").skip_null().is_ok_and(|null| !null));
}

#[test]
fn keys_without_escapes_are_borrowed() {
    let mut reader = JsonReader::body_object(br#"{"plain": 1, "esc\u0061ped": 2}"#).unwrap();
    assert!(matches!(
        reader.next_key().unwrap(),
        Some(Cow::Borrowed("plain"))
    ));
    reader.skip().unwrap();
    let key = reader.next_key().unwrap();
    assert!(matches!(&key, Some(Cow::Owned(k)) if k == "escaped"));
    assert_eq!(reader.read::<i32>().unwrap(), 2);
    assert_eq!(reader.next_key().unwrap(), None);
    reader.end().unwrap();
}

#[test]
fn unread_values_are_skipped_by_the_next_key() {
    let body = br#"{"a": {"x": [1, {"y": 2}]}, "b": 3, "c": [], "d": "s"}"#;
    let mut reader = JsonReader::body_object(body).unwrap();
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("a"));
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("b"));
    assert_eq!(reader.read::<i32>().unwrap(), 3);
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("c"));
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("d"));
    assert_eq!(reader.next_key().unwrap(), None);
    reader.end().unwrap();
    // An unread value must still be well-formed.
    let mut reader = JsonReader::body_object(br#"{"a": [1,}"#).unwrap();
    reader.next_key().unwrap();
    assert!(reader.next_key().is_err());
}

#[test]
fn lenient_members_skip_values_of_the_wrong_type() {
    let mut reader =
        JsonReader::body_object(br#"{"message": {"nested": [1]}, "code": "E", "x": [1"#).unwrap();
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("message"));
    assert_eq!(reader.lenient_member::<String>("message").unwrap(), None);
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("code"));
    assert_eq!(
        reader.lenient_member::<String>("code").unwrap().as_deref(),
        Some("E")
    );
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("x"));
    // Malformed input is an error even when lenient.
    assert!(reader.lenient_member::<String>("x").is_err());
}

/// Every key a lenient reader yields, with its value read as a string where it is one.
fn lenient_keys(body: &[u8]) -> Vec<(String, Option<String>)> {
    let mut reader = JsonReader::lenient_body_object(body);
    let mut keys = Vec::new();
    while let Ok(Some(key)) = reader.next_key() {
        let value = reader.lenient_member::<String>(&key).ok().flatten();
        keys.push((key.into_owned(), value));
    }
    keys
}

#[test]
fn error_bodies_that_are_not_one_object_read_as_empty() {
    let code = |v: &str| vec![("code".to_owned(), Some(v.to_owned()))];
    assert_eq!(lenient_keys(br#" {"code": "E"} "#), code("E"));
    // A value of the wrong type is unset; the members around it still count.
    assert_eq!(
        lenient_keys(br#"{"code": 1, "message": "m"}"#),
        vec![
            ("code".to_owned(), None),
            ("message".to_owned(), Some("m".to_owned()))
        ]
    );
    // Malformed anywhere, even after the member wanted, means no members at all, as when
    // the whole body is parsed first.
    for body in [
        &br#"{"code": "E", "x": [1"#[..],
        br#"{"code": "E"} trailing"#,
        br#"["code"]"#,
        b"<html>Bad Gateway</html>",
        b"",
        b"  ",
    ] {
        assert_eq!(lenient_keys(body), Vec::new(), "{body:?}");
    }
}

#[test]
fn union_members_name_themselves_in_errors() {
    let mut reader = JsonReader::body_object(br#"{"S": 1}"#).unwrap();
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("S"));
    let error = reader.variant::<String>("S").unwrap_err();
    assert_eq!(error.path(), "S");
}

#[test]
fn arrays_and_null_handling() {
    let mut reader = JsonReader::new(b"[null, 1 ,2]");
    reader.begin_array().unwrap();
    assert!(reader.next_element().unwrap());
    assert!(reader.skip_null().unwrap());
    assert!(reader.next_element().unwrap());
    assert!(!reader.skip_null().unwrap());
    assert_eq!(reader.read::<i64>().unwrap(), 1);
    assert!(reader.next_element().unwrap());
    assert_eq!(reader.read::<i64>().unwrap(), 2);
    assert!(!reader.next_element().unwrap());
    reader.end().unwrap();

    let sparse: Vec<Option<i32>> = JsonReader::new(b"[1,null]").read().unwrap();
    assert_eq!(sparse, [Some(1), None]);
    let error = JsonReader::new(b"[1,null]").read::<Vec<i32>>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "member `[1]`: expected an integer, found null"
    );
    let sparse: HashMap<String, Option<String>> =
        JsonReader::new(br#"{"a":null,"b":"x"}"#).read().unwrap();
    assert_eq!(sparse.len(), 2);
    let dense: HashMap<String, String> = JsonReader::new(br#"{"a":null,"b":"x"}"#).read().unwrap();
    assert_eq!(dense, HashMap::from([("b".to_owned(), "x".to_owned())]));
    let last_wins: BTreeMap<String, i32> = JsonReader::new(br#"{"a":1,"a":2}"#).read().unwrap();
    assert_eq!(last_wins, BTreeMap::from([("a".to_owned(), 2)]));
}

#[test]
fn scalars_read_as_from_json_converts_them() {
    fn one<T: ReadJson>(text: &str) -> Result<T, JsonError> {
        let mut reader = JsonReader::new(text.as_bytes());
        let value = reader.read()?;
        reader.end()?;
        Ok(value)
    }
    assert_eq!(one::<i32>("2147483647").unwrap(), i32::MAX);
    assert!(one::<i32>("2147483648").is_err());
    assert_eq!(one::<i64>("-9223372036854775808").unwrap(), i64::MIN);
    assert!(one::<i64>("9223372036854775808").is_err());
    assert_eq!(one::<i64>("3.0e2").unwrap(), 300);
    assert_eq!(
        one::<i64>("1.5").unwrap_err().message(),
        "expected an integer, found a number with a fractional part"
    );
    assert_eq!(one::<f64>("1e400").unwrap(), f64::INFINITY);
    assert_eq!(one::<f64>("\"-Infinity\"").unwrap(), f64::NEG_INFINITY);
    assert!(one::<f64>("\"nan\"").is_err());
    assert_eq!(one::<f32>("0.5").unwrap(), 0.5);
    assert_eq!(
        one::<DateTime>("\"2020-01-02T03:04:05Z\"").unwrap(),
        DateTime::from_json(Value::String("2020-01-02T03:04:05Z".into())).unwrap()
    );
    assert_eq!(one::<DateTime>("\"12\"").unwrap(), DateTime::from_secs(12));
    assert!(one::<DateTime>("1e300").is_err());
    assert_eq!(one::<Blob>("\"aGk=\"").unwrap().as_bytes(), b"hi");
    assert!(one::<Blob>("\"aGk\"").is_err());
    assert!(!one::<bool>(" false ").unwrap());
    assert_eq!(
        one::<bool>("1").unwrap_err().message(),
        "expected a boolean, found a number"
    );
    assert_eq!(one::<Option<bool>>("null").unwrap(), None);
    assert_eq!(one::<Box<i32>>("7").unwrap(), Box::new(7));
    assert_eq!(one::<String>(r#""\ud83d\ude00\/""#).unwrap(), "😀/");
}

// ---- Hostile input. ----

fn all_entry_points(bytes: &[u8]) {
    // None of these may panic; the results are checked elsewhere.
    let _ = deserialize_describe_job(bytes);
    let _ = read_body::<Value>(bytes);
    let _ = read_body::<Vec<Option<i32>>>(bytes);
    let _ = read_body::<HashMap<String, Option<f64>>>(bytes);
    let _ = read_body::<BTreeMap<String, Value>>(bytes);
    let _ = read_body::<Vec<DateTime>>(bytes);
    let _ = read_body::<Blob>(bytes);
    let mut reader = JsonReader::new(bytes);
    if reader.skip().is_ok() {
        let _ = reader.end();
    }
    let mut reader = JsonReader::new(bytes);
    let _ = reader.lenient_member::<Vec<String>>("m");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep_arrays = vec![b'['; 10_000_000];
    let mut deep_objects = b"{\"a\":".repeat(1_000_000);
    deep_objects.extend(b"1");
    for bytes in [&deep_arrays, &deep_objects] {
        let mut reader = JsonReader::new(bytes);
        assert_eq!(
            reader.skip().unwrap_err().message(),
            "arrays and objects nest too deeply"
        );
        assert_eq!(
            read_body::<Value>(bytes).unwrap_err().message(),
            "arrays and objects nest too deeply"
        );
        assert!(read_body::<BTreeMap<String, Value>>(bytes).is_err());
        assert!(read_body::<Vec<Value>>(bytes).is_err());
        all_entry_points(bytes);
    }
    let mut reader = JsonReader::body_object(&deep_objects).unwrap();
    assert_eq!(reader.next_key().unwrap().as_deref(), Some("a"));
    assert!(reader.skip().is_err());
    let deep_config = [
        &b"{\"config\":"[..],
        &b"{\"parent\":".repeat(200),
        b"{}",
        &b"}".repeat(201),
    ]
    .concat();
    assert_eq!(
        deserialize_describe_job(&deep_config)
            .unwrap_err()
            .message(),
        "arrays and objects nest too deeply"
    );
    // Exactly the limit is fine, one more is not, as for `parse`.
    let at_limit = [&b"[".repeat(MAX_DEPTH)[..], &b"]".repeat(MAX_DEPTH)].concat();
    let mut reader = JsonReader::new(&at_limit);
    reader.skip().unwrap();
    reader.end().unwrap();
    let over = [&b"[".repeat(MAX_DEPTH + 1)[..], &b"]".repeat(MAX_DEPTH + 1)].concat();
    assert!(JsonReader::new(&over).skip().is_err());
    assert!(parse(&over).is_err());
}

#[test]
fn malformed_input_is_an_error() {
    let cases: &[&[u8]] = &[
        b"",
        b"{",
        b"{\"a\"",
        b"{\"a\":",
        b"{\"a\":1",
        b"{\"a\":1,}",
        b"{,}",
        b"[1,]",
        b"[1 2]",
        b"{\"a\" 1}",
        b"{1:2}",
        b"[1}",
        b"{\"a\":1]",
        b"\"abc",
        b"\"a\\x\"",
        b"\"a\\u12\"",
        b"\"a\\ud800\"",
        b"\"a\\udc00\"",
        b"\"a\\ud800\\u0041\"",
        b"\"\xff\"",
        b"\"\xc3\"",
        b"\"a\nb\"",
        b"01",
        b"-",
        b"1.",
        b"1e",
        b"1e+",
        b".5",
        b"tru",
        b"nul",
        b"nulll",
        b"[] []",
        b"{} x",
        b"\xef\xbb\xbf{}",
    ];
    for &case in cases {
        assert!(parse(case).is_err(), "parse accepts {case:?}");
        let mut reader = JsonReader::new(case);
        let skipped = reader.skip().and_then(|()| reader.end());
        assert!(skipped.is_err(), "skip accepts {case:?}");
        assert!(read_body::<Value>(case).map_or(true, |v| v.is_none() && case.is_empty()));
        let mut reader = JsonReader::new(case);
        let lenient = reader.lenient_member::<i32>("m").and_then(|_| reader.end());
        assert!(lenient.is_err(), "lenient_member accepts {case:?}");
        all_entry_points(case);
    }
    // Huge exponents and long numbers are read without trouble.
    assert_eq!(
        read_body::<f64>(b"1e999999999999").unwrap(),
        Some(f64::INFINITY)
    );
    assert_eq!(read_body::<f64>(b"-1e-999999999999").unwrap(), Some(-0.0));
    let long = "9".repeat(100_000);
    assert!(read_body::<i64>(long.as_bytes()).is_err());
    assert_eq!(
        read_body::<f64>(long.as_bytes()).unwrap(),
        Some(f64::INFINITY)
    );
}

#[test]
fn every_truncation_is_an_error() {
    let text = br#"{"jobId": "j\u00e9", "tags": ["a", "b"], "config": {"ratio": 1.5e3}, "n": null, "t": true}"#;
    assert!(deserialize_describe_job(text).is_ok());
    for end in 0..text.len() {
        let prefix = &text[..end];
        assert!(
            deserialize_describe_job(prefix).is_err() || prefix.is_empty(),
            "{prefix:?}"
        );
        assert!(read_body::<Value>(prefix).map_or(true, |v| v.is_none()));
        all_entry_points(prefix);
    }
}

// ---- Random and differential tests. ----

/// xorshift64*: deterministic, no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'t>(&mut self, items: &[&'t str]) -> &'t str {
        items[self.below(items.len())]
    }
}

/// A random valid JSON text; `leaves` picks the kind of scalars so that typed targets
/// match often enough to be exercised.
fn random_document(random: &mut Random, out: &mut String, depth: usize, leaves: usize) {
    let kind = if depth > 4 { 2 } else { random.below(5) };
    let space = |random: &mut Random| [" ", "", "\n\t", ""][random.below(4)];
    match kind {
        0 => {
            out.push('[');
            for i in 0..random.below(4) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(space(random));
                random_document(random, out, depth + 1, leaves);
            }
            out.push(']');
        }
        1 => {
            out.push('{');
            for i in 0..random.below(4) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(space(random));
                let key = random.pick(&["\"a\"", "\"b\"", "\"a\"", "\"\\u0063\"", "\"é\""]);
                out.push_str(key);
                out.push(':');
                out.push_str(space(random));
                random_document(random, out, depth + 1, leaves);
            }
            out.push('}');
        }
        _ => {
            let leaf = match (leaves, random.below(8)) {
                (_, 0) => "null",
                (0, _) => random.pick(&[
                    "0",
                    "-0",
                    "7",
                    "-2147483648",
                    "2147483648",
                    "9223372036854775807",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "1.0",
                    "2.5",
                    "1e3",
                    "-1E-2",
                    "1e400",
                    "123456789012345678901234567890",
                ]),
                (1, _) => random.pick(&[
                    "\"NaN\"",
                    "\"Infinity\"",
                    "\"-Infinity\"",
                    "\"x\"",
                    "1.5",
                    "-3",
                    "\"2020-01-02T03:04:05Z\"",
                    "\"1700000000\"",
                    "\"Thu, 01 Jan 1970 00:00:00 GMT\"",
                    "1e300",
                    "-1.25",
                ]),
                (2, _) => random.pick(&[
                    "\"\"",
                    "\"aGk=\"",
                    "\"abc\"",
                    "\"a\\\"b\"",
                    "\"\\ud83d\\ude00\"",
                    "\"\\n\\t\\/\\\\\"",
                    "\"日本\"",
                    "\"aGk\"",
                    "\"AAAA\"",
                ]),
                _ => random.pick(&["true", "false", "1", "\"s\"", "null", "[]", "{}"]),
            };
            out.push_str(leaf);
        }
    }
}

fn pull<T: ReadJson>(bytes: &[u8]) -> Result<T, JsonError> {
    let mut reader = JsonReader::new(bytes);
    let value = reader.read()?;
    reader.end()?;
    Ok(value)
}

/// The pull reader and `parse` + `FromJson` agree: same value, or the same conversion
/// error; and when `parse` rejects the text, so does the reader.
fn agree<T: ReadJson + FromJson + Debug>(bytes: &[u8]) {
    agree_by::<T>(bytes, |value| format!("{value:?}"));
}

/// Maps print in no fixed order, so they are compared sorted.
fn agree_map<T: Debug>(bytes: &[u8])
where
    HashMap<String, T>: ReadJson + FromJson + Debug,
{
    agree_by::<HashMap<String, T>>(bytes, |map| {
        format!("{:?}", map.iter().collect::<BTreeMap<_, _>>())
    });
}

/// Compares through `show` (Debug text, so NaN equals NaN).
fn agree_by<T: ReadJson + FromJson + Debug>(bytes: &[u8], show: fn(&T) -> String) {
    let tree = parse(bytes);
    let pulled = pull::<T>(bytes);
    match tree {
        Err(_) => assert!(pulled.is_err(), "the reader accepts {bytes:?}: {pulled:?}"),
        Ok(tree) => match (T::from_json(tree), pulled) {
            (Ok(expected), Ok(got)) => {
                assert_eq!(show(&expected), show(&got), "{bytes:?}")
            }
            (Err(expected), Err(got)) => {
                assert_eq!(expected.to_string(), got.to_string(), "{bytes:?}")
            }
            (expected, got) => panic!("{bytes:?}: tree {expected:?}, reader {got:?}"),
        },
    }
}

fn check_everything(bytes: &[u8]) {
    agree::<Value>(bytes);
    agree::<Vec<Option<i32>>>(bytes);
    agree::<Vec<i64>>(bytes);
    agree::<Vec<Vec<i8>>>(bytes);
    agree_map::<Option<f64>>(bytes);
    agree_map::<f32>(bytes);
    agree::<BTreeMap<String, String>>(bytes);
    agree_map::<Vec<Value>>(bytes);
    agree::<Option<Vec<DateTime>>>(bytes);
    agree::<BTreeMap<String, Blob>>(bytes);
    agree_by::<Vec<HashMap<String, i32>>>(bytes, |list| {
        let sorted: Vec<BTreeMap<_, _>> = list.iter().map(|map| map.iter().collect()).collect();
        format!("{sorted:?}")
    });
    agree::<Box<bool>>(bytes);
    agree::<String>(bytes);
    // Skipping accepts exactly what `parse` accepts.
    let mut reader = JsonReader::new(bytes);
    let skipped = reader.skip().and_then(|()| reader.end());
    assert_eq!(skipped.is_ok(), parse(bytes).is_ok(), "{bytes:?}");
    // A body read member by member, skipping everything, is fine exactly when `parse`
    // gives an object.
    let members = || -> Result<(), JsonError> {
        let mut reader = JsonReader::body_object(bytes)?;
        while reader.next_key()?.is_some() {
            reader.skip()?;
        }
        reader.end()
    };
    let is_object = matches!(parse(bytes), Ok(Value::Object(_))) || is_blank(bytes);
    assert_eq!(members().is_ok(), is_object, "{bytes:?}");
    // The same, leaving every value for `next_key` to skip.
    let keys_only = || -> Result<(), JsonError> {
        let mut reader = JsonReader::body_object(bytes)?;
        while reader.next_key()?.is_some() {}
        reader.end()
    };
    assert_eq!(keys_only().is_ok(), is_object, "{bytes:?}");
    // A lenient member is Ok exactly when the text is well-formed, and then holds the
    // value when it converts.
    let mut reader = JsonReader::new(bytes);
    let lenient = reader
        .lenient_member::<Vec<i32>>("m")
        .and_then(|value| reader.end().map(|()| value));
    match parse(bytes) {
        Ok(tree) => assert_eq!(
            lenient.unwrap(),
            crate::json::member::<Vec<i32>>(tree, "m").ok().flatten(),
            "{bytes:?}"
        ),
        Err(_) => assert!(lenient.is_err(), "{bytes:?}"),
    }
    all_entry_points(bytes);
}

#[test]
fn random_documents_and_mutations_agree_with_the_tree_path() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let alphabet = b"{}[],:\"\\ 0123456789-+.eEtruefalsn\xff\xc3\xa9\x00\n";
    let mut valid = 0;
    for round in 0..3000 {
        let mut text = String::new();
        random_document(&mut random, &mut text, 0, round % 4);
        check_everything(text.as_bytes());
        let mut bytes = text.into_bytes();
        for _ in 0..1 + random.below(3) {
            let at = random.below(bytes.len() + 1);
            match random.below(4) {
                0 if at < bytes.len() => bytes[at] = alphabet[random.below(alphabet.len())],
                1 if at < bytes.len() => drop(bytes.remove(at)),
                2 => bytes.insert(at, alphabet[random.below(alphabet.len())]),
                _ => bytes.truncate(at),
            }
        }
        if parse(&bytes).is_ok() {
            valid += 1;
        }
        check_everything(&bytes);
    }
    // Random bytes: mostly from the alphabet, one string in four from all 256 values.
    for round in 0..2000 {
        let bytes: Vec<u8> = (0..random.below(24))
            .map(|_| match round % 4 {
                0 => random.next() as u8,
                _ => alphabet[random.below(alphabet.len())],
            })
            .collect();
        check_everything(&bytes);
    }
    // The mutations kept enough documents valid for the comparison to mean something.
    assert!(valid > 100, "only {valid} mutated documents were valid");
}
