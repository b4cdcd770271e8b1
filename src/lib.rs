//! minibot: a GitHub App that writes Docusaurus documentation updates, test cases and code
//! suggestions with a language model, opens pull requests with the result, and records the cost of
//! every model call.
//!
//! Data flow: `server` (verified webhooks) → `store` (durable queue) → `jobs` (one module per
//! command) → `github` / `llm` / `docsite` / `publish`, with every model call in the ledger.

pub mod app;
pub mod code;
pub mod commands;
pub mod config;
pub mod context;
pub mod cost;
pub mod docsite;
pub mod github;
pub mod jobs;
pub mod live;
pub mod llm;
pub mod local_docs;
pub mod localrepo;
pub mod metrics;
pub mod publish;
pub mod repo_config;
pub mod review;
pub mod schedule;
pub mod server;
pub mod store;
pub mod templates;
pub mod testgen;
