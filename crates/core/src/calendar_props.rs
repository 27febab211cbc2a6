//! Property tests of the working-day calendar (`calendar.rs`): for any start date (in covered
//! years and in the provisional years around them) and any period, the due date is a working
//! day, a longer period never ends earlier, and the explanation's steps account for exactly the
//! N counted days.

use crate::calendar::{Calendar, Step};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use std::sync::OnceLock;

fn cal() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

/// Any date from 2014-01-01 to 2027-12-31: the built-in years and one year without data on each
/// side.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
    (0..=(last - first).num_days()).prop_map(move |n| first + Duration::days(n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_due_date_is_a_working_day(start in any_date(), n in 1u32..=80) {
        let d = cal().add_working_days(start, n);
        prop_assert!(cal().is_working_day(d.due), "{start} + {n} = {}", d.due);
        prop_assert!(d.due > start);
    }

    #[test]
    fn more_days_never_end_earlier(start in any_date(), n in 0u32..=60, extra in 0u32..=60) {
        let a = cal().add_working_days(start, n).due;
        let b = cal().add_working_days(start, n + extra).due;
        prop_assert!(a <= b);
        if extra > 0 {
            prop_assert!(a < b, "every counted day is a distinct later day");
        }
    }

    #[test]
    fn the_explanation_counts_n_days(start in any_date(), n in 0u32..=80) {
        let d = cal().add_working_days(start, n);
        // Every day after the start up to the due date is either counted or a skipped step.
        let elapsed = (d.due - start).num_days();
        let skipped = d
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Holiday { .. } | Step::Weekend { .. }))
            .count() as i64;
        prop_assert_eq!(elapsed - skipped, i64::from(n));
        // The same by asking the calendar day by day.
        let counted = (1..=elapsed)
            .filter(|i| cal().is_working_day(start + Duration::days(*i)))
            .count() as i64;
        prop_assert_eq!(counted, i64::from(n));
        // Make-up days listed in the explanation are counted, skipped days are not.
        for s in &d.steps {
            match s {
                Step::MakeUpWorkday { date, .. } => prop_assert!(cal().is_working_day(*date)),
                Step::Holiday { date, .. } | Step::Weekend { date } => {
                    prop_assert!(!cal().is_working_day(*date))
                }
            }
        }
        let first = &d.explain()[0];
        let expected = format!("自 {start} 起算 {n} 个工作日（起算日不计），至 {}", d.due);
        prop_assert!(first.starts_with(&expected), "{}", first);
        // Years without data, and only those, are reported as provisional.
        let uncovered: Vec<i32> = (1..=elapsed)
            .map(|i| chrono::Datelike::year(&(start + Duration::days(i))))
            .filter(|y| !cal().covers(*y))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        prop_assert_eq!(&d.provisional_years, &uncovered);
    }
}
