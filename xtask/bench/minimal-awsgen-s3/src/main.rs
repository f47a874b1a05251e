//! The smallest useful program: one GetObject call with awsgen-s3, its body read whole.

use awsgen_s3::{Client, Config, Credentials};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(read());
}

async fn read() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .build()
        .expect("a valid configuration");
    let client = Client::new(config);
    match client.get_object("my-bucket", "settings.json").send().await {
        Ok(output) => match output.body.collect_limited(1 << 20).await {
            Ok(body) => println!("{} bytes", body.len()),
            Err(error) => eprintln!("{error}"),
        },
        Err(error) => eprintln!("{error}"),
    }
}
