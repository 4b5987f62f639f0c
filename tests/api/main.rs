//! Integration tests: one binary (faster to link) with a module per area.

mod accounts;
mod admin;
mod app_model;
mod backup;
mod cli;
mod exec_api;
mod exec_http_server;
mod exec_mongo;
mod exec_mysql;
mod exec_postgres;
mod exec_redis;
mod exec_rest;
mod exec_support;
mod exec_tracing;
mod health;
mod helpers;
mod http_basics;
mod sessions;
mod shutdown;
mod store_conformance;
