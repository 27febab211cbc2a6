//! The information-processing fee (信息处理费) of 国办函〔2020〕109号 (regulations.md §3).
//!
//! Two progressive (超额累进) schedules: per application (按件计收: the applicant's cumulative count
//! in one natural month) and per volume (按量计收: pages of one application). For one application the
//! agency applies one of them, never both (Art. 3). Amounts are integer fen ([`Fen`]), so sums are
//! exact. Every number is a field of [`FeeSchedule`] whose `Default` is the documented value:
//! the schedules are [V-copy], the reading of the count tiers above 30 (31–40 → 200 元) is [A].

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// An amount of money in fen (分). 100 fen = 1 元.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub u64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub const fn yuan(yuan: u64) -> Fen {
        Fen(yuan * 100)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::ops::Mul<u64> for Fen {
    type Output = Fen;
    fn mul(self, n: u64) -> Fen {
        Fen(self.0 * n)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

/// `83460.00元`.
impl std::fmt::Display for Fen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}元", self.0 / 100, self.0 % 100)
    }
}

/// How the agency chooses when both methods would charge something (the measures leave it to
/// the agency "according to the circumstances"; Art. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeChoice {
    /// The smaller amount (our default [A]: 便民, and no ground to charge more is written down).
    LowerForApplicant,
    PreferByCount,
    PreferByVolume,
}

/// Every number of the fee rules. `Default` is the schedule of 国办函〔2020〕109号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeSchedule {
    /// 按件: applications free in a natural month (Art. 4 (一): 10).
    pub count_free: u32,
    /// 按件: last application of the first paid tier (Art. 4 (二): 11–30).
    pub count_base_upto: u32,
    /// 按件: price per application in the first paid tier (100 元).
    pub count_base_price: Fen,
    /// 按件: size of each further tier (Art. 4 (三): 10 件).
    pub count_tier_size: u32,
    /// 按件: price increase per further tier (100 元/件; 31–40 → 200 元 is our reading [A]).
    pub count_tier_step: Fen,
    /// 按量: pages free per application (Art. 5 (一): 30).
    pub pages_free: u32,
    /// 按量: last page of the first paid tier (31–100).
    pub pages_tier1_upto: u32,
    /// 按量: price per page, 31–100 (10 元).
    pub pages_tier1_price: Fen,
    /// 按量: last page of the second paid tier (101–200).
    pub pages_tier2_upto: u32,
    /// 按量: price per page, 101–200 (20 元).
    pub pages_tier2_price: Fen,
    /// 按量: price per page from 201 (40 元).
    pub pages_above_price: Fen,
    /// Working days to pay, from the day after the notice is received (20) [V-copy].
    pub payment_period_wd: u32,
    /// Choice when both methods charge [A].
    pub choice: FeeChoice,
}

impl Default for FeeSchedule {
    fn default() -> Self {
        FeeSchedule {
            count_free: 10,
            count_base_upto: 30,
            count_base_price: Fen::yuan(100),
            count_tier_size: 10,
            count_tier_step: Fen::yuan(100),
            pages_free: 30,
            pages_tier1_upto: 100,
            pages_tier1_price: Fen::yuan(10),
            pages_tier2_upto: 200,
            pages_tier2_price: Fen::yuan(20),
            pages_above_price: Fen::yuan(40),
            payment_period_wd: 20,
            choice: FeeChoice::LowerForApplicant,
        }
    }
}

impl FeeSchedule {
    /// The price of the applicant's `k`-th application (1-based) of the natural month (§3.2).
    pub fn price_of_application(&self, k: u32) -> Fen {
        if k <= self.count_free {
            Fen::ZERO
        } else if k <= self.count_base_upto {
            self.count_base_price
        } else {
            let size = self.count_tier_size.max(1);
            let tiers = (k - self.count_base_upto).div_ceil(size);
            self.count_base_price + self.count_tier_step * u64::from(tiers)
        }
    }
}

/// 按件计收: the fee for `new` applications (件, after 一事一申请 splitting) by an applicant who
/// already made `prior_this_month` in the same natural month.
pub fn fee_by_count(schedule: &FeeSchedule, prior_this_month: u32, new: u32) -> Fen {
    (prior_this_month + 1..=prior_this_month + new)
        .map(|k| schedule.price_of_application(k))
        .sum()
}

/// 按量计收: the fee for one application providing `pages` pages (§3.2).
pub fn fee_by_pages(schedule: &FeeSchedule, pages: u32) -> Fen {
    let s = schedule;
    // Pages falling in [from, to] (both 1-based, inclusive).
    let band = |from: u32, to: u32| -> u64 {
        if pages < from {
            0
        } else {
            u64::from(pages.min(to) - from + 1)
        }
    };
    s.pages_tier1_price * band(s.pages_free + 1, s.pages_tier1_upto)
        + s.pages_tier2_price * band(s.pages_tier1_upto + 1, s.pages_tier2_upto)
        + s.pages_above_price * band(s.pages_tier2_upto + 1, u32::MAX)
}

