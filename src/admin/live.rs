//! The settings that apply without a restart. Handlers read them here rather than from
//! the start-up `Config`, so that saving them on the admin page takes effect at once.

use std::sync::{Arc, RwLock};

use crate::config::Config;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub admin_emails: Vec<String>,
    pub signup_disabled: bool,
}

impl Live {
    pub fn from_config(config: &Config) -> Self {
        Live {
            admin_emails: config.admin_emails.clone(),
            signup_disabled: config.signup_disabled,
        }
    }

    pub fn is_admin_email(&self, email: &str) -> bool {
        self.admin_emails.iter().any(|admin| admin == email)
    }
}

/// Shared by every worker; cheap to read, replaced whole on save.
#[derive(Debug, Clone)]
pub struct LiveSettings(Arc<RwLock<Live>>);

impl LiveSettings {
    pub fn new(config: &Config) -> Self {
        Self(Arc::new(RwLock::new(Live::from_config(config))))
    }

    pub fn get(&self) -> Live {
        // A writer cannot panic half-way through replacing a value, so a poisoned lock
        // still holds a whole one.
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn replace(&self, live: Live) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = live;
    }
}
