//! The working-day calendar (工作日) and the counting of statutory periods.
//!
//! A working day is Monday–Friday unless listed as a holiday, plus any weekend day listed as a
//! make-up working day (调休上班). Periods are counted with the start day excluded; the N-th
//! working day after it is the last day (regulations.md §1.4.11, mirroring 民事诉讼法 第八十五条).
//! The calendar is versioned data: the years 2015–2026 ship with the product (`data/cn-holidays.csv`)
//! and each year's official arrangement is loaded when published. A date in a year without data is
//! never silently treated as "weekdays only": the result is marked provisional.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

const BUILTIN: &str = include_str!("../data/cn-holidays.csv");

/// What the official arrangement says of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// A day off of a holiday period (named after the festival).
    Holiday(String),
    /// A weekend day that is an official working day (named after the festival it belongs to).
    Workday(String),
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, DayKind>,
    years: BTreeSet<i32>,
}

/// A rejected line of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Why a day was not counted, or counted although on a weekend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Holiday { date: NaiveDate, name: String },
    Weekend { date: NaiveDate },
    MakeUpWorkday { date: NaiveDate, name: String },
}

/// A computed last day with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub start: NaiveDate,
    pub working_days: u32,
    pub due: NaiveDate,
    /// Holidays skipped and make-up days counted between the start and the due date.
    pub steps: Vec<Step>,
    /// Years reached that have no official data: the date assumes plain weekdays there and must
    /// be shown as provisional until the year's arrangement is loaded.
    pub provisional_years: Vec<i32>,
}

impl Calendar {
    /// The arrangement of 2015–2026 that ships with the product.
    pub fn builtin() -> Calendar {
        Calendar::from_csv(BUILTIN).expect("the built-in calendar parses")
    }

    /// Parses `date,kind,name` lines (a header line is allowed); `kind` is `holiday` or `workday`.
    /// Every year that appears counts as covered.
    pub fn from_csv(text: &str) -> Result<Calendar, Vec<CsvError>> {
        let mut cal = Calendar::default();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim().trim_start_matches('\u{feff}');
            if l.is_empty() || (line == 1 && l.starts_with("date")) {
                continue;
            }
            let cols: Vec<&str> = l.split(',').map(str::trim).collect();
            let err = |m: &str| CsvError {
                line,
                message: m.to_string(),
            };
            if cols.len() < 2 {
                errors.push(err("每行应为：日期,类型,节日名称"));
                continue;
            }
            let Ok(date) = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d") else {
                errors.push(err("日期格式应为 YYYY-MM-DD"));
                continue;
            };
            let name = cols.get(2).copied().unwrap_or("").to_string();
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let kind = match cols[1] {
                "holiday" => DayKind::Holiday(name),
                "workday" if weekend => DayKind::Workday(name),
                "workday" => {
                    errors.push(err("调休上班日应为周六或周日"));
                    continue;
                }
                _ => {
                    errors.push(err("类型应为 holiday 或 workday"));
                    continue;
                }
            };
            if cal.days.insert(date, kind).is_some() {
                errors.push(err("日期重复"));
            }
            cal.years.insert(date.year());
        }
        if errors.is_empty() {
            Ok(cal)
        } else {
            Err(errors)
        }
    }

    /// Replaces the given years with `other`'s data for them (loading a year's arrangement).
    pub fn merge_years(&mut self, other: &Calendar) {
        for y in &other.years {
            self.days.retain(|d, _| d.year() != *y);
            self.years.insert(*y);
        }
        self.days
            .extend(other.days.iter().map(|(d, k)| (*d, k.clone())));
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The listed days in date order (to store a loaded arrangement).
    pub fn days(&self) -> impl Iterator<Item = (NaiveDate, &DayKind)> + '_ {
        self.days.iter().map(|(d, k)| (*d, k))
    }

    /// A calendar from stored days; `years` are the covered years (a year may list no day).
    pub fn from_days(
        years: impl IntoIterator<Item = i32>,
        days: Vec<(NaiveDate, DayKind)>,
    ) -> Calendar {
        Calendar {
            days: days.into_iter().collect(),
            years: years.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some(DayKind::Workday(_)) => true,
            Some(DayKind::Holiday(_)) => false,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `start` (the start day itself is not counted).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Deadline {
        let mut d = start;
        let mut counted = 0;
        let mut steps = Vec::new();
        let mut provisional = BTreeSet::new();
        while counted < n {
            d += Duration::days(1);
            if !self.covers(d.year()) {
                provisional.insert(d.year());
            }
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            match self.days.get(&d) {
                Some(DayKind::Holiday(name)) => steps.push(Step::Holiday {
                    date: d,
                    name: name.clone(),
                }),
                Some(DayKind::Workday(name)) => {
                    counted += 1;
                    steps.push(Step::MakeUpWorkday {
                        date: d,
                        name: name.clone(),
                    });
                }
                None if weekend => steps.push(Step::Weekend { date: d }),
                None => counted += 1,
            }
        }
        Deadline {
            start,
            working_days: n,
            due: d,
            steps,
            provisional_years: provisional.into_iter().collect(),
        }
    }
}

impl Deadline {
    /// The explanation shown to staff, in Chinese, e.g.
    /// `自 2026-02-10 起算 20 个工作日（起算日不计），至 2026-03-16 止。跳过：春节 02-15至02-23；…`
    pub fn explain(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "自 {} 起算 {} 个工作日（起算日不计），至 {}（{}）止。",
            self.start,
            self.working_days,
            self.due,
            weekday_cn(self.due)
        )];
        // Consecutive holidays of one festival are shown as one range.
        let mut holidays: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
        let mut weekends = 0;
        let mut make_up = Vec::new();
        for s in &self.steps {
            match s {
                Step::Holiday { date, name } => match holidays.last_mut() {
                    Some((n, _, to))
                        if n == name && *to + Duration::days(1) >= *date - Duration::days(2) =>
                    {
                        *to = *date
                    }
                    _ => holidays.push((name.clone(), *date, *date)),
                },
                Step::Weekend { .. } => weekends += 1,
                Step::MakeUpWorkday { date, name } => {
                    make_up.push(format!("{}（{}调休上班）", date.format("%m-%d"), name))
                }
            }
        }
        if !holidays.is_empty() {
            let parts: Vec<String> = holidays
                .iter()
                .map(|(n, a, b)| {
                    if a == b {
                        format!("{n} {}", a.format("%m-%d"))
                    } else {
                        format!("{n} {}至{}", a.format("%m-%d"), b.format("%m-%d"))
                    }
                })
                .collect();
            lines.push(format!("跳过法定节假日：{}。", parts.join("；")));
        }
        if weekends > 0 {
            lines.push(format!("跳过周末 {weekends} 天。"));
        }
        if !make_up.is_empty() {
            lines.push(format!("计入调休上班日：{}。", make_up.join("、")));
        }
        if !self.provisional_years.is_empty() {
            let ys: Vec<String> = self
                .provisional_years
                .iter()
                .map(|y| format!("{y}年"))
                .collect();
            lines.push(format!(
                "注意：{}的节假日安排尚未载入，该期限暂按周一至周五计算，载入后将重新计算。",
                ys.join("、")
            ));
        }
        lines
    }
}

