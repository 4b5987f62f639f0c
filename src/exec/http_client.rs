//! The HTTP client shared by the REST and GraphQL plugins: every DNS answer and
//! redirect target passes the address guard, redirects are bounded, TLS is verified
//! (rustls with the system's roots), and bodies are read under the size cap.

use std::error::Error;
use std::net::SocketAddr;
use std::sync::Once;

use bytes::{Bytes, BytesMut};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde_json::{Map, Value};

use super::guard::AddressPolicy;
use super::{ExecError, ExecSettings, Output};

/// reqwest is built without a bundled crypto provider; ring is the one the project uses.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An error means another part of the process installed one first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Why the client stopped a request; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("the address {0} is not allowed")]
    Address(String),
    #[error("more than {0} redirects")]
    Redirects(usize),
}

struct GuardedResolver {
    policy: AddressPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let answers: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            match policy.filter_resolved(&host, answers) {
                Ok(kept) => Ok(Box::new(kept.into_iter()) as Addrs),
                Err(ExecError::AddressRefused { address }) => {
                    Err(Box::new(Refusal::Address(address)) as Box<dyn Error + Send + Sync>)
                }
                Err(other) => Err(other.to_string().into()),
            }
        })
    }
}

pub fn build_client(settings: &ExecSettings) -> Result<reqwest::Client, ExecError> {
    install_crypto_provider();
    let policy = settings.address_policy.clone();
    let max = settings.max_redirects;
    let redirect_policy = policy.clone();
    reqwest::Client::builder()
        .dns_resolver(std::sync::Arc::new(GuardedResolver { policy }))
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max {
                return attempt.error(Refusal::Redirects(max));
            }
            // Literal addresses skip DNS, so the guard looks at them here.
            match redirect_policy.check_url(attempt.url()) {
                Err(ExecError::AddressRefused { address }) => {
                    attempt.error(Refusal::Address(address))
                }
                _ => attempt.follow(),
            }
        }))
        // A proxy would resolve and connect on our behalf, out of the guard's sight.
        .no_proxy()
        .pool_max_idle_per_host(settings.pool_size)
        .connect_timeout(std::time::Duration::from_secs(10))
        .user_agent(concat!("Tessera/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|err| ExecError::Internal(format!("the HTTP client cannot be built: {err}")))
}

/// Turns reqwest's error into ours, finding the guard's reasons in its causes.
pub fn http_error(err: &reqwest::Error, target: &str, timeout_millis: u64) -> ExecError {
    let mut source: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return match refusal {
                Refusal::Address(address) => ExecError::AddressRefused {
                    address: address.clone(),
                },
                Refusal::Redirects(max) => ExecError::TooManyRedirects { max: *max },
            };
        }
        source = cause.source();
    }
    if err.is_timeout() {
        return ExecError::Timeout {
            millis: timeout_millis,
        };
    }
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    ExecError::connection(target, chain)
}

/// Reads the body, refusing it as soon as it passes the limit.
pub async fn read_capped(
    response: &mut reqwest::Response,
    limit: usize,
    target: &str,
    timeout_millis: u64,
) -> Result<Bytes, ExecError> {
    if response
        .content_length()
        .is_some_and(|len| usize::try_from(len).map_or(true, |len| len > limit))
    {
        return Err(ExecError::TooLarge { limit_bytes: limit });
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| http_error(&err, target, timeout_millis))?
    {
        if body.len() + chunk.len() > limit {
            return Err(ExecError::TooLarge { limit_bytes: limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Status, headers and a body that is JSON when it parses as JSON.
pub fn to_output(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> Output {
    let mut header_map = Map::new();
    for (name, value) in headers {
        let entry = header_map
            .entry(name.as_str())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = entry {
            values.push(Value::String(
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            ));
        }
    }
    let body = serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
    Output {
        body,
        headers: Value::Object(header_map),
        status_code: status.as_u16().to_string(),
        success: status.is_success(),
        request: Value::Null,
        messages: Vec::new(),
    }
}
