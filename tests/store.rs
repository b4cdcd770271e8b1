//! The store test-suite, run against SQLite always and PostgreSQL when
//! `MINIBOT_TEST_POSTGRES_URL` is set (`.ci/run` sets it).

#![recursion_limit = "256"]

mod support;

use std::collections::HashSet;

use minibot::store::{
    BotPull, DeliveryOutcome, NewDelivery, NewJob, NewLedgerEntry, Store, now_ms,
};
use support::db;

fn delivery(id: &str) -> NewDelivery {
    NewDelivery {
        id: id.into(),
        event: "issue_comment".into(),
        action: Some("created".into()),
        installation_id: Some(1),
        repo: Some("octo/site".into()),
    }
}

fn job(key: &str) -> NewJob {
    NewJob {
        kind: "docs".into(),
        job_key: key.into(),
        payload: "{}".into(),
        max_attempts: 3,
        run_after: 0,
    }
}

async fn each_store() -> Vec<(&'static str, Store, db::TestDb)> {
    let mut out = Vec::new();
    for d in db::all().await {
        let store = Store::connect(&d.url)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:#}", d.label));
        out.push((d.label, store, d));
    }
    out
}

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_again() {
    for (label, store, _db) in each_store().await {
        assert_eq!(store.migrate().await.unwrap(), 6, "{label}");
        store.ping().await.unwrap();
        assert_eq!(store.delivery_count().await.unwrap(), 0, "{label}");
    }
}

