#![allow(dead_code)]
//! A fake OpenAI-compatible chat completions server over real HTTP (axum on 127.0.0.1, random
//! port): `POST /v1/chat/completions` answers canned replies in FIFO order, in the exact shape of
//! OpenAI's chat completion object.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// Token usage reported with a canned reply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub cached_tokens: u32,
    pub completion_tokens: u32,
}

impl Usage {
    pub fn new(prompt_tokens: u32, cached_tokens: u32, completion_tokens: u32) -> Usage {
        Usage {
            prompt_tokens,
            cached_tokens,
            completion_tokens,
        }
    }
}

#[derive(Default)]
struct ModelState {
    replies: VecDeque<(String, Usage)>,
    default_reply: Option<(String, Usage)>,
    fail_status: u16,
    fail_remaining: u32,
    delay_next: Option<Duration>,
    requests: Vec<Value>,
    calls: usize,
    /// Report usage counted from the request and the reply (o200k) instead of the canned usage.
    count_usage: bool,
    /// The Batch API: uploaded files, batches (status, input, output, polls seen), and whether
    /// the endpoint offers it at all.
    files: std::collections::HashMap<String, String>,
    batches: std::collections::HashMap<String, FakeBatch>,
    no_batches: bool,
    batch_requests: usize,
}

#[derive(Clone, Debug)]
struct FakeBatch {
    input_file_id: String,
    output_file_id: Option<String>,
    polls: u32,
}

/// Tokens of a request as OpenAI counts chat prompts: each message's text plus 4, plus 3 for the
/// reply's priming; an image part at low detail costs 85.
pub fn prompt_tokens(request: &Value) -> u32 {
    let mut n = 3;
    for m in request["messages"].as_array().into_iter().flatten() {
        n += 4;
        match &m["content"] {
            Value::String(s) => n += minibot::llm::tokens::count(s),
            Value::Array(parts) => {
                for p in parts {
                    match p["type"].as_str() {
                        Some("text") => {
                            n += minibot::llm::tokens::count(p["text"].as_str().unwrap_or(""))
                        }
                        _ => n += 85,
                    }
                }
            }
            _ => {}
        }
    }
    n as u32
}

type Shared = Arc<Mutex<ModelState>>;

fn lock(shared: &Shared) -> MutexGuard<'_, ModelState> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

fn openai_error(status: u16, message: &str, kind: &str, code: Option<&str>) -> Response {
    let body = json!({
        "error": {"message": message, "type": kind, "param": null, "code": code}
    });
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(body)).into_response()
}

fn failure(status: u16) -> Response {
    match status {
        401 => openai_error(
            401,
            "Incorrect API key provided.",
            "invalid_request_error",
            Some("invalid_api_key"),
        ),
        429 => openai_error(
            429,
            "Rate limit reached for requests. Please try again in 1s.",
            "requests",
            Some("rate_limit_exceeded"),
        ),
        400..=499 => openai_error(status, "Fake client error.", "invalid_request_error", None),
        _ => openai_error(
            status,
            "The server had an error while processing your request. Sorry about that!",
            "server_error",
            None,
        ),
    }
}

enum Outcome {
    Fail(u16),
    Reply(String, Usage),
    NoReply,
}

