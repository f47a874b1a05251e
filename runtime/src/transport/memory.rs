//! [`MemoryTransport`]: answers requests from memory, for tests.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::{BoxFuture, Transport, TransportError, TransportErrorKind};
use crate::http::{HttpRequest, HttpResponse};

type Responder = dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

/// A transport that never touches the network: it answers each request with the next queued
/// response or error, or, once the queue is empty, with its responder, and records every
/// request it is given.
///
/// Clones share the queue and the record, so a test keeps one handle to inspect and gives
/// the client another:
///
/// ```
/// use awsgen_runtime::http::{HttpRequest, HttpResponse, Headers, Url};
/// use awsgen_runtime::transport::{MemoryTransport, Transport};
///
/// let transport = MemoryTransport::with_responses([HttpResponse::new(200, "{}")]);
/// let handle = transport.clone();
/// let request = HttpRequest {
///     method: "POST".into(),
///     url: Url::parse("https://example.com/").unwrap(),
///     headers: Headers::new(),
///     body: b"{}".to_vec().into(),
/// };
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let response = transport.send(&request).await.unwrap();
/// assert_eq!(response.body, b"{}");
/// assert_eq!(handle.last_request().unwrap().method, "POST");
/// # });
/// ```
#[derive(Clone, Default)]
pub struct MemoryTransport {
    state: Arc<Mutex<State>>,
    responder: Option<Arc<Responder>>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<HttpRequest>,
}

impl MemoryTransport {
    /// A transport with nothing queued: every request fails until a response is pushed.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport that gives `responses` in order, one per request.
    pub fn with_responses(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        let transport = Self::new();
        transport.lock().queue.extend(responses.into_iter().map(Ok));
        transport
    }

    /// A transport that computes each answer from the request, for tests that care more
    /// about what was asked than about the order of calls.
    pub fn with_responder(
        responder: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    ) -> Self {
        Self {
            state: Arc::default(),
            responder: Some(Arc::new(responder)),
        }
    }

    pub fn push_response(&self, response: HttpResponse) {
        self.lock().queue.push_back(Ok(response));
    }

    /// Queues a failure, to test how a caller handles a broken connection or a timeout.
    pub fn push_error(&self, error: TransportError) {
        self.lock().queue.push_back(Err(error));
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().requests.clone()
    }

    pub fn last_request(&self) -> Option<HttpRequest> {
        self.lock().requests.last().cloned()
    }

    fn respond(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let queued = self.lock().queue.pop_front();
        // The responder runs without the lock held, so it may use this transport itself.
        let result = match (queued, &self.responder) {
            (Some(result), _) => result,
            (None, Some(responder)) => responder(request),
            (None, None) => Err(TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "MemoryTransport has no canned response left for {} {}",
                    request.method, request.url
                ),
            )),
        };
        self.lock().requests.push(request.clone());
        result
    }

    /// A test that panicked while holding the lock leaves the queue and record whole: every
    /// change is a single push or pop.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MemoryTransport")
            .field("queued", &state.queue.len())
            .field("requests", &state.requests.len())
            .field("responder", &self.responder.is_some())
            .finish()
    }
}

impl Transport for MemoryTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        if request.body.as_bytes().is_some() {
            return Box::pin(std::future::ready(self.respond(request)));
        }
        // A streamed body is read through, as a real transport sends it, and recorded as
        // the bytes that went.
        Box::pin(async move {
            let body = request.body.open().await;
            let bytes = match body {
                Ok(body) => body.collect().await,
                Err(error) => Err(error),
            }
            .map_err(TransportError::unreadable_body)?;
            let sent = HttpRequest {
                body: bytes.into(),
                ..request.clone()
            };
            self.respond(&sent)
        })
    }
}
