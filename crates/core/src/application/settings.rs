//! An organization's settings for applications: the readings of the procedure that the law does
//! not fix (tagged [A] or [U] in regulations.md), each with its documented default. The numbers
//! the Regulation states ([V]: 20 working days to reply, 7 for a correction notice, 15 for a
//! consultation, the fee schedule of 国办函〔2020〕109号) are not settings.
//!
//! Settings are stored as overrides (`key` → `value` text); a key not overridden keeps the
//! default, so an organization that never touched a setting follows the product's default.

use super::case::CaseRules;
use super::flags::FlagRules;
use crate::fee::{FeeChoice, Fen};

/// The rules one organization's cases are handled under.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplicationSettings {
    pub case: CaseRules,
    pub flags: FlagRules,
}

/// How a setting's value is written and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// `true` / `false` (a checkbox).
    Flag,
    /// A whole number in `min..=max`, with its unit shown after the input.
    Number {
        min: u32,
        max: u32,
        unit: &'static str,
    },
    /// A percentage in `min..=max` (stored as the percentage).
    Percent { min: u32, max: u32 },
    /// One of the fee choices.
    FeeChoice,
}

/// One setting as shown on the settings form.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub label: &'static str,
    /// What the setting decides and why it is a setting (shown under the input).
    pub help: &'static str,
    pub kind: SettingKind,
}

/// Every setting, in the order of the form.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "extension_within_period",
        label: "延期须在答复期限内决定",
        help: "开启时，答复期限届满后不能再登记延期。条例第三十三条未写明延期决定的时点，本项为解释性设置（默认开启）。",
        kind: SettingKind::Flag,
    },
    Setting {
        key: "refuse_late_correction_notice",
        label: "超过7个工作日不得再发补正通知",
        help: "开启时，收到申请之日起7个工作日后登记补正通知将被拒绝；关闭时允许登记但仍显示已超期。默认开启。",
        kind: SettingKind::Flag,
    },
    Setting {
        key: "default_correction_period_wd",
        label: "补正通知给予的补正期限",
        help: "条例第三十条只规定“合理的补正期限”，本项为补正通知书默认填写的期限（默认15个工作日）。",
        kind: SettingKind::Number {
            min: 1,
            max: 60,
            unit: "个工作日",
        },
    },
    Setting {
        key: "pause_ends_at_consultation_due",
        label: "征求意见期间最长中止15个工作日",
        help: "开启时，征求第三方或其他机关意见所需时间最长计到15个工作日届满之日，即使对方逾期未答复。默认开启。",
        kind: SettingKind::Flag,
    },
    Setting {
        key: "fee_pauses_clock",
        label: "收费通知至缴费期间不计入答复期限",
        help: "国办函〔2020〕109号相关条文未能核实，通行做法为中止计算（默认开启）。",
        kind: SettingKind::Flag,
    },
    Setting {
        key: "fee_count_tier_step",
        label: "按件计收：每增加一档提高的金额",
        help: "“以10件为一档，每增加一档，提高100元/件”，通行理解为第31—40件每件200元（默认100元）。",
        kind: SettingKind::Number {
            min: 0,
            max: 1000,
            unit: "元/件",
        },
    },
    Setting {
        key: "fee_choice",
        label: "两种计收方式均产生费用时",
        help: "办法由行政机关“根据实际情况”选择，默认按对申请人较低的金额计收；两种方式不得同时适用。",
        kind: SettingKind::FeeChoice,
    },
    Setting {
        key: "flag_window_days",
        label: "频繁申请（条例第三十五条）统计期间",
        help: "条例未规定期间，默认30日（含本次收到申请之日）。",
        kind: SettingKind::Number {
            min: 1,
            max: 366,
            unit: "日",
        },
    },
    Setting {
        key: "flag_max_in_window",
        label: "统计期间内不提示的申请件数",
        help: "超过该件数的申请被提示为可能的频繁申请，由工作人员判断（默认10件）。",
        kind: SettingKind::Number {
            min: 1,
            max: 1000,
            unit: "件",
        },
    },
    Setting {
        key: "flag_similarity",
        label: "可能的重复申请：申请内容相似度",
        help: "同一申请人的申请内容与已答复申请的相似度达到该值时提示（默认60%），由工作人员判断。",
        kind: SettingKind::Percent { min: 30, max: 100 },
    },
];