async fn chat_completions(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| !token.trim().is_empty());
    // Decide everything at arrival, so a request that is delayed and then abandoned by its
    // client still consumes its reply or failure.
    let (delay, outcome) = {
        let mut s = lock(&shared);
        s.calls += 1;
        s.requests.push(
            parsed
                .clone()
                .unwrap_or_else(|| Value::String(String::from_utf8_lossy(&body).into_owned())),
        );
        if !authorized {
            return openai_error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
                None,
            );
        }
        let delay = s.delay_next.take();
        let outcome = if s.fail_remaining > 0 {
            s.fail_remaining -= 1;
            Outcome::Fail(s.fail_status)
        } else if let Some((content, usage)) =
            s.replies.pop_front().or_else(|| s.default_reply.clone())
        {
            let usage = match (&parsed, s.count_usage) {
                (Some(request), true) => Usage::new(
                    prompt_tokens(request),
                    0,
                    minibot::llm::tokens::count(&content) as u32,
                ),
                _ => usage,
            };
            Outcome::Reply(content, usage)
        } else {
            Outcome::NoReply
        };
        (delay, outcome)
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let Some(request) = parsed.filter(Value::is_object) else {
        return openai_error(
            400,
            "We could not parse the JSON body of your request.",
            "invalid_request_error",
            None,
        );
    };
    match outcome {
        Outcome::Fail(status) => failure(status),
        Outcome::NoReply => openai_error(
            500,
            "fake model: no canned reply left and no default reply set",
            "server_error",
            None,
        ),
        Outcome::Reply(content, usage) => {
            let model = request
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or("gpt-fake")
                .to_string();
            let id = format!("chatcmpl-{}", uuid::Uuid::new_v4().simple());
            let body = json!({
                "id": id,
                "object": "chat.completion",
                "created": chrono::Utc::now().timestamp(),
                "model": model,
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": null},
                    "finish_reason": "stop",
                    "logprobs": null
                }],
                "usage": {
                    "prompt_tokens": usage.prompt_tokens,
                    "completion_tokens": usage.completion_tokens,
                    "total_tokens": usage.prompt_tokens + usage.completion_tokens,
                    "prompt_tokens_details": {"cached_tokens": usage.cached_tokens},
                    "completion_tokens_details": {"reasoning_tokens": 0}
                },
                "system_fingerprint": "fp_fake"
            });
            (StatusCode::OK, Json(body)).into_response()
        }
    }
}

/// `POST /v1/files` (multipart): keeps the JSONL lines of the `file` part.
async fn upload_file(State(shared): State<Shared>, body: Bytes) -> Response {
    let mut s = lock(&shared);
    if s.no_batches {
        return openai_error(404, "Not found", "invalid_request_error", None);
    }
    let text = String::from_utf8_lossy(&body);
    let jsonl: String = text
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect();
    let id = format!("file-{}", uuid::Uuid::new_v4().simple());
    s.files.insert(id.clone(), jsonl.clone());
    Json(
        json!({"id": id, "object": "file", "bytes": jsonl.len(), "purpose": "batch",
                "filename": "batch.jsonl", "created_at": chrono::Utc::now().timestamp()}),
    )
    .into_response()
}

async fn file_content(
    State(shared): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    match lock(&shared).files.get(&id) {
        Some(t) => t.clone().into_response(),
        None => openai_error(404, "No such file", "invalid_request_error", None),
    }
}

/// `POST /v1/batches`: queued; it completes on the second poll, each request answered like a
/// chat completion (from the same canned replies).
async fn create_batch(State(shared): State<Shared>, Json(body): Json<Value>) -> Response {
    let mut s = lock(&shared);
    if s.no_batches {
        return openai_error(404, "Not found", "invalid_request_error", None);
    }
    let Some(input) = body["input_file_id"]
        .as_str()
        .filter(|f| s.files.contains_key(*f))
    else {
        return openai_error(
            400,
            "input_file_id is not a file",
            "invalid_request_error",
            None,
        );
    };
    let id = format!("batch_{}", uuid::Uuid::new_v4().simple());
    s.batches.insert(
        id.clone(),
        FakeBatch {
            input_file_id: input.to_string(),
            output_file_id: None,
            polls: 0,
        },
    );
    Json(
        json!({"id": id, "object": "batch", "status": "validating", "input_file_id": input,
                "endpoint": body["endpoint"], "completion_window": body["completion_window"]}),
    )
    .into_response()
}

