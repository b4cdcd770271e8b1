//! Intake: signatures, bad input, dedupe, and every real payload of the corpus.

#![recursion_limit = "256"]

mod support;

use std::path::PathBuf;

use support::harness::{SECRET, TestApp};

fn corpus_dir() -> PathBuf {
    std::env::var_os("MINIBOT_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

#[tokio::test]
async fn a_wrong_signature_is_401_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let body = br#"{"action":"created"}"#.to_vec();
    let wrong = minibot::github::webhook::sign("not-the-secret", &body);
    for sig in [Some(wrong.as_str()), None, Some("sha256=zz"), Some("")] {
        let mut headers = vec![
            ("x-github-event", "issue_comment"),
            ("x-github-delivery", "d-401"),
        ];
        if let Some(s) = sig {
            headers.push(("x-hub-signature-256", s));
        }
        let (status, _) = app.post_raw(&headers, body.clone()).await;
        assert_eq!(status, 401, "signature {sig:?}");
    }
    assert_eq!(app.store().delivery_count().await.unwrap(), 0);
    assert!(app.store().list_jobs().await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_requests_get_clear_answers() {
    let app = TestApp::start().await;
    let body = b"{}".to_vec();
    let sig = minibot::github::webhook::sign(SECRET, &body);
    // Missing event or delivery header → 400.
    let (status, text) = app
        .post_raw(
            &[("x-hub-signature-256", &sig), ("x-github-delivery", "d")],
            body.clone(),
        )
        .await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("X-GitHub-Event"), "{text}");
    let (status, _) = app
        .post_raw(
            &[("x-hub-signature-256", &sig), ("x-github-event", "push")],
            body,
        )
        .await;
    assert_eq!(status, 400);
    // Signed, but not JSON → 400.
    let (status, text) = app
        .post_delivery("push", "d-nojson", b"not json at all")
        .await;
    assert_eq!(status, 400, "{text}");
    let (status, _) = app
        .post_delivery("issue_comment", "d-shape", b"{\"action\":1}")
        .await;
    assert_eq!(status, 400);
    // Over GitHub's 25 MB cap → 413, before any parsing.
    let big = vec![b' '; 25 * 1024 * 1024 + 1];
    let (status, _) = app.post_delivery("push", "d-big", &big).await;
    assert_eq!(status, 413);
    assert_eq!(app.store().delivery_count().await.unwrap(), 0);
}

#[tokio::test]
async fn the_same_delivery_twice_is_one_job() {
    let mut app = TestApp::start().await;
    app.model.set_default_reply(
        &support::harness::docs_reply("docs/webhooks.md"),
        support::harness::USAGE,
    );
    let id = app
        .github
        .add_issue_comment(support::harness::REPO, 1, "alice", "User", "/mini docs");
    let payload = app
        .github
        .issue_comment_payload(support::harness::REPO, id)
        .to_string();
    let (first, _) = app
        .post_delivery("issue_comment", "same-guid", payload.as_bytes())
        .await;
    let (second, text) = app
        .post_delivery("issue_comment", "same-guid", payload.as_bytes())
        .await;
    assert_eq!((first, second), (202, 200));
    assert!(text.contains("duplicate"), "{text}");
    // A redelivery of the same comment under a new id queues no second job either.
    let (third, _) = app
        .post_delivery("issue_comment", "other-guid", payload.as_bytes())
        .await;
    assert_eq!(third, 200);
    app.wait_idle().await;
    let jobs = app.store().list_jobs().await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, "done");
    assert_eq!(app.model.call_count(), 1);
    assert_eq!(app.github.pull_requests(support::harness::REPO).len(), 2);
}

#[tokio::test]
async fn ping_and_events_we_ignore_are_200() {
    let mut app = TestApp::start().await;
    let (status, _) = app
        .post_event(
            "ping",
            br#"{"zen":"Keep it logically awesome.","hook_id":1}"#,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app.post_event("star", br#"{"action":"created"}"#).await;
    assert_eq!(status, 200);
    assert_eq!(app.store().delivery_count().await.unwrap(), 2);
    assert!(app.store().list_jobs().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_corpus_payload_posted_signed_gets_a_2xx() {
    let app = TestApp::start().await;
    let dir = corpus_dir().join("payloads");
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("signatures.json")).expect("corpus signatures.json"),
    )
    .unwrap();
    let files = index["files"].as_object().unwrap();
    assert!(files.len() >= 30, "corpus has {} payloads", files.len());
    for (i, (name, meta)) in files.iter().enumerate() {
        let body = std::fs::read(dir.join(name)).unwrap();
        let event = meta["x_github_event"].as_str().unwrap();
        let sig = meta["x_hub_signature_256"].as_str().unwrap();
        let delivery = format!("corpus-{i}");
        let (status, text) = app
            .post_raw(
                &[
                    ("x-github-event", event),
                    ("x-github-delivery", &delivery),
                    ("x-hub-signature-256", sig),
                    ("content-type", "application/json"),
                ],
                body,
            )
            .await;
        assert!((200..300).contains(&status), "{name}: {status} {text}");
    }
    assert_eq!(
        app.store().delivery_count().await.unwrap(),
        files.len() as i64
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::start().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/healthz", app.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = http
        .get(format!("{}/readyz", app.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["github_app"], "configured");
    assert_eq!(body["model"], "gpt-4o-mini");
    let r = http
        .get(format!("{}/metrics", app.url()))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(
        text.contains("# TYPE minibot_webhook_deliveries_total counter"),
        "{text}"
    );
}
