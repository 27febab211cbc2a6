//! Staff accounts: password policy and login lockout.

use chrono::{DateTime, Duration, Utc};

/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;
pub const PASSWORD_MIN_CHARS: usize = 10;

/// After a failed login that brings the count of consecutive failures to `failures`, the time
/// until which the account is locked, if it now is.
pub fn lock_after_failure(failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (failures >= MAX_FAILED_LOGINS).then(|| now + Duration::minutes(LOCKOUT_MINUTES))
}

/// Whether an account locked until `locked_until` is still locked at `now`.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|t| t > now)
}

/// Checks a new password; the message is shown to the person choosing it.
pub fn check_password(pw: &str) -> Result<(), String> {
    if pw.chars().count() < PASSWORD_MIN_CHARS {
        return Err(format!("密码至少 {PASSWORD_MIN_CHARS} 个字符"));
    }
    if pw.chars().count() > 200 {
        return Err("密码过长（最多 200 个字符）".into());
    }
    let classes = [
        pw.chars().any(|c| c.is_ascii_lowercase()),
        pw.chars().any(|c| c.is_ascii_uppercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|x| **x).count() < 2 {
        return Err("密码须包含字母、数字、符号中的至少两类".into());
    }
    Ok(())
}

/// Login names: 3–32 lower-case ASCII letters, digits, `.`, `_`, `-`.
pub fn check_username(name: &str) -> Result<(), String> {
    let ok_len = (3..=32).contains(&name.len());
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok_len && ok_chars {
        Ok(())
    } else {
        Err("用户名为 3 至 32 位小写字母、数字或 . _ -".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        assert_eq!(lock_after_failure(4, now), None);
        let until = lock_after_failure(5, now).unwrap();
        assert_eq!(until, Utc.with_ymd_and_hms(2026, 3, 2, 9, 15, 0).unwrap());
        assert!(is_locked(Some(until), now + Duration::minutes(14)));
        assert!(!is_locked(Some(until), now + Duration::minutes(15)));
        assert!(!is_locked(None, now));
    }

    #[test]
    fn password_policy() {
        assert!(check_password("short1").is_err());
        assert!(check_password("alllowercaseletters").is_err());
        assert!(check_password("correct-horse-42").is_ok());
        assert!(check_password("中文密码也可以用123").is_ok());
    }

    #[test]
    fn usernames() {
        assert!(check_username("li.ming").is_ok());
        assert!(check_username("LiMing").is_err());
        assert!(check_username("李明").is_err());
        assert!(check_username("ab").is_err());
    }
}
