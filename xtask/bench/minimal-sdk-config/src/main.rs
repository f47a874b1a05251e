//! minimal-sdk as the SDK's examples write it, with aws-config loading the configuration.

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let client = aws_sdk_amplify::Client::new(&config);
        match client
            .create_deployment()
            .app_id("d2l8fg9example")
            .branch_name("main")
            .file_map("index.html", "d41d8cd98f00b204e9800998ecf8427e")
            .send()
            .await
        {
            Ok(output) => println!("job {:?}", output.job_id),
            Err(error) => eprintln!("{error}"),
        }
    });
}
