//! Builds the whole application from a config and binds it. `main` and the tests use
//! the same function, so the tests run exactly what ships.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use actix_web::dev::{Server, Service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{App, HttpMessage, HttpServer, web};
use futures_util::FutureExt;
use tracing_actix_web::{RequestId, TracingLogger};

use crate::admin::live::LiveSettings;
use crate::admin::restart::Restarter;
use crate::api;
use crate::auth::throttle::LoginThrottle;
use crate::config::{Config, ConfigError, secrets_file};
use crate::crypto::{Cipher, CryptoError};
use crate::mail::Mailer;
use crate::session::{self, DynSessions, SessionError};
use crate::store::{self, DynStore, StoreError};

/// Shared by every request handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: DynStore,
    pub sessions: DynSessions,
    pub login_throttle: Arc<LoginThrottle>,
    /// Settings that apply without a restart (instance admins, sign-up).
    pub live: LiveSettings,
    /// Restarts the backend after the admin settings page saves ("Save and Restart").
    pub restarter: Restarter,
    /// Seals and opens secrets at rest (datasource passwords).
    pub cipher: Arc<Cipher>,
    /// Outgoing mail, when a mail host is configured.
    pub mailer: Option<Arc<Mailer>>,
    /// Runs queries against datasources; holds their connection pools.
    pub engine: Arc<crate::exec::Engine>,
}

/// Why the server could not start, phrased for the person starting it.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the metadata store ({url}) cannot be used: {source}")]
    Store { url: String, source: StoreError },
    #[error("the session store cannot be used: {0}")]
    Sessions(#[from] SessionError),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

pub struct Application {
    address: SocketAddr,
    server: Server,
    state: AppState,
}

impl Application {
    /// Opens the stores, then binds `host:port` (port 0 picks a free one).
    pub async fn build(mut config: Config) -> Result<Self, StartupError> {
        secrets_file::ensure(&mut config)?;
        let store = store::open(&config.db_url)
            .await
            .map_err(|source| StartupError::Store {
                url: config.db_url.to_string(),
                source,
            })?;
        let sessions = session::open(config.redis_url.as_ref(), store.clone()).await?;
        let login_throttle = Arc::new(LoginThrottle::new(
            config.login_max_failures.max(1),
            std::time::Duration::from_secs(config.login_window_secs.max(1)),
        ));
        let live = LiveSettings::new(&config);
        let cipher = match (&config.encryption_password, &config.encryption_salt) {
            (Some(password), Some(salt)) => Cipher::derive(password, salt)?,
            _ => {
                return Err(StartupError::Crypto(CryptoError::Key(
                    "the encryption password or salt is missing".into(),
                )));
            }
        };
        let mailer = Mailer::from_config(&config)?.map(Arc::new);
        let engine = Arc::new(crate::exec::Engine::new(config.exec.clone()));
        let state = AppState {
            mailer,
            cipher: Arc::new(cipher),
            config: Arc::new(config),
            store,
            sessions,
            login_throttle,
            engine,
            live,
            restarter: Restarter::default(),
        };
        Self::bind(state)
    }

    /// Binds an already assembled state; tests use it to vary the parts.
    pub fn bind(state: AppState) -> Result<Self, StartupError> {
        let addr = format!("{}:{}", state.config.host, state.config.port);
        let listener = TcpListener::bind(&addr).map_err(|source| StartupError::Bind {
            addr: addr.clone(),
            source,
        })?;
        let address = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr, source })?;
        let server = serve(listener, state.clone()).map_err(|source| StartupError::Bind {
            addr: address.to_string(),
            source,
        })?;
        state.restarter.attach(server.handle());
        Ok(Self {
            address,
            server,
            state,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Runs until SIGTERM or SIGINT; in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let limit = state.config.max_body_bytes;
    let static_dir = state.config.static_dir.clone();
    let shutdown = state.config.shutdown_timeout_secs;
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(api::limits::json_config(limit))
            .app_data(api::limits::payload_config(limit))
            .configure(api::routes)
            .configure(api::static_files::service(&static_dir))
            .wrap_fn(move |req, srv| {
                let request_id = req.extensions().get::<RequestId>().copied();
                let cache = (!req.path().starts_with("/api/"))
                    .then(|| api::static_files::cache_control(req.path()));
                let early = api::limits::check_declared_length(&req, limit)
                    .and_then(|()| crate::auth::csrf::check(&req));
                if let Err(err) = early {
                    return futures_util::future::ready(api::limits::refuse(req, &err))
                        .boxed_local();
                }
                srv.call(req)
                    .map(move |result| {
                        result.map(|mut res| {
                            let success = res.status().is_success();
                            let headers = res.headers_mut();
                            if let Some(id) = request_id
                                && let Ok(value) = HeaderValue::from_str(&id.to_string())
                            {
                                headers
                                    .insert(header::HeaderName::from_static("x-request-id"), value);
                            }
                            if let Some(cache) = cache
                                && success
                            {
                                headers
                                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
                            }
                            res
                        })
                    })
                    .boxed_local()
            })
            .wrap(TracingLogger::default())
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?
    .run();
    Ok(server)
}
