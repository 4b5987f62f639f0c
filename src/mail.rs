//! Outgoing mail over SMTP (password reset links). Configured with `TESSERA_MAIL_*`;
//! without a mail host the features that need mail say so instead of sending.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, ConfigError};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The public address of this instance, for links in mails. Taken from configuration,
    /// never from a request's Host header, which a caller could forge.
    pub base_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the mail could not be sent: {0}")]
pub struct MailError(String);

impl Mailer {
    /// `None` when no mail host is configured.
    pub fn from_config(config: &Config) -> Result<Option<Self>, ConfigError> {
        let layers = &config.layers;
        let Some(host) = layers.get("MAIL_HOST") else {
            return Ok(None);
        };
        let invalid = |key: &'static str, reason: String| ConfigError::Invalid { key, reason };
        let base_url = layers
            .get("BASE_URL")
            .ok_or_else(|| invalid("BASE_URL", "must be set when TESSERA_MAIL_HOST is, so mails can link back (e.g. https://tools.example.com)".into()))?
            .trim_end_matches('/')
            .to_owned();
        let from: Mailbox = layers
            .get("MAIL_FROM")
            .unwrap_or("Tessera <tessera@localhost>")
            .parse()
            .map_err(|err| invalid("MAIL_FROM", format!("not a mail address ({err})")))?;
        let port: u16 = layers
            .get("MAIL_PORT")
            .unwrap_or("587")
            .parse()
            .map_err(|_| invalid("MAIL_PORT", "not a port number".into()))?;
        let builder = match layers.get("MAIL_SECURITY").unwrap_or("starttls") {
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            "none" => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                host,
            )),
            other => {
                return Err(invalid(
                    "MAIL_SECURITY",
                    format!("`{other}` is not starttls, tls or none"),
                ));
            }
        }
        .map_err(|err| invalid("MAIL_HOST", err.to_string()))?;
        let mut builder = builder.port(port).timeout(Some(Duration::from_secs(15)));
        if let Some(user) = layers.get("MAIL_USERNAME") {
            let password = layers.get("MAIL_PASSWORD").unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.to_owned(), password.to_owned()));
        }
        Ok(Some(Self {
            transport: builder.build(),
            from,
            base_url,
        }))
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let to: Mailbox = to
            .parse()
            .map_err(|err| MailError(format!("bad recipient: {err}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|err| MailError(err.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|err| MailError(err.to_string()))
    }
}
