//! Instance settings for the admin page: read and change the env file, and restart.

pub mod get_env;
pub mod put_env;
pub mod restart;