#[tokio::test]
async fn suggestion_fingerprints_are_recorded_once_per_pull_request() {
    use minibot::store::PostedSuggestion;
    for (label, store, _db) in each_store().await {
        let s = |fp: &str, line: i64| PostedSuggestion {
            fingerprint: fp.into(),
            path: "src/a.rs".into(),
            line,
        };
        store
            .record_suggestions("o/r", 1, 10, &[s("aa", 3), s("bb", 4)])
            .await
            .unwrap();
        // A retry records the same ones again: nothing doubles.
        store
            .record_suggestions("o/r", 1, 11, &[s("bb", 4), s("cc", 9)])
            .await
            .unwrap();
        store
            .record_suggestions("o/r", 2, 12, &[s("aa", 3)])
            .await
            .unwrap();
        assert_eq!(
            store.suggestion_fingerprints("o/r", 1).await.unwrap(),
            ["aa", "bb", "cc"],
            "{label}"
        );
        assert_eq!(
            store.suggestion_fingerprints("o/r", 2).await.unwrap(),
            ["aa"],
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_redelivery_queues_nothing_new() {
    for (label, store, _db) in each_store().await {
        let first = store
            .record_delivery(&delivery("d1"), &[job("k1"), job("k2")])
            .await
            .unwrap();
        assert_eq!(
            first,
            DeliveryOutcome::Recorded { jobs_queued: 2 },
            "{label}"
        );
        let again = store
            .record_delivery(&delivery("d1"), &[job("k1"), job("k2")])
            .await
            .unwrap();
        assert_eq!(again, DeliveryOutcome::Duplicate, "{label}");
        // A different delivery implying the same work does not queue it twice either.
        let other = store
            .record_delivery(&delivery("d2"), &[job("k1")])
            .await
            .unwrap();
        assert_eq!(
            other,
            DeliveryOutcome::Recorded { jobs_queued: 0 },
            "{label}"
        );
        assert_eq!(store.list_jobs().await.unwrap().len(), 2, "{label}");
        assert_eq!(store.delivery_count().await.unwrap(), 2, "{label}");
    }
}

#[tokio::test]
async fn claim_complete_and_fencing() {
    for (label, store, _db) in each_store().await {
        store.enqueue(&job("k")).await.unwrap();
        let j = store
            .claim_next_job("w1", 60_000)
            .await
            .unwrap()
            .expect("claimable");
        assert_eq!((j.attempts, j.job_key.as_str()), (1, "k"), "{label}");
        assert!(
            store.claim_next_job("w2", 60_000).await.unwrap().is_none(),
            "{label}: leased"
        );
        assert!(
            !store.complete_job(j.id, "w2").await.unwrap(),
            "{label}: not w2's lease"
        );
        assert!(
            store.extend_lease(j.id, "w1", 60_000).await.unwrap(),
            "{label}"
        );
        assert!(store.complete_job(j.id, "w1").await.unwrap(), "{label}");
        let s = store.job_state(j.id).await.unwrap().unwrap();
        assert_eq!(s.state, "done", "{label}");
        assert!(
            store.claim_next_job("w1", 60_000).await.unwrap().is_none(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn an_expired_lease_returns_the_job_to_the_queue() {
    for (label, store, _db) in each_store().await {
        store.enqueue(&job("k")).await.unwrap();
        let dead = store
            .claim_next_job("dead-worker", 1)
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let j = store
            .claim_next_job("w2", 60_000)
            .await
            .unwrap()
            .expect("lease expired");
        assert_eq!((j.id, j.attempts), (dead.id, 2), "{label}");
        // The dead worker's late answer is refused.
        assert!(
            !store.complete_job(dead.id, "dead-worker").await.unwrap(),
            "{label}"
        );
        assert!(store.complete_job(j.id, "w2").await.unwrap(), "{label}");
    }
}

#[tokio::test]
async fn failures_retry_later_then_fail_with_the_reason() {
    for (label, store, _db) in each_store().await {
        store.enqueue(&job("k")).await.unwrap();
        let j = store.claim_next_job("w", 60_000).await.unwrap().unwrap();
        assert!(
            store
                .fail_job(j.id, "w", "boom", Some(now_ms() + 60_000))
                .await
                .unwrap()
        );
        assert!(
            store.claim_next_job("w", 60_000).await.unwrap().is_none(),
            "{label}: backing off"
        );
        let s = store.job_state(j.id).await.unwrap().unwrap();
        assert_eq!(
            (s.state.as_str(), s.last_error.as_deref()),
            ("queued", Some("boom")),
            "{label}"
        );

        store.enqueue(&job("k2")).await.unwrap();
        let j2 = store.claim_next_job("w", 60_000).await.unwrap().unwrap();
        assert_eq!(j2.job_key, "k2");
        assert!(store.fail_job(j2.id, "w", "gave up", None).await.unwrap());
        let s = store.job_state(j2.id).await.unwrap().unwrap();
        assert_eq!(
            (s.state.as_str(), s.last_error.as_deref()),
            ("failed", Some("gave up")),
            "{label}"
        );
        let counts = store.job_counts().await.unwrap();
        assert_eq!((counts.queued, counts.failed), (1, 1), "{label}");
    }
}

#[tokio::test]
async fn a_released_job_does_not_count_the_attempt() {
    for (label, store, _db) in each_store().await {
        store.enqueue(&job("k")).await.unwrap();
        let j = store.claim_next_job("w", 60_000).await.unwrap().unwrap();
        assert!(store.release_job(j.id, "w").await.unwrap());
        let again = store.claim_next_job("w", 60_000).await.unwrap().unwrap();
        assert_eq!(again.attempts, 1, "{label}");
    }
}

#[tokio::test]
async fn concurrent_workers_never_claim_a_job_twice() {
    for (label, store, _db) in each_store().await {
        for i in 0..20 {
            store.enqueue(&job(&format!("k{i}"))).await.unwrap();
        }
        let mut tasks = Vec::new();
        for w in 0..4 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(j) = store
                    .claim_next_job(&format!("w{w}"), 60_000)
                    .await
                    .unwrap()
                {
                    mine.push(j.id);
                    store.complete_job(j.id, &format!("w{w}")).await.unwrap();
                }
                mine
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!((all.len(), unique.len()), (20, 20), "{label}");
    }
}

#[tokio::test]
async fn the_ledger_keeps_exact_money_and_unpriced_calls() {
    for (label, store, _db) in each_store().await {
        let entry = |key: &str, cost: Option<i64>| NewLedgerEntry {
            work_key: key.into(),
            job_id: Some(7),
            repo: "octo/site".into(),
            pr_number: Some(3),
            task: "docs".into(),
            model: "gpt-4o-mini".into(),
            input_tokens: 2_000,
            cached_tokens: 500,
            output_tokens: 300,
            cost_micros: cost,
            response: "{}".into(),
            finish_reason: Some("stop".into()),
            model_asked: "gpt-4o-mini".into(),
            installation_id: Some(5),
            outcome: "ok".into(),
            error: None,
            latency_ms: 120,
            saved_micros: 0,
            batch: false,
            work_group: Some("g".into()),
            request_hash: Some(format!("h-{key}")),
        };
        assert!(store.record_llm_call(&entry("a", Some(443))).await.unwrap());
        assert!(
            !store.record_llm_call(&entry("a", Some(999))).await.unwrap(),
            "{label}: same work"
        );
        assert!(store.record_llm_call(&entry("b", None)).await.unwrap());
        let rows = store.llm_calls_for_pr("octo/site", 3).await.unwrap();
        let costs: Vec<_> = rows.iter().map(|r| r.cost_micros).collect();
        assert_eq!(costs, vec![Some(443), None], "{label}");
        assert_eq!(
            store.llm_calls_for_job(7).await.unwrap().len(),
            2,
            "{label}"
        );
        assert_eq!(
            store
                .llm_call_by_work_key("a")
                .await
                .unwrap()
                .unwrap()
                .input_tokens,
            2_000
        );
        // Totals: exact sums, the unpriced call counted apart, by repository and installation.
        assert_eq!(
            store.spend_since(0, Some("octo/site"), None).await.unwrap(),
            443,
            "{label}"
        );
        assert_eq!(
            store.spend_since(0, None, Some(5)).await.unwrap(),
            443,
            "{label}"
        );
        assert_eq!(
            store
                .spend_since(0, Some("other/repo"), None)
                .await
                .unwrap(),
            0,
            "{label}"
        );
        let totals = store.ledger_totals().await.unwrap();
        assert_eq!(totals.len(), 1, "{label}");
        assert_eq!(
            (
                totals[0].calls,
                totals[0].cost_micros,
                totals[0].unpriced_calls,
                totals[0].input_tokens
            ),
            (2, 443, 1, 4_000),
            "{label}"
        );
        // The response cache finds the paid answer by its request; the job's work by its group.
        assert!(
            store.cached_answer("h-a", 0).await.unwrap().is_some(),
            "{label}"
        );
        assert!(
            store.cached_answer("h-zz", 0).await.unwrap().is_none(),
            "{label}"
        );
        assert_eq!(
            store
                .used_answer_of_group("g")
                .await
                .unwrap()
                .unwrap()
                .work_key,
            "b",
            "{label}: the latest used answer"
        );
    }
}

#[tokio::test]
async fn bot_pull_requests_are_keyed_by_branch() {
    for (label, store, _db) in each_store().await {
        let mut p = BotPull {
            repo: "octo/site".into(),
            branch: "minibot/docs/pr-3".into(),
            kind: "docs".into(),
            source_pr: 3,
            number: 10,
            url: "u".into(),
        };
        store.upsert_bot_pull(&p).await.unwrap();
        p.number = 11;
        store.upsert_bot_pull(&p).await.unwrap();
        let got = store
            .bot_pull("octo/site", "minibot/docs/pr-3")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.number, 11, "{label}");
        assert!(
            store
                .bot_pull("octo/site", "other")
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn installations_and_their_repositories_start_and_stop_schedules() {
    for (label, store, _db) in each_store().await {
        store.upsert_installation(7, "octo").await.unwrap();
        store
            .upsert_repo("octo/a", 7, "weekly@UTC", Some("2026-11-30T06:00Z"))
            .await
            .unwrap();
        store.upsert_repo("octo/b", 7, "off", None).await.unwrap();
        let names =
            |v: Vec<minibot::store::TrackedRepo>| v.into_iter().map(|r| r.repo).collect::<Vec<_>>();
        assert_eq!(
            names(store.scheduled_repos().await.unwrap()),
            ["octo/a", "octo/b"],
            "{label}"
        );
        // A second sync keeps the scheduler's position.
        store
            .upsert_repo("octo/a", 7, "daily@UTC", None)
            .await
            .unwrap();
        let a = store.tracked_repo("octo/a").await.unwrap().unwrap();
        assert_eq!(
            (a.schedule.as_str(), a.last_period.as_deref()),
            ("daily@UTC", Some("2026-11-30T06:00Z")),
            "{label}"
        );
        store
            .deactivate_repos(&["octo/b".to_string()])
            .await
            .unwrap();
        assert_eq!(
            names(store.scheduled_repos().await.unwrap()),
            ["octo/a"],
            "{label}"
        );
        let all = store.tracked_repos().await.unwrap();
        assert_eq!(
            all.iter()
                .map(|(r, live)| (r.repo.as_str(), *live))
                .collect::<Vec<_>>(),
            [("octo/a", true), ("octo/b", false)],
            "{label}"
        );
        store
            .set_installation_state(7, Some(true), false)
            .await
            .unwrap();
        assert!(
            store.scheduled_repos().await.unwrap().is_empty(),
            "{label}: suspended"
        );
        assert!(
            store.live_installations().await.unwrap().is_empty(),
            "{label}"
        );
        store
            .set_installation_state(7, Some(false), false)
            .await
            .unwrap();
        assert_eq!(store.live_installations().await.unwrap(), [7], "{label}");
        store
            .record_refresh("octo/a", "opened #3", Some("abc"))
            .await
            .unwrap();
        store
            .set_refresh_pr("octo/a", Some(3), Some("def"), Some("abc..def"))
            .await
            .unwrap();
        let a = store.tracked_repo("octo/a").await.unwrap().unwrap();
        assert_eq!(
            (
                a.refreshed_sha.as_deref(),
                a.refresh_pr,
                a.refresh_range.as_deref()
            ),
            (Some("abc"), Some(3), Some("abc..def")),
            "{label}"
        );
        store.set_installation_state(7, None, true).await.unwrap();
        assert!(
            store.scheduled_repos().await.unwrap().is_empty(),
            "{label}: deleted"
        );
        assert_eq!(
            store.repos_of_installation(7).await.unwrap(),
            Vec::<String>::new(),
            "{label}"
        );
    }
}
