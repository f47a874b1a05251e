//! botocore's rest-json, awsJson, awsQuery, ec2Query and restXml protocol suites (botocore 1.44.5, `tests/unit/protocols/`), one test
//! per case: each suite's model goes through the generator, each case's input is built from
//! its `params` through the generated client and the request it sends is compared with the
//! suite's; each response goes through the generated parsers and the result is compared
//! with the suite's. Test names are `<file>::<suite>::<case>`.

mod rest_json_input {
    include!(concat!(env!("OUT_DIR"), "/rest_json_input.rs"));
}

mod rest_json_output {
    include!(concat!(env!("OUT_DIR"), "/rest_json_output.rs"));
}

mod json_input {
    include!(concat!(env!("OUT_DIR"), "/json_input.rs"));
}

mod json_output {
    include!(concat!(env!("OUT_DIR"), "/json_output.rs"));
}

mod json_1_0_input {
    include!(concat!(env!("OUT_DIR"), "/json_1_0_input.rs"));
}

mod json_1_0_output {
    include!(concat!(env!("OUT_DIR"), "/json_1_0_output.rs"));
}

mod json_1_0_query_compatible_input {
    include!(concat!(
        env!("OUT_DIR"),
        "/json_1_0_query_compatible_input.rs"
    ));
}

mod json_1_0_query_compatible_output {
    include!(concat!(
        env!("OUT_DIR"),
        "/json_1_0_query_compatible_output.rs"
    ));
}

mod query_input {
    include!(concat!(env!("OUT_DIR"), "/query_input.rs"));
}

mod query_output {
    include!(concat!(env!("OUT_DIR"), "/query_output.rs"));
}

mod ec2_input {
    include!(concat!(env!("OUT_DIR"), "/ec2_input.rs"));
}

mod ec2_output {
    include!(concat!(env!("OUT_DIR"), "/ec2_output.rs"));
}

mod rest_xml_input {
    include!(concat!(env!("OUT_DIR"), "/rest_xml_input.rs"));
}

mod rest_xml_output {
    include!(concat!(env!("OUT_DIR"), "/rest_xml_output.rs"));
}

/// The harness covers every case of the suites, as botocore counts them.
#[test]
fn every_case_has_a_test() {
    let count = |table: &[&[awsgen_conformance::check::Case]]| -> usize {
        table.iter().map(|suite| suite.len()).sum()
    };
    assert_eq!(count(rest_json_input::CASES), 113);
    assert_eq!(count(rest_json_output::CASES), 91);
    assert_eq!(count(json_input::CASES), 54);
    assert_eq!(count(json_output::CASES), 58);
    assert_eq!(count(json_1_0_input::CASES), 21);
    assert_eq!(count(json_1_0_output::CASES), 32);
    assert_eq!(count(json_1_0_query_compatible_input::CASES), 1);
    assert_eq!(count(json_1_0_query_compatible_output::CASES), 2);
    assert_eq!(count(query_input::CASES), 38);
    assert_eq!(count(query_output::CASES), 38);
    assert_eq!(count(ec2_input::CASES), 29);
    assert_eq!(count(ec2_output::CASES), 29);
    assert_eq!(count(rest_xml_input::CASES), 94);
    assert_eq!(count(rest_xml_output::CASES), 78);
}
