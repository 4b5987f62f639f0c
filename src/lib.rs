//! Tessera's backend: configuration, the metadata and session stores, and the HTTP API.

pub mod admin;
pub mod api;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod exec;
pub mod mail;
pub mod session;
pub mod startup;
pub mod store;
pub mod telemetry;
