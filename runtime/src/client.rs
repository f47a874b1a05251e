//! The service-independent part of every generated client: turn an operation's serialized
//! request into a signed HTTP request for the configured endpoint, send it, and hand the
//! response back to the operation's own deserializers.

use std::fmt;
use std::time::Duration;

use crate::body::{ByteStream, RequestBody};
use crate::checksum::{ApplyError, Placement, RequestChecksum, ResponseChecksum};
use crate::config::Config;
use crate::customizations::{self, Customizations};
use crate::endpoint::{BuiltIns, Endpoint, EndpointError};
use crate::error::{
    DeserializeError, ResponseError, SdkError, ServiceError, ValidationError, Violation,
};
use crate::http::{Headers, HttpRequest, HttpResponse, Scheme, Url};
use crate::presign::post::{PostPolicy, PostSigning, PresignedPost};
use crate::presign::{self, PresignError, PresignedRequest};
use crate::redirect::{self, BucketRegions};
use crate::retry::{Attempts, Next, Retries};
use crate::sigv4::{Signer, UNSIGNED_PAYLOAD, Variant as SigningVariant};
use crate::transport::{StreamingResponse, TransportError, TransportErrorKind};
use crate::validate::{Path, Validate, Validator};

/// What a generated crate tells the runtime about its service.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service id from the model, e.g. `Amplify`.
    pub service_id: &'static str,
    /// The SigV4 signing name, e.g. `amplify`.
    pub signing_name: &'static str,
    /// Standard SigV4, or S3's.
    pub signing: SigningVariant,
    pub api_version: &'static str,
    /// The service's endpoint rules, as generated code: where a client with these settings
    /// sends requests.
    pub resolve_endpoint: fn(&BuiltIns<'_>) -> Result<Endpoint, EndpointError>,
}

/// A request as an operation's serializer produced it: everything but where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerializedRequest {
    pub method: &'static str,
    /// The percent-encoded path, relative to the endpoint.
    pub path: String,
    /// Percent-encoded `k=v` pairs joined by `&`.
    pub query: String,
    pub headers: Headers,
    pub body: RequestBody,
    /// Put in front of the endpoint's host (the model's `hostPrefix`, labels filled in).
    pub host_prefix: Option<String>,
}

impl SerializedRequest {
    pub fn new(method: &'static str, path: String) -> Self {
        Self {
            method,
            path,
            query: String::new(),
            // Room for what the serializer, the endpoint, the signer and the retry loop add,
            // so that the list does not grow on every call.
            headers: Headers::with_capacity(8),
            body: RequestBody::empty(),
            host_prefix: None,
        }
    }
}

/// What a serializer may take from the client besides its input.
pub struct RequestContext<'a> {
    config: &'a Config,
    // Only the query protocols' presigned copies (feature `xml`) look at these.
    #[cfg_attr(not(feature = "xml"), allow(dead_code))]
    target: &'a Target,
    #[cfg_attr(not(feature = "xml"), allow(dead_code))]
    signer: &'a Signer,
}

impl RequestContext<'_> {
    /// The client's region.
    pub fn region(&self) -> &str {
        self.config.region()
    }

    /// botocore's cross-region copy (`inject_presigned_url_ec2`): a URL, presigned for an
    /// hour with the client's credentials, of the request `form_body` makes, sent by `GET` to
    /// the endpoint of `source_region` (the client's endpoint with its region's name
    /// replaced, as botocore replaces it) and signed for that region, with
    /// `DestinationRegion` set to the client's region.
    #[cfg(feature = "xml")]
    pub fn presigned_copy_url(&self, form_body: &str, source_region: &str) -> String {
        const EXPIRES: u64 = 3600;
        let region = self.config.region();
        let url = self.target.url.to_string().replace(region, source_region);
        let url = Url::parse(&url).unwrap_or_else(|_| self.target.url.clone());
        let mut params = crate::protocol::query::decode_pairs(form_body);
        match params
            .iter_mut()
            .find(|(key, _)| key == "DestinationRegion")
        {
            Some((_, value)) => region.clone_into(value),
            None => params.push(("DestinationRegion".to_owned(), region.to_owned())),
        }
        self.signer.presigned_url(
            &url,
            &params,
            &self.config.credentials,
            source_region,
            &self.target.signing_name,
            (self.config.clock)(),
            EXPIRES,
        )
    }
    /// A token for an idempotency-token member the input leaves unset.
    pub fn idempotency_token(&self) -> String {
        (self.config.idempotency_tokens)()
    }

    /// The smallest body to compress, for operations that allow it; `None` when
    /// compression is off.
    pub fn min_compression_size(&self) -> Option<usize> {
        self.config.min_compression_size
    }
}

