//! Release channels (两微一端 and others): where an item is released besides the portal, and the
//! retry schedule of the signed webhook that lets an agency's WeChat / Weibo / app integration
//! subscribe to releases. Pure rules; delivery is done by the web layer.

use chrono::Duration;
use serde::Serialize;

/// A kind of release channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// 门户网站 (this platform's public site; every published item is released here).
    Website,
    /// 政务微信公众号.
    Wechat,
    /// 政务微博.
    Weibo,
    /// 政务客户端 (app).
    App,
    /// 政府公报.
    Gazette,
    /// 报刊、广播、电视.
    Press,
    /// 查阅场所 (archives, libraries, service halls).
    ReadingRoom,
    Other,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 8] = [
        Self::Website,
        Self::Wechat,
        Self::Weibo,
        Self::App,
        Self::Gazette,
        Self::Press,
        Self::ReadingRoom,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Website => "website",
            Self::Wechat => "wechat",
            Self::Weibo => "weibo",
            Self::App => "app",
            Self::Gazette => "gazette",
            Self::Press => "press",
            Self::ReadingRoom => "reading_room",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Website => "门户网站",
            Self::Wechat => "政务微信",
            Self::Weibo => "政务微博",
            Self::App => "政务客户端",
            Self::Gazette => "政府公报",
            Self::Press => "报刊广播电视",
            Self::ReadingRoom => "查阅场所",
            Self::Other => "其他渠道",
        }
    }
}

/// Attempts before a delivery is given up (then it shows as failed in the delivery log and can
/// be retried by hand).
pub const MAX_ATTEMPTS: u32 = 6;

/// The wait before attempt `attempts + 1`, after `attempts` failed ones; `None` when no attempt
/// is left. 1 min, 5 min, 30 min, 2 h, 12 h.
pub fn retry_after(attempts: u32) -> Option<Duration> {
    let minutes = match attempts {
        1 => 1,
        2 => 5,
        3 => 30,
        4 => 120,
        5 => 720,
        _ => return None,
    };
    Some(Duration::minutes(minutes))
}

/// Checks a webhook address: an absolute `http://` or `https://` URL without credentials.
pub fn check_webhook_url(url: &str) -> Result<(), &'static str> {
    let u = url.trim();
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or("推送地址须以 http:// 或 https:// 开头")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("推送地址缺少主机名");
    }
    if host.contains('@') {
        return Err("推送地址中不能包含用户名或密码，请使用签名密钥验证");
    }
    if u.len() > 500 || u.chars().any(char::is_whitespace) {
        return Err("推送地址格式不正确");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop() {
        assert_eq!(retry_after(1), Some(Duration::minutes(1)));
        assert_eq!(retry_after(5), Some(Duration::hours(12)));
        assert_eq!(retry_after(MAX_ATTEMPTS), None);
        let mut last = Duration::zero();
        for a in 1..MAX_ATTEMPTS {
            let d = retry_after(a).unwrap();
            assert!(d > last);
            last = d;
        }
    }

    #[test]
    fn webhook_urls_are_checked() {
        assert!(check_webhook_url("https://wx.example.gov.cn/hook").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:8080/in").is_ok());
        assert!(check_webhook_url("ftp://x").is_err());
        assert!(check_webhook_url("https://user:pw@x.cn/").is_err());
        assert!(check_webhook_url("https:///x").is_err());
        for k in ChannelKind::ALL {
            assert_eq!(ChannelKind::parse(k.as_str()), Some(k));
        }
    }
}