/// Whether two receipt dates fall in the same natural month (the counting period of 按件计收;
/// the month of the receipt date is our reading [A]).
pub fn same_natural_month(a: NaiveDate, b: NaiveDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

/// The two methods of Art. 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeMethod {
    /// 按件计收
    ByCount,
    /// 按量计收
    ByVolume,
}

impl FeeMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ByCount => "by_count",
            Self::ByVolume => "by_volume",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ByCount => "按件计收",
            Self::ByVolume => "按量计收",
        }
    }
}

/// What is known of one application when deciding the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeeFacts {
    /// Applications (件) the applicant already made to this agency in this natural month.
    pub prior_this_month: u32,
    /// 件 this application counts for (at least 1; more when split by 一事一申请).
    pub count: u32,
    /// Pages provided, when the information is given as paper copies, by e-mail or as copied
    /// electronic data (the only case 按量计收 applies to, Art. 5); `None` otherwise.
    pub pages: Option<u32>,
    /// The information was already proactively disclosed and the applicant is told where to
    /// find it: no volume charge (the end of Art. 5 ¶1 is unread [U]; this is its likely sense).
    pub already_published: bool,
}

/// The method that applies, the amount, and why (in Chinese). `method` is `None` when nothing
/// is due. Charging remains the agency's decision (Art. 42: 「可以收取」).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeDecision {
    pub method: Option<FeeMethod>,
    pub amount: Fen,
    pub reason: String,
}