/// How an operation's requests are authenticated.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// Signed with SigV4 (`aws.auth#sigv4`): every operation, unless it says otherwise.
    SigV4,
    /// Sent without a signature (`"authtype": "none"`, `"auth": ["smithy.api#noAuth"]`):
    /// no `Authorization`, `X-Amz-Date` or `X-Amz-Security-Token`, as botocore sends
    /// Cognito Identity's `GetId` or STS's `AssumeRoleWithWebIdentity`, which a caller makes
    /// before it has credentials of its own.
    NoAuth,
    /// Signed with SigV4 over `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD` instead of the body's
    /// hash (`"authtype": "v4-unsigned-body"`, `aws.auth#unsignedPayload`), as botocore
    /// signs MediaStore Data's `PutObject`: the header is set and signed, and the body is
    /// left out of the signature.
    SigV4UnsignedPayload,
}

/// Implemented by each generated operation's input: the operation's specifics, as code.
pub trait Operation: Validate {
    type Output;
    type Error;

    /// The operation's name in the model.
    const NAME: &'static str;

    /// How the operation's requests are authenticated; signed unless the model says the
    /// operation takes no authentication.
    const AUTH: AuthScheme = AuthScheme::SigV4;

    /// Whether the operation long-polls (SQS `ReceiveMessage`, among a few): when the retry
    /// quota refuses a retry, the call still waits out the back-off before it gives up, as
    /// botocore does, so that a caller polling in a loop does not hammer a failing service.
    const LONG_POLLING: bool = false;

    /// Whether a 200 response may hold an error instead of the output (S3, for every
    /// operation whose output is not a raw payload): one whose body is an `<Error>` document
    /// or not XML is handled as a 500, so retried and parsed as an error, as botocore's
    /// `_handle_200_error` does.
    const SUCCESS_MAY_HOLD_ERROR: bool = false;

    /// The checksum its requests carry, for an operation whose model has one
    /// (`httpChecksum`, `httpChecksumRequired`).
    const REQUEST_CHECKSUM: Option<RequestChecksum> = None;

    /// The checksums its responses may carry, for an operation that lets the caller ask for
    /// them to be checked (S3's `GetObject`).
    const RESPONSE_CHECKSUM: Option<ResponseChecksum> = None;

    /// Where this input's request goes, for an operation that gives the endpoint rules
    /// values of its own (the model's `contextParam`s and `staticContextParams`, e.g.
    /// DynamoDB's table ARN, Kinesis' stream ARN and operation type): the rules resolved
    /// with the client's parameters and those, on every call. `None`, for every other
    /// operation, sends it where the client resolved its endpoint once.
    fn endpoint(&self, built_ins: &BuiltIns<'_>) -> Option<Result<Endpoint, EndpointError>> {
        let _ = built_ins;
        None
    }

    fn serialize(&self, cx: &RequestContext<'_>) -> SerializedRequest;

    /// Whether the output's payload is a stream (a `streaming` blob, such as S3's
    /// `GetObject` body): a successful response is then handed over as soon as its head
    /// has arrived, through [`deserialize_streaming_output`](Self::deserialize_streaming_output),
    /// and its body is read by the caller.
    const STREAMING_OUTPUT: bool = false;

    /// Whether the operation's input payload is a stream (S3's `PutObject` body), which the
    /// caller may give as a file or a reader ([`RequestBody`]).
    const STREAMING_INPUT: bool = false;

    /// The bucket the input names for the endpoint rules (S3's `Bucket` context
    /// parameter), which decides where a presigned S3 URL goes.
    fn endpoint_bucket(&self) -> Option<&str> {
        None
    }

    /// Parses a successful (2xx) response read whole.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;

    /// Finishes a parsed output with what the input asked for. S3's listings decode the keys
    /// the client asked S3 to percent-encode because the caller chose no encoding, as
    /// botocore does; other operations have nothing to do.
    fn finish_output(&self, output: &mut Self::Output) {
        let _ = output;
    }

    /// Parses a successful response of a [`STREAMING_OUTPUT`](Self::STREAMING_OUTPUT)
    /// operation from its head (whose `body` is empty) and the body still to be read.
    /// Others never stream, and parse the head alone.
    fn deserialize_streaming_output(
        head: &HttpResponse,
        body: ByteStream,
    ) -> Result<Self::Output, DeserializeError> {
        drop(body);
        Self::deserialize_output(head)
    }

    /// Parses an error response into the operation's error type.
    fn deserialize_error(response: &HttpResponse) -> ServiceError<Self::Error>;
}

/// Sends operations for one service with one configuration. Generated clients wrap it.
pub struct ClientCore {
    service: &'static ServiceInfo,
    config: Config,
    customizations: Customizations,
    /// The configuration's retry settings with the service's customizations applied.
    retries: Retries,
    /// Where requests go, decided once from the service's endpoint rules. When the rules
    /// refuse the configuration, every call returns their error and sends nothing.
    endpoint: Result<Target, EndpointError>,
    signer: Signer,
    /// S3: the regions redirects found, by bucket.
    bucket_regions: BucketRegions,
}

/// A resolved endpoint, ready to put requests on.
#[derive(Debug)]
struct Target {
    url: Url,
    /// Headers the rules add to every request.
    headers: Vec<(String, String)>,
    signing_name: String,
    signing_region: String,
}

impl Target {
    fn new(
        endpoint: Endpoint,
        service: &ServiceInfo,
        config: &Config,
    ) -> Result<Target, EndpointError> {
        let url =
            Url::parse(&endpoint.url).map_err(|error| EndpointError::new(error.to_string()))?;
        let scheme = endpoint.sigv4_scheme()?;
        Ok(Target {
            url,
            signing_name: scheme
                .signing_name
                .unwrap_or(service.signing_name)
                .to_owned(),
            signing_region: scheme.signing_region.unwrap_or(config.region()).to_owned(),
            headers: endpoint
                .headers
                .into_iter()
                .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)))
                .collect(),
        })
    }
}