fn weekday_cn(d: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The worked examples of regulations.md §1.4.11.
    #[test]
    fn the_worked_examples() {
        let cal = Calendar::builtin();
        for (from, n, due) in [
            ("2024-09-27", 20, "2024-10-30"),
            ("2024-09-27", 40, "2024-11-27"),
            ("2024-12-20", 20, "2025-01-20"),
            ("2025-01-20", 20, "2025-02-21"),
            ("2026-02-10", 7, "2026-02-26"),
            ("2026-02-10", 20, "2026-03-16"),
        ] {
            let d = cal.add_working_days(date(from), n);
            assert_eq!(d.due, date(due), "{from} + {n}");
            assert!(d.provisional_years.is_empty());
        }
    }

    #[test]
    fn make_up_days_count_and_holidays_do_not() {
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(date("2024-09-29")), "Sunday make-up day");
        assert!(!cal.is_working_day(date("2024-10-01")));
        assert!(!cal.is_working_day(date("2024-10-05")));
        assert!(cal.is_working_day(date("2024-10-08")));
        let d = cal.add_working_days(date("2026-02-10"), 20);
        let text = d.explain().join("\n");
        assert!(text.contains("至 2026-03-16（周一）止"), "{text}");
        assert!(text.contains("春节 02-15至02-23"), "{text}");
        assert!(
            text.contains("02-14（春节调休上班）") && text.contains("02-28（春节调休上班）"),
            "{text}"
        );
    }

    #[test]
    fn a_year_without_data_makes_the_date_provisional() {
        let cal = Calendar::builtin();
        assert!(cal.covers(2026) && !cal.covers(2027));
        let d = cal.add_working_days(date("2026-12-15"), 20);
        assert_eq!(d.provisional_years, vec![2027]);
        assert!(d.explain().join("").contains("2027年的节假日安排尚未载入"));
        // Loading the year's arrangement makes it final (and can move it).
        let y2027 = Calendar::from_csv("date,kind,name\n2027-01-01,holiday,元旦\n").unwrap();
        let mut cal = cal;
        cal.merge_years(&y2027);
        let d2 = cal.add_working_days(date("2026-12-15"), 20);
        assert!(d2.provisional_years.is_empty());
        assert_eq!(
            d2.due,
            d.due + Duration::days(1),
            "2027-01-01 is now a holiday"
        );
    }

    #[test]
    fn bad_calendar_lines_are_reported() {
        let e = Calendar::from_csv(
            "date,kind,name\n2027-02-30,holiday,春节\n2027-01-04,workday,元旦\n2027-01-05,rest,x\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert_eq!(e[1].message, "调休上班日应为周六或周日");
    }

    #[test]
    fn the_builtin_data_is_complete() {
        let cal = Calendar::builtin();
        assert_eq!(
            cal.years().collect::<Vec<_>>(),
            (2015..=2026).collect::<Vec<_>>()
        );
        assert_eq!(cal.days.len(), 411);
    }
}
