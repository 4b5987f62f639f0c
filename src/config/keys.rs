//! Every configuration key Tessera knows, with its default and whether it is secret.
//! The admin settings page and the README table are generated from the same facts.

/// One configuration key, named without the `TESSERA_` prefix.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub default: Option<&'static str>,
    pub secret: bool,
    pub help: &'static str,
}

pub const PREFIX: &str = "TESSERA_";

pub const KEYS: &[Key] = &[
    Key {
        name: "DB_URL",
        default: None,
        secret: true,
        help: "Metadata store: sqlite://PATH, postgres://… or mongodb://…; unset means SQLite under the stacks folder.",
    },
    Key {
        name: "REDIS_URL",
        default: None,
        secret: true,
        help: "Redis for sessions; unset keeps sessions in the metadata store.",
    },
    Key {
        name: "HOST",
        default: Some("127.0.0.1"),
        secret: false,
        help: "Address the backend listens on.",
    },
    Key {
        name: "PORT",
        default: Some("8080"),
        secret: false,
        help: "Port the backend listens on; 0 picks a free one.",
    },
    Key {
        name: "STACKS_DIR",
        default: Some("./tessera-data"),
        secret: false,
        help: "Folder for data, configuration, logs and git storage.",
    },
    Key {
        name: "STATIC_DIR",
        default: Some("static/dist"),
        secret: false,
        help: "Built front end served by the backend when no proxy sits in front.",
    },
    Key {
        name: "ENCRYPTION_PASSWORD",
        default: None,
        secret: true,
        help: "Key material for encrypting secrets at rest; generated once when absent.",
    },
    Key {
        name: "ENCRYPTION_SALT",
        default: None,
        secret: true,
        help: "Salt for the encryption key; generated once when absent.",
    },
    Key {
        name: "ADMIN_EMAILS",
        default: Some(""),
        secret: false,
        help: "Comma-separated e-mails of instance administrators.",
    },
    Key {
        name: "SIGNUP_DISABLED",
        default: Some("false"),
        secret: false,
        help: "When true only invited people can sign up.",
    },
    Key {
        name: "LOG_FORMAT",
        default: Some("text"),
        secret: false,
        help: "Log format: text or json.",
    },
    Key {
        name: "MAX_BODY_MB",
        default: Some("10"),
        secret: false,
        help: "Largest accepted request body in megabytes.",
    },
    Key {
        name: "LOGIN_MAX_FAILURES",
        default: Some("5"),
        secret: false,
        help: "Failed log-ins per account or address before further attempts are refused.",
    },
    Key {
        name: "LOGIN_WINDOW_SECS",
        default: Some("900"),
        secret: false,
        help: "How long failed log-ins count, and how long a refused account waits.",
    },
    Key {
        name: "BASE_URL",
        default: None,
        secret: false,
        help: "Public address of this instance, used in links sent by mail.",
    },
    Key {
        name: "MAIL_HOST",
        default: None,
        secret: false,
        help: "SMTP server for password-reset mails; unset means no mail (admins create reset links).",
    },
    Key {
        name: "MAIL_PORT",
        default: Some("587"),
        secret: false,
        help: "SMTP port.",
    },
    Key {
        name: "MAIL_SECURITY",
        default: Some("starttls"),
        secret: false,
        help: "starttls, tls or none.",
    },
    Key {
        name: "MAIL_USERNAME",
        default: None,
        secret: false,
        help: "SMTP user.",
    },
    Key {
        name: "MAIL_PASSWORD",
        default: None,
        secret: true,
        help: "SMTP password.",
    },
    Key {
        name: "MAIL_FROM",
        default: Some("Tessera <tessera@localhost>"),
        secret: false,
        help: "Sender of Tessera's mails.",
    },
    Key {
        name: "FRAME_ANCESTORS",
        default: Some("'self'"),
        secret: false,
        help: "Who may embed Tessera in a frame (CSP frame-ancestors sources); nginx applies it when the container starts.",
    },
    Key {
        name: "SHUTDOWN_TIMEOUT_SECS",
        default: Some("30"),
        secret: false,
        help: "How long in-flight requests may run after SIGTERM.",
    },
    Key {
        name: "EXEC_MAX_RESPONSE_MB",
        default: Some("10"),
        secret: false,
        help: "Largest query or API response in megabytes; larger ones are refused, never cut.",
    },
    Key {
        name: "EXEC_POOL_SIZE",
        default: Some("5"),
        secret: false,
        help: "Connections kept open per datasource.",
    },
    Key {
        name: "EXEC_MAX_REDIRECTS",
        default: Some("5"),
        secret: false,
        help: "Redirects a REST or GraphQL query may follow.",
    },
    Key {
        name: "EXEC_DENIED_ADDRESSES",
        default: Some(""),
        secret: false,
        help: "Comma-separated IP addresses or ranges REST and GraphQL queries may not reach, besides the always-denied 169.254.0.0/16 and fd00:ec2::254.",
    },
    Key {
        name: "EXEC_ALLOWED_ADDRESSES",
        default: Some(""),
        secret: false,
        help: "Comma-separated IP addresses or ranges allowed even when denied (for example one metadata address on purpose).",
    },
];

pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|key| key.name == name)
}