impl ClientCore {
    pub fn new(service: &'static ServiceInfo, config: Config) -> Self {
        Self::with_customizations(service, config, Customizations::NONE)
    }

    /// A client for a service that botocore treats specially beyond its model (DynamoDB's
    /// retry defaults and crc32 check, STS's extra retryable code); see [`Customizations`].
    pub fn with_customizations(
        service: &'static ServiceInfo,
        config: Config,
        customizations: Customizations,
    ) -> Self {
        let config = config.for_service(service.service_id);
        let endpoint = (service.resolve_endpoint)(&config.built_ins())
            .and_then(|endpoint| Target::new(endpoint, service, &config));
        Self {
            service,
            retries: config.retries.customized(&customizations),
            config,
            customizations,
            endpoint,
            signer: Signer::with_variant(service.signing),
            bucket_regions: BucketRegions::default(),
        }
    }

    /// How many attempts each call gets: the configuration's, or the service's own default
    /// when the configuration does not set one.
    pub fn max_attempts(&self) -> u32 {
        self.retries.max_attempts
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Validates, serializes, signs and sends `input`, then parses the response. Failed
    /// attempts are retried as botocore's standard retry mode does (see [`crate::retry`]);
    /// the error returned is the last attempt's.
    ///
    /// When the service checks `x-amz-crc32` ([`Customizations::check_crc32`]), a response
    /// whose body fails the check is retried as a transient error. If no retry is left, a
    /// damaged error response is returned as the service error it says it is (as botocore
    /// does), but a damaged success is an [`SdkError::Response`] naming the checksums:
    /// botocore's standard mode would parse it as if it were intact, and its legacy mode
    /// raised `ChecksumError`; data that failed its checksum is not handed over here. A
    /// header that is not a number fails the call unless the response is retried anyway.
    ///
    /// With a [`call_timeout`](crate::config::ConfigBuilder::call_timeout), a call that has
    /// not finished in time fails with a [`Timeout`](TransportErrorKind::Timeout) transport
    /// error.
    pub async fn call<O: Operation>(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        let Some(limit) = self.config.call_timeout else {
            return self.call_once_through(input).await;
        };
        tokio::time::timeout(limit, self.call_once_through(input))
            .await
            .unwrap_or_else(|_| {
                Err(SdkError::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("the call did not finish within its call_timeout of {limit:?}"),
                )))
            })
    }

    /// The request `input` makes, signed in its URL's query for `expires_in` (at most seven
    /// days) from now, as botocore's `generate_presigned_url` signs with SigV4: resolved,
    /// validated and serialized as a call would be, without the headers only a sent call
    /// carries (checksums, retry and tracing headers, `Expect`), and signed for the client's
    /// region (the rules' region only for an ARN bucket, as botocore). A body's parameters
    /// move into the query (a form body's, or a flat JSON body's, as Polly's
    /// `SynthesizeSpeech`); any other body cannot be presigned and is refused, as is an
    /// expiry out of range. Nothing is sent.
    pub fn presign<O: Operation>(
        &self,
        input: &O,
        expires_in: Duration,
    ) -> Result<PresignedRequest, PresignError> {
        let refuse = |member: &str, message: String| {
            PresignError::Validation(ValidationError {
                violations: vec![Violation {
                    member: member.to_owned(),
                    message,
                }],
            })
        };
        if expires_in < Duration::from_secs(1) || expires_in > presign::MAX_EXPIRY {
            return Err(refuse(
                "expires_in",
                format!("a presigned URL lasts 1 second to 7 days, not {expires_in:?}"),
            ));
        }
        let (target, mut request) = self.presign_request(input)?;
        if O::AUTH == AuthScheme::NoAuth {
            // botocore's unsigned signer leaves the URL as it is, with no query auth.
            return Ok(PresignedRequest::new(request));
        }
        let params = presigned_body_params(&mut request)
            .map_err(|why| refuse(O::NAME, format!("{} cannot be presigned: {why}", O::NAME)))?;
        self.signer.presign(
            &mut request,
            &params,
            &self.config.credentials,
            self.presign_region(input, &target),
            &target.signing_name,
            (self.config.clock)(),
            expires_in.as_secs(),
        );
        Ok(PresignedRequest::new(request))
    }

    /// An S3 upload form for `key` in the bucket of `input` (a `CreateBucket` input, whose
    /// request goes to the bucket's endpoint with no key, as botocore's
    /// `generate_presigned_post` picks it): `policy`, with conditions on the bucket and key,
    /// signed now for the client's region. Nothing is sent.
    pub fn presign_post<O: Operation>(
        &self,
        input: &O,
        key: &str,
        policy: PostPolicy,
    ) -> Result<PresignedPost, PresignError> {
        let (target, request) = self.presign_request(input)?;
        let bucket = input.endpoint_bucket().unwrap_or_default();
        let signing = PostSigning {
            signer: &self.signer,
            credentials: &self.config.credentials,
            region: self.presign_region(input, &target),
            service: &target.signing_name,
            time: (self.config.clock)(),
        };
        Ok(presign::post::sign(
            request.url,
            bucket,
            key,
            policy,
            signing,
        ))
    }

    /// The request `input` makes, resolved (for S3, with the endpoint botocore presigns
    /// for), validated and serialized, and where it was resolved to.
    fn presign_request<O: Operation>(
        &self,
        input: &O,
    ) -> Result<(Target, HttpRequest), PresignError> {
        let mut built_ins = self.config.built_ins().for_bucket(input.endpoint_bucket());
        if self.service.service_id == "S3" {
            built_ins = presign::s3_built_ins(&built_ins, O::NAME, input.endpoint_bucket());
        }
        let endpoint = match input.endpoint(&built_ins) {
            Some(endpoint) => endpoint,
            None => (self.service.resolve_endpoint)(&built_ins),
        };
        let target = endpoint
            .and_then(|endpoint| Target::new(endpoint, self.service, &self.config))
            .map_err(PresignError::Endpoint)?;
        validate(input, self.config.strict_validation).map_err(PresignError::Validation)?;
        let cx = RequestContext {
            config: &self.config,
            target: &target,
            signer: &self.signer,
        };
        let request = request_on(&target, input.serialize(&cx));
        Ok((target, request))
    }

    /// The region a presigned request is signed for: the client's, as botocore signs one
    /// (`ignore_signing_region`), but the rules' for an ARN bucket, which names its own.
    fn presign_region<'a, O: Operation>(&'a self, input: &O, target: &'a Target) -> &'a str {
        match input.endpoint_bucket() {
            Some(bucket) if bucket.starts_with("arn:") => target.signing_region.as_str(),
            _ => self.config.region(),
        }
    }

    /// [`call`](Self::call) without its overall deadline: every attempt it takes, and for
    /// S3, the call sent once more to the bucket's own region when S3 names another (see
    /// [`Customizations::redirect_regions`]). A bucket's region found that way is used for
    /// its later calls from the start. An access point ARN names its region itself and is
    /// never redirected.
    async fn call_once_through<O: Operation>(
        &self,
        input: &O,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let bucket = input.endpoint_bucket().filter(|bucket| {
            self.customizations.redirects_regions() && !bucket.starts_with("arn:")
        });
        let remembered = bucket.and_then(|bucket| self.bucket_regions.get(bucket));
        match self.call_in(input, remembered.as_deref(), bucket).await {
            Ok(output) => Ok(output),
            Err(Stop::Failed(error)) => Err(error),
            Err(Stop::Redirect { bucket, region }) => {
                self.bucket_regions.remember(bucket, region.clone());
                match self.call_in(input, Some(&region), None).await {
                    Ok(output) => Ok(output),
                    Err(Stop::Failed(error)) => Err(error),
                    Err(Stop::Redirect { .. }) => unreachable!("a redirected call is final"),
                }
            }
        }
    }

    /// One call: resolved for `region` when given (else the configuration's), validated,
    /// serialized, and sent with its retries. With `redirectable`, the call's bucket, a
    /// failure that names the bucket's region ends it as [`Stop::Redirect`].
    async fn call_in<'a, O: Operation>(
        &self,
        input: &O,
        region: Option<&str>,
        redirectable: Option<&'a str>,
    ) -> Result<O::Output, Stop<'a, O::Error>> {
        let mut built_ins = self.config.built_ins().for_bucket(input.endpoint_bucket());
        if let Some(region) = region {
            built_ins.region = region;
        }
        // botocore, too, resolves the endpoint before it validates the input.
        let own_target;
        let target = match input.endpoint(&built_ins) {
            None => self
                .endpoint
                .as_ref()
                .map_err(|error| SdkError::Endpoint(error.clone()))?,
            Some(endpoint) => {
                own_target = endpoint
                    .and_then(|endpoint| Target::new(endpoint, self.service, &self.config))
                    .map_err(SdkError::Endpoint)?;
                &own_target
            }
        };
        validate(input, self.config.strict_validation).map_err(SdkError::Validation)?;
        let cx = RequestContext {
            config: &self.config,
            target,
            signer: &self.signer,
        };
        let mut serialized = input.serialize(&cx);
        for (name, value) in self.customizations.headers() {
            if !serialized.headers.contains(name) {
                serialized.headers.insert(*name, *value);
            }
        }
        self.add_recursion_detection(target, &mut serialized.headers);
        if let Some(checksum) = &O::RESPONSE_CHECKSUM {
            checksum.ask(
                &mut serialized.headers,
                self.config.response_checksum_validation,
            );
        }
        let mut request = request_on(target, serialized);
        let mut placement = Placement::None;
        if let Some(checksum) = &O::REQUEST_CHECKSUM {
            placement = checksum
                .apply(&mut request, self.config.request_checksum_calculation)
                .await
                .map_err(|error| match error {
                    ApplyError::UnknownAlgorithm(error) => SdkError::Validation(ValidationError {
                        violations: vec![Violation {
                            member: error.member.to_owned(),
                            message: error.to_string(),
                        }],
                    }),
                    ApplyError::ReadingBody(error) => {
                        SdkError::Transport(TransportError::unreadable_body(error))
                    }
                })?;
        }
        self.settle_payload_hash::<O>(&mut request, placement)
            .await
            .map_err(|error| SdkError::Transport(TransportError::unreadable_body(error)))?;
        if self.customizations.expects_continue()
            && request.body.as_bytes().is_none()
            && matches!(request.method.as_str(), "PUT" | "POST")
        {
            request.headers.insert("Expect", "100-continue");
        }
        let retries = &self.retries;
        let mut attempts = Attempts::start(retries, O::LONG_POLLING);
        loop {
            // Each attempt is signed anew, as botocore does, so that its date is current.
            // The retry headers go on after signing, so the signature does not cover them.
            self.sign(&mut request, target, O::AUTH);
            attempts.add_headers(&mut request.headers);
            let (error, delay) = match self.exchange::<O>(&request).await {
                Ok(Exchanged::Streamed(StreamingResponse { head, body })) => {
                    let body = match &O::RESPONSE_CHECKSUM {
                        Some(checksum) => checksum.check_stream(&request.headers, &head, body),
                        None => body,
                    };
                    let output = O::deserialize_streaming_output(&head, body)
                        .map_err(|error| SdkError::Response(response_error(&head, error.message)));
                    if output.is_ok() {
                        attempts.succeeded();
                    }
                    return Ok(output?);
                }
                Ok(Exchanged::Whole(response)) => {
                    let response = unmask_error(response, O::SUCCESS_MAY_HOLD_ERROR);
                    let crc = if self.customizations.checks_crc32() {
                        customizations::check_crc32(&response).err()
                    } else {
                        None
                    };
                    if response.is_success() && crc.is_none() {
                        if let Some(checksum) = &O::RESPONSE_CHECKSUM {
                            checksum
                                .check(&request.headers, &response)
                                .map_err(|mismatch| {
                                    SdkError::Response(response_error(
                                        &response,
                                        mismatch.to_string(),
                                    ))
                                })?;
                        }
                        let mut output = parse_output::<O>(&response)?;
                        attempts.succeeded();
                        input.finish_output(&mut output);
                        return Ok(output);
                    }
                    let damaged = crc.as_ref().is_some_and(|crc| crc.is_retryable());
                    let service_error =
                        (!response.is_success()).then(|| O::deserialize_error(&response));
                    let code = service_error.as_ref().map_or("", |e| e.meta.code());
                    let bucket = redirectable.filter(|_| {
                        redirect::is_redirect(O::NAME, &response, code)
                            && request.body.is_replayable()
                    });
                    if let Some(bucket) = bucket {
                        if let Some(region) = self
                            .bucket_region(&response, &request, target, bucket)
                            .await
                        {
                            return Err(Stop::Redirect { bucket, region });
                        }
                    }
                    let delay = attempts.retry_response(&response, code, damaged);
                    let error = match (service_error, crc) {
                        (Some(service_error), None) => SdkError::Service(service_error),
                        (Some(service_error), Some(crc)) if crc.is_retryable() => {
                            SdkError::Service(service_error)
                        }
                        // A damaged success, or a header that is not a number. (A success
                        // with no checksum problem returned above.)
                        (_, crc) => SdkError::Response(response_error(
                            &response,
                            crc.map(|crc| crc.to_string()).unwrap_or_default(),
                        )),
                    };
                    (error, delay)
                }
                Err(error) => {
                    let delay = attempts.retry_transport_error(&error);
                    (SdkError::Transport(error), delay)
                }
            };
            let error = Stop::Failed(error);
            match delay {
                // A body read from a reader went with the first attempt.
                Next::Retry(_) if !request.body.is_replayable() => return Err(error),
                Next::Retry(delay) => {
                    // Taken off again, so that the next signature is over what the first
                    // one covered.
                    attempts.remove_headers(&mut request.headers);
                    retries.sleep.sleep(delay).await;
                }
                Next::WaitThenGiveUp(delay) => {
                    retries.sleep.sleep(delay).await;
                    return Err(error);
                }
                Next::GiveUp => return Err(error),
            }
        }
    }

    /// The region a redirect names for `bucket`: its header or error document's, else
    /// the `x-amz-bucket-region` of a HEAD of the bucket (botocore's `get_bucket_region`,
    /// which calls `HeadBucket`), signed as the failed request was. None when there is no
    /// region to be had, or what came is not a region name.
    async fn bucket_region(
        &self,
        response: &HttpResponse,
        failed: &HttpRequest,
        target: &Target,
        bucket: &str,
    ) -> Option<String> {
        let region = match redirect::named_region(response) {
            Some(region) => region,
            None => {
                let mut head = HttpRequest {
                    method: "HEAD".to_owned(),
                    url: bucket_url(&failed.url, bucket),
                    headers: Headers::new(),
                    body: RequestBody::empty(),
                };
                self.sign(&mut head, target, AuthScheme::SigV4);
                let answer = self.config.transport.send(&head).await.ok()?;
                answer.headers.get(redirect::REGION_HEADER)?.to_owned()
            }
        };
        redirect::is_region_name(&region).then_some(region)
    }

    /// Sends one attempt. A streamed operation's successful response is handed back with
    /// its body unread; its error responses are read whole, as every response of the other
    /// operations is, up to the configuration's `max_response_size`.
    async fn exchange<O: Operation>(
        &self,
        request: &HttpRequest,
    ) -> Result<Exchanged, TransportError> {
        let transport = &self.config.transport;
        if !O::STREAMING_OUTPUT {
            return transport.send(request).await.map(Exchanged::Whole);
        }
        let streamed = transport.send_streaming(request).await?;
        if streamed.head.is_success() {
            return Ok(Exchanged::Streamed(streamed));
        }
        let max = self.config.max_response_size;
        let body = streamed.body.collect_limited(max).await.map_err(|error| {
            // The transport's own failure, or else the limit.
            let message = error.to_string();
            match error
                .into_inner()
                .map(|inner| inner.downcast::<TransportError>())
            {
                Some(Ok(transport)) => *transport,
                _ => TransportError::new(TransportErrorKind::ResponseTooLarge, message),
            }
        })?;
        Ok(Exchanged::Whole(HttpResponse {
            body,
            ..streamed.head
        }))
    }

    /// Decides the payload hash a streamed body is signed with, before the first
    /// signature: botocore's `S3SigV4Auth._should_sha256_sign_payload` leaves an S3 upload
    /// sent over HTTPS with a checksum header (`Content-MD5`, or the flexible checksum)
    /// unsigned; any other replayable stream is read once for its SHA-256. A body read
    /// from a reader cannot be read twice, and is signed as `UNSIGNED-PAYLOAD`.
    async fn settle_payload_hash<O: Operation>(
        &self,
        request: &mut HttpRequest,
        placement: Placement,
    ) -> std::io::Result<()> {
        if O::AUTH != AuthScheme::SigV4 || request.headers.contains("X-Amz-Content-SHA256") {
            return Ok(());
        }
        if self.service.signing == SigningVariant::S3
            && O::STREAMING_INPUT
            && request.url.scheme == Scheme::Https
            && (placement == Placement::Header || request.headers.contains("Content-MD5"))
        {
            request
                .headers
                .insert("X-Amz-Content-SHA256", UNSIGNED_PAYLOAD);
            return Ok(());
        }
        if request.body.as_bytes().is_none() && request.body.is_replayable() {
            request.body.compute_sha256().await?;
        }
        Ok(())
    }

    /// Adds `X-Amzn-Trace-Id` inside AWS Lambda, as botocore's
    /// `add_recursion_detection_header` does for every service, so that a service which
    /// calls back into the same function can tell the loop. botocore adds it before signing,
    /// but SigV4 leaves the header unsigned (it is on botocore's list of headers that
    /// tracing middleware may rewrite), so the signature does not cover it here either.
    fn add_recursion_detection(&self, target: &Target, headers: &mut Headers) {
        const TRACE_HEADER: &str = "X-Amzn-Trace-Id";
        if let Some(trace_id) =
            customizations::recursion_detection_trace_id(&*self.config.environment)
        {
            // A header the serializer (a model member) or the endpoint rules set is kept.
            let endpoint_sets_it = target
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(TRACE_HEADER));
            if !headers.contains(TRACE_HEADER) && !endpoint_sets_it {
                headers.append(TRACE_HEADER, trace_id);
            }
        }
    }

    /// Signs `request` for this attempt, unless the operation is sent unsigned.
    fn sign(&self, request: &mut HttpRequest, target: &Target, auth: AuthScheme) {
        match auth {
            AuthScheme::SigV4 | AuthScheme::SigV4UnsignedPayload => {
                if auth == AuthScheme::SigV4UnsignedPayload {
                    request
                        .headers
                        .insert("X-Amz-Content-SHA256", UNSIGNED_PAYLOAD);
                }
                self.signer.sign(
                    request,
                    &self.config.credentials,
                    &target.signing_region,
                    &target.signing_name,
                    (self.config.clock)(),
                );
            }
            // botocore's `UNSIGNED` signer adds nothing, not even the session token, even
            // where the endpoint rules name a SigV4 scheme.
            AuthScheme::NoAuth => {}
        }
    }
}

