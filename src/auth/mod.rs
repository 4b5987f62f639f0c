//! Who is asking, and what they may do: passwords, session cookies, the CSRF header,
//! log-in throttling, and the permission rules (all in `permissions`).

pub mod csrf;
pub mod current_user;
pub mod password;
pub mod permissions;
pub mod session_cookie;
pub mod throttle;

pub use current_user::{CurrentUser, InstanceAdmin, MaybeUser};
