//! Domain types and their typed storage on top of the metadata store. Handlers use
//! these; none of them knows which store backend is running.

pub mod action;
pub mod application;
pub mod bindings;
pub mod bundle;
pub mod bundle_write;
pub mod datasource;
pub mod dsl;
pub mod ids;
pub mod membership;
pub mod page;
pub mod publication;
pub mod repo;
pub mod user;
pub mod workspace;

pub use ids::*;
pub use repo::{Entity, Repo, Stored};
