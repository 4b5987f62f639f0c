//! Users: sign-up, log-in, log-out, the current user, passwords.

pub mod change_password;
pub mod invitations;
pub mod login;
pub mod logout;
pub mod me;
pub mod reset_password;
pub mod signup;