/// botocore's `SigV4QueryAuth._modify_request_before_signing`: a request's body travels in
/// its presigned URL's query. A form body (the query protocols') is decoded into
/// parameters, its `Content-Type` dropped; a JSON body's members become parameters (see
/// [`presign::json_body_params`]), an empty object none.
fn presigned_body_params(request: &mut HttpRequest) -> Result<Vec<(String, String)>, String> {
    const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";
    let form = request.headers.get("Content-Type") == Some(FORM);
    if form {
        request.headers.remove("Content-Type");
    }
    let json = request
        .headers
        .get("Content-Type")
        .is_some_and(|content_type| content_type.contains("json"));
    let Some(body) = request.body.as_bytes() else {
        return Err("its body is a stream".to_owned());
    };
    if body.is_empty() {
        return Ok(Vec::new());
    }
    if json {
        return presign::json_body_params(body);
    }
    if form {
        let text = std::str::from_utf8(body).map_err(|_| "its form body is not UTF-8")?;
        return Ok(crate::encoding::decode_pairs(text));
    }
    Err("its request has a body, which a URL cannot carry".to_owned())
}

/// A 200 that holds an error, from an operation whose successes may, made the 500 botocore
/// makes of it.
#[cfg_attr(not(feature = "xml"), allow(unused_mut, unused_variables))]
fn unmask_error(mut response: HttpResponse, may_hold_error: bool) -> HttpResponse {
    #[cfg(feature = "xml")]
    if may_hold_error
        && response.status == 200
        && customizations::holds_error_document(&response.body)
    {
        response.status = 500;
    }
    response
}

