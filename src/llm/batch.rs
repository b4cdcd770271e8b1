//! OpenAI's Batch API, for scheduled work that is not urgent (half price): upload the request as a
//! one-line JSONL file, create a batch, poll it until it is done, read the answer. Endpoints
//! without batches (most self-hosted servers) answer 404 and normal calls are used instead.

use std::time::Duration;

use anyhow::{Context, Result};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ChatAnswer, ChatRequest, LlmClient, WireAnswer, answer_from_wire};

/// What a batch attempt came to.
#[derive(Debug)]
pub enum BatchOutcome {
    Answer(ChatAnswer),
    /// The endpoint has no Batch API, or the batch failed or missed its deadline: use a normal
    /// call. The text says why.
    NotUsed(String),
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

#[derive(Deserialize)]
struct Batch {
    status: String,
    output_file_id: Option<String>,
}

impl LlmClient {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        r.bearer_auth(self.api_key.expose_secret())
    }

    /// Runs `request` through the Batch API.
    pub async fn chat_batch(&self, request: &ChatRequest) -> Result<BatchOutcome> {
        let line = json!({
            "custom_id": "minibot-0",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": request.body(),
        })
        .to_string();
        let form = reqwest::multipart::Form::new()
            .text("purpose", "batch")
            .part(
                "file",
                reqwest::multipart::Part::bytes(format!("{line}\n").into_bytes())
                    .file_name("minibot-batch.jsonl")
                    .mime_str("application/jsonl")
                    .context("building the batch file")?,
            );
        let r = self
            .auth(self.http.post(self.url("/files")))
            .multipart(form)
            .send()
            .await
            .context("uploading the batch file")?;
        if matches!(r.status().as_u16(), 404 | 405 | 501) {
            return Ok(BatchOutcome::NotUsed(format!(
                "the endpoint has no Batch API (files answered {})",
                r.status()
            )));
        }
        let file: Created = r
            .error_for_status()
            .context("uploading the batch file")?
            .json()
            .await
            .context("reading the uploaded file")?;
        let r = self
            .auth(self.http.post(self.url("/batches")))
            .json(&json!({
                "input_file_id": file.id,
                "endpoint": "/v1/chat/completions",
                "completion_window": "24h",
            }))
            .send()
            .await
            .context("creating the batch")?;
        if matches!(r.status().as_u16(), 404 | 405 | 501) {
            return Ok(BatchOutcome::NotUsed(format!(
                "the endpoint has no Batch API (batches answered {})",
                r.status()
            )));
        }
        let batch: Created = r
            .error_for_status()
            .context("creating the batch")?
            .json()
            .await
            .context("reading the batch")?;
        let started = tokio::time::Instant::now();
        let output = loop {
            let b: Batch = self
                .auth(self.http.get(self.url(&format!("/batches/{}", batch.id))))
                .send()
                .await
                .context("polling the batch")?
                .error_for_status()
                .context("polling the batch")?
                .json()
                .await
                .context("reading the batch status")?;
            match b.status.as_str() {
                "completed" => match b.output_file_id {
                    Some(f) => break f,
                    None => return Ok(BatchOutcome::NotUsed("the batch has no output".into())),
                },
                "failed" | "expired" | "cancelled" | "cancelling" => {
                    return Ok(BatchOutcome::NotUsed(format!("the batch {}", b.status)));
                }
                _ => {}
            }
            if started.elapsed() >= self.batch_deadline {
                let _ = self
                    .auth(
                        self.http
                            .post(self.url(&format!("/batches/{}/cancel", batch.id))),
                    )
                    .send()
                    .await;
                return Ok(BatchOutcome::NotUsed(format!(
                    "the batch was not done within {}s",
                    self.batch_deadline.as_secs()
                )));
            }
            tokio::time::sleep(self.batch_poll.min(Duration::from_secs(300))).await;
        };
        let text = self
            .auth(self.http.get(self.url(&format!("/files/{output}/content"))))
            .send()
            .await
            .context("reading the batch output")?
            .error_for_status()
            .context("reading the batch output")?
            .text()
            .await
            .context("reading the batch output")?;
        let line: Value = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .transpose()
            .context("the batch output is not JSONL")?
            .context("the batch output is empty")?;
        let status = line["response"]["status_code"].as_u64().unwrap_or(0);
        if status != 200 {
            return Ok(BatchOutcome::NotUsed(format!(
                "the batched request answered {status}"
            )));
        }
        let wire: WireAnswer = serde_json::from_value(line["response"]["body"].clone())
            .context("reading the batched answer")?;
        Ok(BatchOutcome::Answer(answer_from_wire(
            wire,
            &request.model,
        )?))
    }
}