/// The form values of the fee choice.
pub const FEE_CHOICES: &[(&str, &str)] = &[
    ("lower_for_applicant", "按对申请人较低的金额"),
    ("prefer_by_count", "优先按件计收"),
    ("prefer_by_volume", "优先按量计收"),
];

fn fee_choice_key(c: FeeChoice) -> &'static str {
    match c {
        FeeChoice::LowerForApplicant => "lower_for_applicant",
        FeeChoice::PreferByCount => "prefer_by_count",
        FeeChoice::PreferByVolume => "prefer_by_volume",
    }
}

/// The setting called `key`.
pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

fn yuan_of(f: Fen) -> u64 {
    f.0 / 100
}

impl ApplicationSettings {
    /// The value of `key` as text (the stored and the form form); `None` for an unknown key.
    pub fn get(&self, key: &str) -> Option<String> {
        let c = &self.case;
        let f = &self.flags;
        Some(match key {
            "extension_within_period" => c.extension_within_period.to_string(),
            "refuse_late_correction_notice" => c.refuse_late_correction_notice.to_string(),
            "default_correction_period_wd" => c.default_correction_period_wd.to_string(),
            "pause_ends_at_consultation_due" => c.pause_ends_at_consultation_due.to_string(),
            "fee_pauses_clock" => c.fee_pauses_clock.to_string(),
            "fee_count_tier_step" => yuan_of(c.fee.count_tier_step).to_string(),
            "fee_choice" => fee_choice_key(c.fee.choice).to_string(),
            "flag_window_days" => f.window_days.to_string(),
            "flag_max_in_window" => f.max_in_window.to_string(),
            "flag_similarity" => ((f.similarity * 100.0).round() as u32).to_string(),
            _ => return None,
        })
    }

    /// Sets `key` from its text; a value out of range or of the wrong form is refused with a
    /// message for the form, and nothing changes.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let s = setting(key).ok_or_else(|| format!("未知的设置项：{key}"))?;
        let v = value.trim();
        match s.kind {
            SettingKind::Flag => {
                let b = match v {
                    "true" | "on" | "1" => true,
                    "false" | "off" | "0" | "" => false,
                    _ => return Err("请选择是或否".to_string()),
                };
                let c = &mut self.case;
                match key {
                    "extension_within_period" => c.extension_within_period = b,
                    "refuse_late_correction_notice" => c.refuse_late_correction_notice = b,
                    "pause_ends_at_consultation_due" => c.pause_ends_at_consultation_due = b,
                    "fee_pauses_clock" => c.fee_pauses_clock = b,
                    _ => unreachable!("every flag setting is listed"),
                }
            }
            SettingKind::Number { min, max, unit } => {
                let n = parse_in(v, min, max, unit)?;
                match key {
                    "default_correction_period_wd" => self.case.default_correction_period_wd = n,
                    "fee_count_tier_step" => self.case.fee.count_tier_step = Fen::yuan(n.into()),
                    "flag_window_days" => self.flags.window_days = n,
                    "flag_max_in_window" => self.flags.max_in_window = n,
                    _ => unreachable!("every number setting is listed"),
                }
            }
            SettingKind::Percent { min, max } => {
                let n = parse_in(v, min, max, "%")?;
                self.flags.similarity = f64::from(n) / 100.0;
            }
            SettingKind::FeeChoice => {
                self.case.fee.choice = match v {
                    "lower_for_applicant" => FeeChoice::LowerForApplicant,
                    "prefer_by_count" => FeeChoice::PreferByCount,
                    "prefer_by_volume" => FeeChoice::PreferByVolume,
                    _ => return Err("请选择一种计收方式".to_string()),
                };
            }
        }
        Ok(())
    }

    /// The defaults with `overrides` applied. A stored value that no longer parses (a setting
    /// whose range narrowed in a later version) is skipped and named in the second result, so
    /// the defaults apply to it rather than the case handling failing.
    pub fn from_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut s = ApplicationSettings::default();
        let mut skipped = Vec::new();
        for (k, v) in overrides {
            if s.set(k, v).is_err() {
                skipped.push(k.to_string());
            }
        }
        (s, skipped)
    }

    /// The keys whose value differs from the default, with their values (what is stored).
    pub fn overrides(&self) -> Vec<(&'static str, String)> {
        let d = ApplicationSettings::default();
        SETTINGS
            .iter()
            .filter_map(|s| {
                let v = self.get(s.key)?;
                (d.get(s.key).as_deref() != Some(v.as_str())).then_some((s.key, v))
            })
            .collect()
    }
}