/// How a call that did not succeed ends.
enum Stop<'a, E> {
    Failed(SdkError<E>),
    /// S3 named another region for the call's bucket.
    Redirect {
        bucket: &'a str,
        region: String,
    },
}

impl<E> From<SdkError<E>> for Stop<'_, E> {
    fn from(error: SdkError<E>) -> Self {
        Stop::Failed(error)
    }
}

/// The URL of `bucket` itself, from a request's for something in it: the path up to the
/// bucket's segment when the bucket is in the path, else the root.
fn bucket_url(request: &Url, bucket: &str) -> Url {
    let segment = format!("/{}", crate::encoding::percent_encode(bucket));
    let path = request
        .path
        .match_indices(&segment)
        .map(|(at, _)| at + segment.len())
        .find(|&end| matches!(request.path.as_bytes().get(end), None | Some(b'/')))
        .map_or_else(|| "/".to_owned(), |end| request.path[..end].to_owned());
    Url {
        path,
        query: String::new(),
        ..request.clone()
    }
}

/// What one attempt brought back.
enum Exchanged {
    /// A response read whole.
    Whole(HttpResponse),
    /// A streamed operation's successful response, its body still to be read.
    Streamed(StreamingResponse),
}

/// Headers that the signer and the retry loop add to every request.
const ADDED_HEADERS: usize = 5;

