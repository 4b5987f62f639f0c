//! "Save and Restart": under supervisord the backend asks it to restart the rts and the
//! backend; running alone, the backend stops gracefully and re-executes itself with the
//! same arguments and environment, so the env file is read afresh.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use actix_web::dev::ServerHandle;

use super::supervisor;

/// Lets the response reach the client before the process goes away.
const GRACE: Duration = Duration::from_millis(300);

/// Shared by the handler that asks for a restart and `main`, which performs it.
#[derive(Debug, Clone, Default)]
pub struct Restarter {
    server: Arc<OnceLock<ServerHandle>>,
    reexec: Arc<AtomicBool>,
}

/// How this process will be restarted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Through supervisord at this control URL.
    Supervised(String),
    /// By re-executing itself.
    Alone,
}

impl Mode {
    pub fn current() -> Self {
        supervisor::control_url().map_or(Mode::Alone, Mode::Supervised)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Mode::Supervised(_) => "supervisord",
            Mode::Alone => "re-exec",
        }
    }
}

impl Restarter {
    /// Called once the server exists, so that a restart can stop it gracefully.
    pub fn attach(&self, handle: ServerHandle) {
        let _ = self.server.set(handle);
    }

    /// Whether the server stopped because a restart was asked for; `main` then re-executes.
    pub fn reexec_requested(&self) -> bool {
        self.reexec.load(Ordering::SeqCst)
    }

    /// Schedules the restart and returns at once.
    pub fn request(&self, mode: Mode) {
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(GRACE).await;
            match mode {
                Mode::Supervised(url) => {
                    let mut args = vec!["restart"];
                    args.extend(supervisor::APP_PROGRAMS);
                    if let Err(err) = supervisor::ctl_detached(&url, &args) {
                        tracing::error!(error = %err, "cannot ask supervisord to restart");
                    }
                }
                Mode::Alone => {
                    this.reexec.store(true, Ordering::SeqCst);
                    match this.server.get() {
                        Some(handle) => handle.stop(true).await,
                        None => tracing::error!("restart asked before the server started"),
                    }
                }
            }
        });
    }
}

/// Replaces this process with a fresh copy of itself. Returns only on failure.
pub fn reexec() -> std::io::Error {
    use std::os::unix::process::CommandExt;
    match std::env::current_exe() {
        Ok(exe) => std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .exec(),
        Err(err) => err,
    }
}
