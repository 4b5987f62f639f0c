//! Instance administration: the settings the admin page edits (the env file), restarting
//! the backend so that they apply, and the supervisord that runs Tessera in the container.

pub mod live;
pub mod restart;
pub mod settings;
pub mod supervisor;
