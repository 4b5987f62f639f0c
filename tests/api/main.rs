//! Integration tests: one binary (faster to link) with a module per area.

mod accounts;
mod admin;
mod app_model;
mod backup;
mod cli;
mod health;
mod helpers;
mod http_basics;
mod sessions;
mod shutdown;
mod store_conformance;
