//! The supervisord that runs Tessera in the container. The backend restarts itself and
//! the rts through it, and `tessera restore` stops and starts them around a restore.

use std::path::Path;
use std::process::{Command, Stdio};

/// The programs restarted together: the rts first, so it is back before the backend.
pub const APP_PROGRAMS: [&str; 2] = ["tessera-rts", "tessera"];

/// The supervisord control URL when Tessera runs under it. supervisord tells its
/// children; commands started by hand inside the container (`docker exec`) find the
/// socket in the run folder that entrypoint.sh uses.
pub fn control_url() -> Option<String> {
    if let Ok(url) = std::env::var("SUPERVISOR_SERVER_URL")
        && !url.is_empty()
    {
        return Some(url);
    }
    let run = std::env::var("TESSERA_RUN_DIR").ok()?;
    let socket = Path::new(&run).join("supervisor.sock");
    socket
        .exists()
        .then(|| format!("unix://{}", socket.display()))
}

/// Runs `supervisorctl -s URL ARGS…` and waits; the error says what supervisorctl said.
pub fn ctl(url: &str, args: &[&str]) -> Result<(), String> {
    let output = Command::new("supervisorctl")
        .arg("-s")
        .arg(url)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run supervisorctl: {err}"))?;
    // supervisorctl exits non-zero for "not running" on stop, which is what we wanted.
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() || said.contains("NOT_RUNNING") || said.contains("not running") {
        Ok(())
    } else {
        Err(format!("supervisorctl {}: {}", args.join(" "), said.trim()))
    }
}

/// Starts `supervisorctl -s URL ARGS…` in a process group of its own and returns at
/// once: used when the backend restarts itself, since supervisord stops this process
/// half-way through the command.
pub fn ctl_detached(url: &str, args: &[&str]) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    Command::new("supervisorctl")
        .arg("-s")
        .arg(url)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(|_| ())
}
