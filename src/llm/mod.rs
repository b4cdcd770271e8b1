//! The only module that speaks async-openai: one chat call in the OpenAI HTTP shape, so OpenAI,
//! Azure OpenAI and self-hosted servers (llama.cpp, vLLM, Ollama) all work by changing
//! `OPENAI_BASE_URL`. Requests and answers use our own lenient serde types (async-openai's
//! "bring your own types"), because self-hosted servers leave out fields OpenAI always sends.

pub mod batch;
pub mod metered;
pub mod models;
pub mod tokens;

use std::time::Duration;

use anyhow::{Context, Result};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

/// Token counts as the server reported them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Prompt tokens, cached ones included (OpenAI's `prompt_tokens`).
    pub input_tokens: u64,
    /// The part of the prompt served from the provider's prompt cache.
    pub cached_tokens: u64,
    pub output_tokens: u64,
}

/// One chat request: a stable system part first (so provider prompt caches apply), the changing
/// part last, and a JSON schema the answer must follow.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    pub model: String,
    pub system: String,
    pub user: String,
    /// Name and JSON schema of the structured answer.
    pub schema_name: String,
    pub schema: Value,
    pub max_output_tokens: u32,
    /// Images sent with the user message (`data:` URLs), for models that accept image input.
    pub images: Vec<String>,
}

impl ChatRequest {
    /// The exact JSON body sent to the server.
    pub fn body(&self) -> Value {
        // Text only: a plain string, which every server accepts. With images: content parts.
        let user = if self.images.is_empty() {
            json!(self.user)
        } else {
            let mut parts = vec![json!({"type": "text", "text": self.user})];
            parts.extend(
                self.images
                    .iter()
                    .map(|url| json!({"type": "image_url", "image_url": {"url": url}})),
            );
            Value::Array(parts)
        };
        json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": self.system},
                {"role": "user", "content": user},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": self.schema_name, "schema": self.schema, "strict": true},
            },
            "max_tokens": self.max_output_tokens,
            "temperature": 0.2,
            "stream": false,
        })
    }
}

/// The model's answer.
#[derive(Debug, Clone)]
pub struct ChatAnswer {
    /// The model that answered, as the server named it.
    pub model: String,
    /// The answer's text; for a refusal, the refusal's text.
    pub content: String,
    /// Token counts; None when the server sent no `usage` (the call is then recorded unpriced).
    pub usage: Option<Usage>,
    /// `stop`, `length` (cut short), `refusal`, …
    pub finish_reason: Option<String>,
}

/// Client for one OpenAI-compatible endpoint.
#[derive(Clone)]
pub struct LlmClient {
    client: Client<OpenAIConfig>,
    /// For the Batch API, which this module speaks over plain HTTP.
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
    /// How often a batch is polled, and how long it may take before normal calls are used.
    pub batch_poll: Duration,
    pub batch_deadline: Duration,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient").finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct WireAnswer {
    model: Option<String>,
    #[serde(default)]
    choices: Vec<WireChoice>,
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct WireChoice {
    message: WireMessage,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireMessage {
    content: Option<String>,
    refusal: Option<String>,
}

#[derive(Deserialize)]
struct WireUsage {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
    prompt_tokens_details: Option<WireDetails>,
}

#[derive(Deserialize)]
struct WireDetails {
    #[serde(default)]
    cached_tokens: Option<u64>,
}

impl LlmClient {
    /// A client for `base_url` (e.g. `https://api.openai.com/v1`) with a per-call timeout.
    pub fn new(
        base_url: &str,
        api_key: Option<&SecretString>,
        timeout: Duration,
    ) -> Result<LlmClient> {
        let mut config = OpenAIConfig::new().with_api_base(base_url.trim_end_matches('/'));
        // Self-hosted servers often need no key; send a placeholder so the header is well formed.
        let key = api_key.map(|k| k.expose_secret()).unwrap_or("none");
        config = config.with_api_key(key);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .context("building the model HTTP client")?;
        Ok(LlmClient {
            client: Client::with_config(config).with_http_client(http.clone()),
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: SecretString::from(key.to_string()),
            batch_poll: Duration::from_secs(30),
            batch_deadline: Duration::from_secs(2 * 3600),
        })
    }

    /// Whether the endpoint is OpenAI's (where the Batch API exists).
    pub fn is_openai(&self) -> bool {
        self.base_url.contains("api.openai.com")
    }

    /// Sends one chat request and returns the answer with the server's token usage.
    pub async fn chat(&self, request: &ChatRequest) -> Result<ChatAnswer> {
        let wire: WireAnswer = self
            .client
            .chat()
            .create_byot(request.body())
            .await
            .with_context(|| format!("model call to {} failed", request.model))?;
        answer_from_wire(wire, &request.model)
    }
}

/// Our answer from the server's: a paid call, so whatever came back (a refusal, no usage) is
/// returned to be recorded.
fn answer_from_wire(wire: WireAnswer, asked: &str) -> Result<ChatAnswer> {
    let usage = wire.usage.map(|u| Usage {
        input_tokens: u.prompt_tokens,
        cached_tokens: u
            .prompt_tokens_details
            .and_then(|d| d.cached_tokens)
            .unwrap_or(0)
            .min(u.prompt_tokens),
        output_tokens: u.completion_tokens,
    });
    let choice = wire
        .choices
        .into_iter()
        .next()
        .context("the model server returned no choices")?;
    let (content, finish_reason) = match (choice.message.content, choice.message.refusal) {
        (Some(c), _) if !c.is_empty() => (c, choice.finish_reason),
        (_, Some(r)) => (r, Some("refusal".to_string())),
        _ => (String::new(), choice.finish_reason),
    };
    Ok(ChatAnswer {
        model: wire.model.unwrap_or_else(|| asked.to_string()),
        content,
        usage,
        finish_reason,
    })
}

/// Extracts the JSON object from a model answer, tolerating a Markdown fence around it (servers
/// without schema support often add one).
pub fn json_from_answer(content: &str) -> Result<Value> {
    let trimmed = content.trim();
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|s| s.strip_suffix("```"))
        .unwrap_or(trimmed);
    serde_json::from_str(unfenced.trim()).context("the model's answer is not valid JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_answers_with_or_without_fences() {
        assert_eq!(json_from_answer("{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(json_from_answer("```json\n{\"a\":2}\n```").unwrap()["a"], 2);
        assert!(json_from_answer("sure! here you go").is_err());
    }

    #[test]
    fn the_request_puts_the_stable_part_first() {
        let r = ChatRequest {
            model: "m".into(),
            system: "rules".into(),
            user: "diff".into(),
            schema_name: "edits".into(),
            schema: json!({"type": "object"}),
            max_output_tokens: 100,
            images: Vec::new(),
        };
        let b = r.body();
        assert_eq!(b["messages"][0]["role"], "system");
        assert_eq!(b["messages"][1]["content"], "diff");
        assert_eq!(b["response_format"]["type"], "json_schema");
        assert_eq!(b["stream"], false);
        let with_image = ChatRequest {
            images: vec!["data:image/png;base64,AAAA".into()],
            ..r
        };
        let b = with_image.body();
        assert_eq!(b["messages"][1]["content"][0]["text"], "diff");
        assert_eq!(
            b["messages"][1]["content"][1]["image_url"]["url"],
            "data:image/png;base64,AAAA"
        );
    }
}