/// A serialized request put on the endpoint, with the headers the endpoint rules add.
fn request_on(target: &Target, serialized: SerializedRequest) -> HttpRequest {
    let url = request_url(
        &target.url,
        serialized.path,
        serialized.query,
        serialized.host_prefix.as_deref(),
    );
    let mut headers = serialized.headers;
    headers.reserve(target.headers.len() + ADDED_HEADERS);
    for (name, value) in &target.headers {
        headers.append(name.clone(), value.as_str());
    }
    HttpRequest {
        method: serialized.method.to_owned(),
        url,
        headers,
        body: serialized.body,
    }
}

/// The operation's path and query put on the endpoint's URL.
fn request_url(base: &Url, path: String, query: String, host_prefix: Option<&str>) -> Url {
    // botocore's `_urljoin`: the endpoint's path goes in front of the operation's, and an
    // operation path of `/` or nothing is the endpoint's path alone (S3's path-style
    // `/bucket`, with no slash added), or `/` when that is empty too.
    let path = if path.is_empty() || path == "/" {
        if base.path.is_empty() {
            "/".to_owned()
        } else {
            base.path.clone()
        }
    } else if base.path.is_empty() {
        path
    } else {
        [base.path.strip_suffix('/').unwrap_or(&base.path), &path].concat()
    };
    let query = match (base.query.is_empty(), query.is_empty()) {
        (true, _) => query,
        (false, true) => base.query.clone(),
        (false, false) => format!("{}&{query}", base.query),
    };
    let host = match host_prefix {
        Some(prefix) => format!("{prefix}{}", base.host),
        None => base.host.clone(),
    };
    Url {
        scheme: base.scheme,
        host,
        port: base.port,
        path,
        query,
    }
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("service", &self.service.service_id)
            .field("config", &self.config)
            .field("endpoint", &self.endpoint)
            .field("customizations", &self.customizations)
            .finish_non_exhaustive()
    }
}

