//! Queries ("actions"): running them.

pub mod execute_body;
