//! Settings, in order of precedence: command-line options, `GONGKAI_*` environment variables,
//! the configuration file (`--config`, else `DATA_DIR/gongkai.toml` when present), defaults.

use anyhow::Context;
use serde::Deserialize;
#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    bind: Option<String>,
    secure_cookies: Option<bool>,
    max_upload_mb: Option<usize>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_from: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    database_url: Option<String>,
    pub bind: Option<String>,
    pub secure_cookies: bool,
    pub max_upload_mb: usize,
    /// The SMTP server of the work-plan reminders (plain SMTP, no TLS); none: no e-mail.
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    /// The reminders' sender address; required with `smtp_host`.
    pub smtp_from: Option<String>,
}

impl Config {
    pub fn load(
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        file: Option<PathBuf>,
    ) -> anyhow::Result<Config> {
        Self::load_with(data_dir, database_url, file, |k| std::env::var(k).ok())
    }

    /// [`Config::load`] with the environment read through `env` (tests).
    fn load_with(
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        file: Option<PathBuf>,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Config> {
        let default_dir = data_dir.clone().unwrap_or_else(|| PathBuf::from("data"));
        let file = match file {
            Some(f) => Some(f),
            None => Some(default_dir.join("gongkai.toml")).filter(|p| p.exists()),
        };
        let fc: FileConfig = match &file {
            Some(f) => {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                toml::from_str(&text)
                    .with_context(|| format!("invalid configuration file {}", f.display()))?
            }
            None => FileConfig::default(),
        };
        // An empty variable counts as set: `GONGKAI_SMTP_HOST=` turns e-mail off.
        let text = |v: String| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let smtp_host = match env("GONGKAI_SMTP_HOST") {
            Some(v) => text(v),
            None => fc.smtp_host.and_then(text),
        };
        let smtp_from = match env("GONGKAI_SMTP_FROM") {
            Some(v) => text(v),
            None => fc.smtp_from.and_then(text),
        };
        let smtp_port = match env("GONGKAI_SMTP_PORT") {
            Some(v) => Some(
                v.trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .with_context(|| format!("GONGKAI_SMTP_PORT is not a port number: {v}"))?,
            ),
            None => fc.smtp_port,
        }
        .unwrap_or(25);
        if smtp_host.is_some() && smtp_from.is_none() {
            anyhow::bail!("smtp_from (GONGKAI_SMTP_FROM) is required when smtp_host is set");
        }
        Ok(Config {
            data_dir: data_dir.or(fc.data_dir).unwrap_or(default_dir),
            database_url: database_url.or(fc.database_url),
            bind: fc.bind,
            secure_cookies: env("GONGKAI_SECURE_COOKIES")
                .map(|v| v == "1" || v == "true")
                .or(fc.secure_cookies)
                .unwrap_or(false),
            max_upload_mb: fc.max_upload_mb.unwrap_or(50),
            smtp_host,
            smtp_port,
            smtp_from,
        })
    }

    /// The SMTP server of the e-mail reminders, when one is configured.
    pub fn smtp(&self) -> Option<gongkai_web::SmtpConfig> {
        Some(gongkai_web::SmtpConfig {
            host: self.smtp_host.clone()?,
            port: self.smtp_port,
            from: self.smtp_from.clone()?,
        })
    }

    /// The database URL; the default is a SQLite file in the data directory (created if needed).
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(u) = &self.database_url {
            return Ok(u.clone());
        }
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                self.data_dir.display()
            )
        })?;
        Ok(format!(
            "sqlite://{}",
            self.data_dir.join("gongkai.db").display()
        ))
    }

    #[cfg(test)]
    fn data_path(&self) -> &Path {
        &self.data_dir
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_wins_over_the_file() {
        let dir = std::env::temp_dir().join(format!("gongkai-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("gongkai.toml");
        std::fs::write(
            &f,
            "database_url = \"postgres://a@b/c\"\nbind = \"0.0.0.0:9000\"\n",
        )
        .unwrap();
        let c = Config::load(Some(dir.clone()), None, None).unwrap();
        assert_eq!(c.database_url().unwrap(), "postgres://a@b/c");
        assert_eq!(c.bind.as_deref(), Some("0.0.0.0:9000"));
        let c = Config::load(Some(dir.clone()), Some("sqlite://x.db".into()), None).unwrap();
        assert_eq!(c.database_url().unwrap(), "sqlite://x.db");
        assert_eq!(c.data_path(), dir.as_path());
        std::fs::write(&f, "colour = 1\n").unwrap();
        assert!(
            Config::load(Some(dir.clone()), None, None).is_err(),
            "unknown keys are errors"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn smtp_settings_from_the_file_and_the_environment() {
        let dir = std::env::temp_dir().join(format!("gongkai-cfg-smtp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("gongkai.toml");
        let no_env = |_: &str| None;
        let load = |env: &dyn Fn(&str) -> Option<String>| {
            Config::load_with(Some(dir.clone()), None, None, env)
        };
        // None by default: no e-mail.
        let c = load(&no_env).unwrap();
        assert_eq!(c.smtp(), None);
        assert_eq!(c.smtp_port, 25);

        std::fs::write(
            &f,
            "smtp_host = \"mail.example.gov.cn\"\nsmtp_from = \"gongkai@example.gov.cn\"\n",
        )
        .unwrap();
        let c = load(&no_env).unwrap();
        assert_eq!(
            c.smtp(),
            Some(gongkai_web::SmtpConfig {
                host: "mail.example.gov.cn".into(),
                port: 25,
                from: "gongkai@example.gov.cn".into(),
            })
        );

        // The environment wins over the file; an empty host turns e-mail off.
        let env = |k: &str| match k {
            "GONGKAI_SMTP_HOST" => Some("10.0.0.25".to_string()),
            "GONGKAI_SMTP_PORT" => Some("2525".to_string()),
            _ => None,
        };
        let c = load(&env).unwrap();
        let smtp = c.smtp().unwrap();
        assert_eq!(
            (smtp.host.as_str(), smtp.port, smtp.from.as_str()),
            ("10.0.0.25", 2525, "gongkai@example.gov.cn")
        );
        let off = |k: &str| (k == "GONGKAI_SMTP_HOST").then(String::new);
        assert_eq!(load(&off).unwrap().smtp(), None);
        let bad_port = |k: &str| (k == "GONGKAI_SMTP_PORT").then(|| "smtp".to_string());
        assert!(load(&bad_port).is_err());

        // A host without a sender is an error, not a silent "off".
        std::fs::write(&f, "smtp_host = \"mail.example.gov.cn\"\nsmtp_port = 587\n").unwrap();
        assert!(load(&no_env).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            redact("postgres://gk:secret@db/gk"),
            "postgres://gk:***@db/gk"
        );
        assert_eq!(
            redact("sqlite://data/gongkai.db"),
            "sqlite://data/gongkai.db"
        );
    }
}
