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
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    database_url: Option<String>,
    pub bind: Option<String>,
    pub secure_cookies: bool,
    pub max_upload_mb: usize,
}

impl Config {
    pub fn load(
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        file: Option<PathBuf>,
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
        Ok(Config {
            data_dir: data_dir.or(fc.data_dir).unwrap_or(default_dir),
            database_url: database_url.or(fc.database_url),
            bind: fc.bind,
            secure_cookies: std::env::var("GONGKAI_SECURE_COOKIES")
                .ok()
                .map(|v| v == "1" || v == "true")
                .or(fc.secure_cookies)
                .unwrap_or(false),
            max_upload_mb: fc.max_upload_mb.unwrap_or(50),
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
