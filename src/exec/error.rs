//! The one error type of the execution engine. Every failure a user can meet has a
//! stable code and a sentence; failures reported by the datasource also carry the
//! datasource's own code and message so that people can look them up.

/// What the datasource itself said, passed through unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Downstream {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// The datasource or query configuration cannot be used as it is.
    #[error("{0}")]
    InvalidConfig(String),
    /// A `{{ }}` value is missing or cannot be sent as the type the query needs.
    #[error("{0}")]
    Binding(String),
    #[error("{message}")]
    Connection {
        message: String,
        downstream: Downstream,
    },
    #[error("{message}")]
    Authentication {
        message: String,
        downstream: Downstream,
    },
    #[error("{message}")]
    Query {
        message: String,
        downstream: Downstream,
    },
    #[error(
        "The query did not finish within {millis} ms and was stopped. Make it faster or raise its timeout."
    )]
    Timeout { millis: u64 },
    #[error(
        "The response is larger than the limit of {limit_bytes} bytes, so it was refused. Ask for less data (add a LIMIT, filters or paging) or ask an admin to raise the limit."
    )]
    TooLarge { limit_bytes: usize },
    #[error(
        "Requests to {address} are not allowed on this instance (link-local, cloud-metadata or admin-denied address). Ask an admin to allow it if it is intended."
    )]
    AddressRefused { address: String },
    #[error("The request was redirected more than {max} times, so it was stopped.")]
    TooManyRedirects { max: usize },
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Internal(String),
}

impl ExecError {
    /// The stable code clients and tests match on.
    pub fn code(&self) -> &'static str {
        match self {
            ExecError::InvalidConfig(_) => "DATASOURCE_INVALID",
            ExecError::Binding(_) => "BINDING_ERROR",
            ExecError::Connection { .. } => "CONNECTION_FAILED",
            ExecError::Authentication { .. } => "AUTHENTICATION_FAILED",
            ExecError::Query { .. } => "QUERY_FAILED",
            ExecError::Timeout { .. } => "TIMEOUT",
            ExecError::TooLarge { .. } => "RESPONSE_TOO_LARGE",
            ExecError::AddressRefused { .. } => "ADDRESS_REFUSED",
            ExecError::TooManyRedirects { .. } => "TOO_MANY_REDIRECTS",
            ExecError::Unsupported(_) => "UNSUPPORTED",
            ExecError::Internal(_) => "EXECUTION_ERROR",
        }
    }

    pub fn downstream(&self) -> Option<&Downstream> {
        match self {
            ExecError::Connection { downstream, .. }
            | ExecError::Authentication { downstream, .. }
            | ExecError::Query { downstream, .. } => Some(downstream),
            _ => None,
        }
    }

    pub fn query(message: impl Into<String>, code: Option<String>, db_message: String) -> Self {
        ExecError::Query {
            message: message.into(),
            downstream: Downstream {
                code,
                message: Some(db_message),
            },
        }
    }

    pub fn connection(target: &str, reason: impl std::fmt::Display) -> Self {
        let reason = reason.to_string();
        ExecError::Connection {
            message: format!("Could not connect to {target}: {reason}"),
            downstream: Downstream {
                code: None,
                message: Some(reason),
            },
        }
    }
}