/// Chooses one method for one application (never both, Art. 3) and gives the reason.
pub fn choose_fee(schedule: &FeeSchedule, facts: &FeeFacts) -> FeeDecision {
    let count = facts.count.max(1);
    let by_count = fee_by_count(schedule, facts.prior_this_month, count);
    let first = facts.prior_this_month + 1;
    let last = facts.prior_this_month + count;
    let count_text = if count == 1 {
        format!("本申请为该申请人本自然月内第{first}件")
    } else {
        format!("本申请计{count}件，为该申请人本自然月内第{first}至{last}件")
    };
    let volume = match facts.pages {
        Some(_) if facts.already_published => {
            Err("所申请信息已主动公开，告知获取途径，不按量计收".to_string())
        }
        Some(p) => Ok((p, fee_by_pages(schedule, p))),
        None => Err("不以纸质件、电子邮件或复制电子数据方式提供，不适用按量计收".to_string()),
    };
    let count_part = if by_count.is_zero() {
        format!("{count_text}，未超过{}件免费范围", schedule.count_free)
    } else {
        format!("{count_text}，按件计收{by_count}")
    };
    let volume_part = match &volume {
        Err(why) => why.clone(),
        Ok((p, fee)) if fee.is_zero() => {
            format!("提供{p}页，未超过{}页免费范围", schedule.pages_free)
        }
        Ok((p, fee)) => format!("提供{p}页，按量计收{fee}"),
    };
    let by_volume = volume.as_ref().ok().map(|(_, f)| *f).unwrap_or(Fen::ZERO);
    let both = format!("{count_part}；{volume_part}");
    let (method, amount, why) = match (by_count.is_zero(), by_volume.is_zero()) {
        (true, true) => {
            return FeeDecision {
                method: None,
                amount: Fen::ZERO,
                reason: format!("{both}。不收取信息处理费。"),
            };
        }
        (false, true) => (FeeMethod::ByCount, by_count, "仅按件计收超出免费范围"),
        (true, false) => (FeeMethod::ByVolume, by_volume, "仅按量计收超出免费范围"),
        (false, false) => match schedule.choice {
            FeeChoice::PreferByCount => (FeeMethod::ByCount, by_count, "本机关规定优先按件计收"),
            FeeChoice::PreferByVolume => (FeeMethod::ByVolume, by_volume, "本机关规定优先按量计收"),
            FeeChoice::LowerForApplicant if by_volume < by_count => (
                FeeMethod::ByVolume,
                by_volume,
                "两种方式均超出免费范围，按有利于申请人的原则选择金额较低的按量计收",
            ),
            FeeChoice::LowerForApplicant => (
                FeeMethod::ByCount,
                by_count,
                "两种方式均超出免费范围，按有利于申请人的原则选择金额较低的按件计收",
            ),
        },
    };
    FeeDecision {
        method: Some(method),
        amount,
        reason: format!(
            "{both}。{why}，收取{amount}（不得同时按两种标准重复计算，国办函〔2020〕109号第三条）。"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> FeeSchedule {
        FeeSchedule::default()
    }

    /// §3.2: the reported 西安 case, 2,219 pages → 83,460 元.
    #[test]
    fn section_3_2_volume_worked_example() {
        assert_eq!(fee_by_pages(&s(), 2219), Fen::yuan(83_460));
        assert_eq!(fee_by_pages(&s(), 2219).to_string(), "83460.00元");
    }

    /// §3.2 按量 formula at every tier boundary.
    #[test]
    fn section_3_2_volume_tiers() {
        for (pages, yuan) in [
            (0, 0),
            (30, 0),
            (31, 10),
            (100, 700),
            (101, 720),
            (200, 2700),
            (201, 2740),
            (250, 2700 + 40 * 50),
        ] {
            assert_eq!(fee_by_pages(&s(), pages), Fen::yuan(yuan), "{pages} pages");
        }
    }

    /// §3.1 Art. 4 and §3.2 按件: ≤10 free, 11–30 100 元, 31–40 200 元, 41–50 300 元, 51–60 400 元.
    #[test]
    fn section_3_2_count_tiers() {
        let sch = s();
        for (k, yuan) in [
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
            (60, 400),
            (61, 500),
        ] {
            assert_eq!(sch.price_of_application(k), Fen::yuan(yuan), "k = {k}");
        }
        assert_eq!(fee_by_count(&sch, 0, 10), Fen::ZERO);
        assert_eq!(fee_by_count(&sch, 0, 11), Fen::yuan(100));
        assert_eq!(fee_by_count(&sch, 10, 20), Fen::yuan(2000));
        assert_eq!(fee_by_count(&sch, 0, 30), Fen::yuan(2000));
        assert_eq!(fee_by_count(&sch, 30, 10), Fen::yuan(2000));
        assert_eq!(fee_by_count(&sch, 0, 41), Fen::yuan(2000 + 2000 + 300));
        // Marginal: the 11th application of the month costs 100 元 whoever filed the others.
        assert_eq!(fee_by_count(&sch, 10, 1), Fen::yuan(100));
        assert_eq!(fee_by_count(&sch, 5, 0), Fen::ZERO);
    }

    #[test]
    fn only_one_method_is_ever_charged() {
        let sch = s();
        // Within both free ranges.
        let d = choose_fee(
            &sch,
            &FeeFacts {
                prior_this_month: 2,
                count: 1,
                pages: Some(20),
                already_published: false,
            },
        );
        assert_eq!((d.method, d.amount), (None, Fen::ZERO));
        assert!(d.reason.contains("不收取信息处理费"), "{}", d.reason);

        // Only the page count exceeds.
        let d = choose_fee(
            &sch,
            &FeeFacts {
                prior_this_month: 0,
                count: 1,
                pages: Some(2219),
                already_published: false,
            },
        );
        assert_eq!(d.method, Some(FeeMethod::ByVolume));
        assert_eq!(d.amount, Fen::yuan(83_460));
        assert!(
            d.reason.contains("提供2219页，按量计收83460.00元"),
            "{}",
            d.reason
        );

        // Only the monthly count exceeds; no paper copies.
        let d = choose_fee(
            &sch,
            &FeeFacts {
                prior_this_month: 12,
                count: 1,
                pages: None,
                already_published: false,
            },
        );
        assert_eq!(
            (d.method, d.amount),
            (Some(FeeMethod::ByCount), Fen::yuan(100))
        );
        assert!(d.reason.contains("第13件"), "{}", d.reason);

        // Both exceed: 100 元 by count against 700 元 by volume; the lower, not the sum.
        let facts = FeeFacts {
            prior_this_month: 10,
            count: 1,
            pages: Some(100),
            already_published: false,
        };
        let d = choose_fee(&sch, &facts);
        assert_eq!(
            (d.method, d.amount),
            (Some(FeeMethod::ByCount), Fen::yuan(100))
        );
        assert!(
            d.reason.contains("不得同时按两种标准重复计算"),
            "{}",
            d.reason
        );
        let d = choose_fee(
            &FeeSchedule {
                choice: FeeChoice::PreferByVolume,
                ..s()
            },
            &facts,
        );
        assert_eq!(
            (d.method, d.amount),
            (Some(FeeMethod::ByVolume), Fen::yuan(700))
        );

        // Already proactively published: no volume charge.
        let d = choose_fee(
            &sch,
            &FeeFacts {
                prior_this_month: 0,
                count: 1,
                pages: Some(500),
                already_published: true,
            },
        );
        assert_eq!(d.method, None);
        assert!(d.reason.contains("已主动公开"), "{}", d.reason);
    }

    #[test]
    fn natural_months() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(same_natural_month(d("2024-03-01"), d("2024-03-31")));
        assert!(!same_natural_month(d("2024-03-31"), d("2024-04-01")));
        assert!(!same_natural_month(d("2023-03-01"), d("2024-03-01")));
    }
}