fn parse_in(v: &str, min: u32, max: u32, unit: &str) -> Result<u32, String> {
    let n: u32 = v
        .parse()
        .map_err(|_| format!("请填写 {min}—{max} 之间的整数"))?;
    if !(min..=max).contains(&n) {
        return Err(format!("请填写 {min}—{max} 之间的整数（单位：{unit}）"));
    }
    Ok(n)
}

/// The text shown for a value (是/否, the fee choice's name, the number with its unit).
pub fn display(s: &Setting, value: &str) -> String {
    match s.kind {
        SettingKind::Flag => if value == "true" { "是" } else { "否" }.to_string(),
        SettingKind::Number { unit, .. } => format!("{value}{unit}"),
        SettingKind::Percent { .. } => format!("{value}%"),
        SettingKind::FeeChoice => FEE_CHOICES
            .iter()
            .find(|(k, _)| *k == value)
            .map_or(value, |(_, l)| l)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones_and_store_nothing() {
        let s = ApplicationSettings::default();
        assert_eq!(s.get("default_correction_period_wd").as_deref(), Some("15"));
        assert_eq!(s.get("fee_count_tier_step").as_deref(), Some("100"));
        assert_eq!(s.get("flag_similarity").as_deref(), Some("60"));
        assert_eq!(s.get("fee_choice").as_deref(), Some("lower_for_applicant"));
        assert!(s.overrides().is_empty());
        for st in SETTINGS {
            let v = s.get(st.key).expect("every listed setting has a value");
            let mut t = s.clone();
            t.set(st.key, &v).expect("the default value is valid");
            assert_eq!(t, s, "{} round-trips", st.key);
        }
    }

    #[test]
    fn a_change_is_applied_and_stored_as_an_override() {
        let mut s = ApplicationSettings::default();
        s.set("fee_pauses_clock", "false").unwrap();
        s.set("flag_max_in_window", "5").unwrap();
        s.set("flag_similarity", "75").unwrap();
        s.set("fee_count_tier_step", "50").unwrap();
        assert!(!s.case.fee_pauses_clock);
        assert_eq!(s.flags.max_in_window, 5);
        assert!((s.flags.similarity - 0.75).abs() < 1e-9);
        assert_eq!(s.case.fee.count_tier_step, Fen::yuan(50));
        // 31st application: 100 + 50.
        assert_eq!(s.case.fee.price_of_application(31), Fen::yuan(150));
        let o = s.overrides();
        assert_eq!(o.len(), 4);
        let (back, skipped) =
            ApplicationSettings::from_overrides(o.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(skipped.is_empty());
        assert_eq!(back, s);
    }

    #[test]
    fn bad_values_are_refused_and_change_nothing() {
        let mut s = ApplicationSettings::default();
        for (k, v) in [
            ("default_correction_period_wd", "0"),
            ("default_correction_period_wd", "61"),
            ("default_correction_period_wd", "十"),
            ("flag_similarity", "20"),
            ("flag_window_days", "-3"),
            ("fee_choice", "both"),
            ("fee_pauses_clock", "maybe"),
            ("reply_wd", "30"),
        ] {
            assert!(s.set(k, v).is_err(), "{k}={v} refused");
        }
        assert_eq!(s, ApplicationSettings::default());
        // The statutory periods are not settings.
        assert!(setting("reply_wd").is_none());
        assert!(setting("correction_notice_wd").is_none());
    }

    #[test]
    fn an_unparsable_stored_value_falls_back_to_the_default_and_is_named() {
        let (s, skipped) = ApplicationSettings::from_overrides([
            ("flag_window_days", "9999"),
            ("flag_max_in_window", "3"),
        ]);
        assert_eq!(skipped, vec!["flag_window_days".to_string()]);
        assert_eq!(s.flags.window_days, 30);
        assert_eq!(s.flags.max_in_window, 3);
    }
}