async fn get_batch(
    State(shared): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let mut s = lock(&shared);
    let Some(mut b) = s.batches.get(&id).cloned() else {
        return openai_error(404, "No such batch", "invalid_request_error", None);
    };
    b.polls += 1;
    if b.polls >= 2 && b.output_file_id.is_none() {
        let input = s.files[&b.input_file_id].clone();
        let mut out = String::new();
        for line in input.lines() {
            let req: Value = serde_json::from_str(line).unwrap_or_default();
            let body = &req["body"];
            s.requests.push(body.clone());
            s.batch_requests += 1;
            let (content, usage) = s
                .replies
                .pop_front()
                .or_else(|| s.default_reply.clone())
                .unwrap_or_else(|| ("{}".into(), Usage::new(0, 0, 0)));
            let model = body["model"].as_str().unwrap_or("gpt-fake");
            out.push_str(
                &json!({
                    "id": format!("batch_req_{}", uuid::Uuid::new_v4().simple()),
                    "custom_id": req["custom_id"],
                    "response": {"status_code": 200, "request_id": "req_fake", "body": {
                        "id": format!("chatcmpl-{}", uuid::Uuid::new_v4().simple()),
                        "object": "chat.completion",
                        "created": chrono::Utc::now().timestamp(),
                        "model": model,
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": null}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
                                  "total_tokens": usage.prompt_tokens + usage.completion_tokens,
                                  "prompt_tokens_details": {"cached_tokens": usage.cached_tokens}}
                    }},
                    "error": null
                })
                .to_string(),
            );
            out.push('\n');
        }
        let file = format!("file-{}", uuid::Uuid::new_v4().simple());
        s.files.insert(file.clone(), out);
        b.output_file_id = Some(file);
    }
    s.batches.insert(id.clone(), b.clone());
    let status = if b.output_file_id.is_some() {
        "completed"
    } else {
        "in_progress"
    };
    Json(
        json!({"id": id, "object": "batch", "status": status, "input_file_id": b.input_file_id,
                "output_file_id": b.output_file_id}),
    )
    .into_response()
}

struct ServerGuard(tokio::task::JoinHandle<()>);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The fake model server. Cloning shares the same state and server; the server stops when the
/// last clone is dropped.
#[derive(Clone)]
pub struct FakeModel {
    state: Shared,
    base_url: String,
    _server: Arc<ServerGuard>,
}

impl FakeModel {
    /// Binds 127.0.0.1 on a random port and serves the fake there.
    pub async fn start() -> FakeModel {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let state: Shared = Arc::new(Mutex::new(ModelState::default()));
        let app = Router::new()
            .route("/v1/chat/completions", post(chat_completions))
            .route("/v1/files", post(upload_file))
            .route("/v1/files/{id}/content", axum::routing::get(file_content))
            .route("/v1/batches", post(create_batch))
            .route("/v1/batches/{id}", axum::routing::get(get_batch))
            .with_state(state.clone());
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeModel {
            state,
            base_url: format!("http://{addr}/v1"),
            _server: Arc::new(ServerGuard(handle)),
        }
    }

    fn s(&self) -> MutexGuard<'_, ModelState> {
        lock(&self.state)
    }

    /// `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Queues a canned reply (FIFO).
    pub fn push_reply(&self, content: &str, usage: Usage) {
        self.s().replies.push_back((content.to_string(), usage));
    }

    /// The reply used when the queue is empty (without one, such a request gets a 500).
    pub fn set_default_reply(&self, content: &str, usage: Usage) {
        self.s().default_reply = Some((content.to_string(), usage));
    }

    /// The next `times` authorized requests answer `status` with an OpenAI-style error body
    /// (they do not consume canned replies).
    pub fn fail_next(&self, status: u16, times: u32) {
        let mut s = self.s();
        s.fail_status = status;
        s.fail_remaining = times;
    }

    /// Delays the answer to the next authorized request by `d`. Its reply (or failure) is taken
    /// from the queue when the request arrives, so it is consumed even if the client gives up.
    pub fn delay_next(&self, d: Duration) {
        self.s().delay_next = Some(d);
    }

    /// From now on, report usage counted from each request and reply with the o200k tokenizer
    /// (as a real server would) instead of the canned usage.
    pub fn count_usage(&self) {
        self.s().count_usage = true;
    }

    /// Makes the endpoint answer 404 to the Batch API, as most self-hosted servers do.
    pub fn without_batches(&self) {
        self.s().no_batches = true;
    }

    /// How many requests were answered through the Batch API.
    pub fn batch_request_count(&self) -> usize {
        self.s().batch_requests
    }

    /// Every request body received, in arrival order (a body that is not JSON is kept as a
    /// JSON string).
    pub fn requests(&self) -> Vec<Value> {
        self.s().requests.clone()
    }

    /// How many requests reached `/v1/chat/completions`.
    pub fn call_count(&self) -> usize {
        self.s().calls
    }

    /// How many queued replies are left.
    pub fn pending_replies(&self) -> usize {
        self.s().replies.len()
    }
}
