//! Test support: fake GitHub, fake model server, fresh databases and the app harness.
#![allow(dead_code)]

pub mod code_repos;
pub mod db;
pub mod fake_github;
pub mod fake_model;
pub mod harness;
