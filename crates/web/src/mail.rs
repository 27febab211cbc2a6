//! Sends e-mail (the work-plan reminders of `reminders.rs`) through the configured SMTP server.
//!
//! Plain SMTP only, without TLS or authentication: the platform carries no TLS stack (as for the
//! webhooks of `delivery.rs`); agencies relay through a mail server on their own network. The
//! messages are plain text in UTF-8; their `Date` is the application clock's.
//!
//! Errors say what failed without the server's reply text, which may quote the recipient's
//! address: they are logged, and addresses never are.

use crate::state::SmtpConfig;
use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Why a message was not sent. Carries no address, name or server text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the sender address (smtp_from) is not a valid e-mail address")]
    From,
    #[error("the recipient address is not a valid e-mail address")]
    To,
    #[error("the message could not be built")]
    Message,
    /// The server answered with a 4xx (`transient`) or 5xx code.
    #[error("the SMTP server refused the message ({code}{})", if *.transient { ", transient" } else { "" })]
    Refused { code: String, transient: bool },
    /// No answer: the server could not be reached, the connection broke or timed out.
    #[error("the SMTP server could not be reached")]
    Unreachable,
}

impl MailError {
    /// The server is not there: later messages of the same pass would fail alike.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Unreachable)
    }
}

/// One configured SMTP server and sender.
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    /// Checks the sender address; connects only when sending.
    pub fn new(config: &SmtpConfig) -> Result<Sender, MailError> {
        let from: Mailbox = config.from.trim().parse().map_err(|_| MailError::From)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.trim())
            .port(config.port)
            .timeout(Some(TIMEOUT))
            .build();
        Ok(Sender { transport, from })
    }

    /// Sends a plain-text message to `name <address>`, dated `now`.
    pub async fn send(
        &self,
        name: &str,
        address: &str,
        subject: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), MailError> {
        let address = address.trim().parse().map_err(|_| MailError::To)?;
        let name = name.trim();
        let to = Mailbox::new((!name.is_empty()).then(|| name.to_string()), address);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .date(now.into())
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|_| MailError::Message)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => Err(match e.status() {
                Some(code) => MailError::Refused {
                    code: code.to_string(),
                    transient: e.is_transient(),
                },
                None => MailError::Unreachable,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(from: &str) -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: 25,
            from: from.into(),
        }
    }

    #[test]
    fn the_sender_address_is_checked() {
        assert!(Sender::new(&config("gongkai@mzj.example.cn")).is_ok());
        assert!(Sender::new(&config("政务公开平台 <gongkai@mzj.example.cn>")).is_ok());
        assert_eq!(Sender::new(&config("gongkai")).err(), Some(MailError::From));
    }

    #[test]
    fn errors_name_no_address() {
        let e = MailError::Refused {
            code: "550".into(),
            transient: false,
        };
        assert_eq!(e.to_string(), "the SMTP server refused the message (550)");
        assert!(!e.is_unreachable());
        assert!(MailError::Unreachable.is_unreachable());
    }
}
