//! Store errors, shared by all backends.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{collection} {id} was changed by someone else (expected version {expected})")]
    Conflict {
        collection: String,
        id: String,
        expected: i64,
    },
    #[error("{collection} {id} does not exist")]
    NotFound { collection: String, id: String },
    #[error("another {collection} record already has this {field}")]
    Duplicate { collection: String, field: String },
    #[error("{0}")]
    Unavailable(String),
    #[error("invalid store query: {0}")]
    InvalidQuery(String),
    #[error("schema migration failed: {0}")]
    Migration(String),
    #[error("store error: {0}")]
    Backend(String),
}