fn parse_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    O::deserialize_output(response)
        .map_err(|error| SdkError::Response(response_error(response, error.message)))
}

/// A response the client cannot use, with where it came from.
fn response_error(response: &HttpResponse, message: String) -> ResponseError {
    ResponseError {
        status: response.status,
        request_id: response.headers.get("x-amzn-requestid").map(str::to_owned),
        message,
    }
}

fn validate(input: &impl Validate, strict: bool) -> Result<(), ValidationError> {
    let mut validator = if strict {
        Validator::strict()
    } else {
        Validator::new()
    };
    input.validate(Path::Root, &mut validator);
    validator.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::endpoint::{array, object, string};
    use crate::transport::MemoryTransport;

    /// An endpoint such as S3 on Outposts resolves to: its own signing name and region,
    /// and a header for every request.
    fn outposts_endpoint(_: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
        let scheme = object([
            ("name", string("sigv4")),
            ("signingName", string("s3-outposts")),
            ("signingRegion", string("us-west-2")),
        ]);
        Ok(
            Endpoint::new("https://op-1.s3-outposts.us-west-2.amazonaws.com")
                .header("x-amz-outpost-id", vec!["op-1".to_owned()])
                .property("authSchemes", array([scheme])),
        )
    }

    fn not_a_url(_: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
        Ok(Endpoint::new("example.com"))
    }

    fn client(
        resolve_endpoint: fn(&BuiltIns<'_>) -> Result<Endpoint, EndpointError>,
    ) -> ClientCore {
        let service = Box::leak(Box::new(ServiceInfo {
            service_id: "Test",
            signing_name: "test",
            signing: SigningVariant::Standard,
            api_version: "2024-01-01",
            resolve_endpoint,
        }));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .transport(MemoryTransport::new())
            .build()
            .unwrap();
        ClientCore::new(service, config)
    }

    #[test]
    fn endpoint_headers_and_signing_scheme_apply_to_every_request() {
        let core = client(outposts_endpoint);
        let target = core.endpoint.as_ref().unwrap();
        let mut request = request_on(target, SerializedRequest::new("GET", "/x".to_owned()));
        core.sign(&mut request, target, AuthScheme::SigV4);
        assert_eq!(
            request.url.to_string(),
            "https://op-1.s3-outposts.us-west-2.amazonaws.com/x"
        );
        assert_eq!(request.headers.get("x-amz-outpost-id"), Some("op-1"));
        let authorization = request.headers.get("authorization").unwrap();
        assert!(
            authorization.contains("/us-west-2/s3-outposts/aws4_request"),
            "{authorization}"
        );
    }

    /// botocore's `_urljoin`, as S3's path-style endpoints (`…/bucket`) meet operation paths
    /// that the bucket was taken out of.
    #[test]
    fn operation_paths_join_the_endpoints_as_botocore_joins_them() {
        let join = |base: &str, path: &str| {
            let base = Url::parse(base).unwrap();
            request_url(&base, path.to_owned(), String::new(), None).to_string()
        };
        let bucket = "https://s3.us-west-2.amazonaws.com/bucket";
        assert_eq!(join(bucket, ""), bucket);
        assert_eq!(join(bucket, "/"), bucket);
        assert_eq!(join(bucket, "/key"), format!("{bucket}/key"));
        assert_eq!(join(&format!("{bucket}/"), "/key"), format!("{bucket}/key"));
        let host = "https://bucket.s3.us-west-2.amazonaws.com";
        assert_eq!(join(host, ""), format!("{host}/"));
        assert_eq!(join(host, "/a//b"), format!("{host}/a//b"));
    }

    #[test]
    fn resolved_url_that_does_not_parse_is_kept_as_the_error() {
        let core = client(not_a_url);
        let error = core.endpoint.unwrap_err();
        assert!(error.message().contains("`example.com`"), "{error}");
    }
}
