//! The smallest useful program: one CreateDeployment call with awsgen-amplify.

use std::collections::HashMap;

use awsgen_amplify::{Client, Config, Credentials};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(deploy());
}

async fn deploy() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .build()
        .expect("a valid configuration");
    let client = Client::new(config);
    let mut file_map = HashMap::new();
    file_map.insert(
        "index.html".to_owned(),
        "d41d8cd98f00b204e9800998ecf8427e".to_owned(),
    );
    match client
        .create_deployment("d2l8fg9example", "main")
        .file_map(file_map)
        .send()
        .await
    {
        Ok(output) => println!("job {:?}", output.job_id),
        Err(error) => eprintln!("{error}"),
    }
}
