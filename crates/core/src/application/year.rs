//! The counts of annual-report Table 3 for one year (regulations.md §2.4), from plain case records.
//!
//! A case counts by its dates alone:
//! * 一、本年新收: received in the year;
//! * 二、上年结转: received before the year and still open on 31 December of the year before;
//! * 三、本年度办理结果: got its outcome (reply or lapse; `closed_on`) in the year, in its outcome's row;
//! * 四、结转下年度继续办理: received by 31 December and open at its end.
//!
//! Each counted case is on exactly one left-side row (new or carried over) and exactly one
//! right-side row (handled or carried to next), so the printed rule 「第一项加第二项之和，等于第三项加
//! 第四项之和」 holds by construction; [`Table3::check`] verifies it and the other rules of §2.4 on any
//! table (e.g. one typed in by hand), and [`check_continuity`] compares consecutive years.

use super::applicant::ApplicantType;
use super::case::State;
use super::outcome::{Outcome, ReportFormat, ReportRow};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The six applicant columns and 总计.
pub type Counts = [u32; 7];

/// Index of the 总计 column.
pub const TOTAL: usize = 6;

/// The column headers in order.
pub fn column_labels() -> [&'static str; 7] {
    let mut l = [super::applicant::TOTAL_LABEL; 7];
    for t in ApplicantType::ALL {
        l[t.column()] = t.label();
    }
    l
}

/// The stable keys of the columns: the applicant types' keys, then `total`.
pub fn column_keys() -> [&'static str; 7] {
    let mut k = ["total"; 7];
    for t in ApplicantType::ALL {
        k[t.column()] = t.as_str();
    }
    k
}

/// A row named unambiguously: 「（三）不予公开/1.属于国家秘密」 rather than the bare level-3 text,
/// which repeats across groups.
pub fn row_path(row: ReportRow) -> String {
    match (row.level2(), row.level3()) {
        (Some(l2), Some(l3)) => format!("{l2}/{l3}"),
        _ => row.label().to_string(),
    }
}

/// What the annual report needs of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub applicant_type: ApplicantType,
    pub received_on: NaiveDate,
    /// `None` while the case is open.
    pub outcome: Option<Outcome>,
    /// The date of the outcome; present exactly when `outcome` is.
    pub closed_on: Option<NaiveDate>,
}

impl CaseRecord {
    /// The record of a case from its state (`None` before registration).
    pub fn from_state(applicant_type: ApplicantType, state: &State) -> Option<CaseRecord> {
        Some(CaseRecord {
            applicant_type,
            received_on: state.received_on?,
            outcome: state.outcome,
            closed_on: state.closed_on,
        })
    }

    pub fn validate(&self) -> Result<(), &'static str> {
        match (self.outcome, self.closed_on) {
            (Some(_), None) => Err("有办理结果但没有办结日期"),
            (None, Some(_)) => Err("有办结日期但没有办理结果"),
            (Some(_), Some(c)) if c < self.received_on => Err("办结日期早于收到申请日期"),
            _ => Ok(()),
        }
    }

    /// Open at the end of `date`.
    fn open_at_end_of(&self, date: NaiveDate) -> bool {
        self.received_on <= date && self.closed_on.is_none_or(|c| c > date)
    }
}

/// A record that cannot be counted; `index` is its position in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub index: usize,
    pub message: &'static str,
}

/// A failed rule of §2.4; `rule` is its number there (1–3).
///
/// `row` and `column` name the cell the rule is about: for rule 1 the column's
/// 「四、结转下年度继续办理」 cell (the balancing item), for rule 2 the column's 「（七）总计」 cell,
/// for rule 3 the row's 总计 cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityError {
    pub rule: u8,
    pub row: ReportRow,
    /// 0–6, as [`Counts`]; [`TOTAL`] is the 总计 column.
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Table 3 of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table3 {
    pub year: i32,
    pub format: ReportFormat,
    pub new_received: Counts,
    pub carried_over_from_prev: Counts,
    /// One entry per outcome (all 21, zeros included).
    pub handled: BTreeMap<Outcome, Counts>,
    pub total_handled: Counts,
    pub carried_to_next: Counts,
}

impl Table3 {
    pub fn handled(&self, o: Outcome) -> Counts {
        self.handled.get(&o).copied().unwrap_or_default()
    }

    /// The numbers of one printed row.
    pub fn row(&self, row: ReportRow) -> Counts {
        match row {
            ReportRow::NewReceived => self.new_received,
            ReportRow::CarriedOverFromPrev => self.carried_over_from_prev,
            ReportRow::Outcome(o) => self.handled(o),
            ReportRow::OtherCombined => add_all(
                Outcome::ALL
                    .into_iter()
                    .filter(|o| o.report_row(ReportFormat::Gbh2019_60) == row)
                    .map(|o| self.handled(o)),
            ),
            ReportRow::TotalHandled => self.total_handled,
            ReportRow::CarriedToNext => self.carried_to_next,
        }
    }

    /// Every row of the table's format, in printed order.
    pub fn rows(&self) -> Vec<(ReportRow, Counts)> {
        self.format
            .rows()
            .into_iter()
            .map(|r| (r, self.row(r)))
            .collect()
    }

    /// The rules of §2.4: (1) 新收 + 上年结转 = 总计 + 结转下年度, per column; (2) 总计 is the sum of
    /// the outcome rows, per column; (3) 总计 column is the sum of the six applicant columns.
    pub fn check(&self) -> Vec<IntegrityError> {
        let labels = column_labels();
        let mut errors = Vec::new();
        for (c, label) in labels.iter().enumerate() {
            let (a, b) = (self.new_received[c], self.carried_over_from_prev[c]);
            let (t, n) = (self.total_handled[c], self.carried_to_next[c]);
            if a + b != t + n {
                errors.push(IntegrityError {
                    rule: 1,
                    row: ReportRow::CarriedToNext,
                    column: c,
                    message: format!(
                        "“{label}”列勾稽关系不成立：本年新收{a} + 上年结转{b} = {}，办理结果总计{t} + 结转下年度{n} = {}",
                        a + b,
                        t + n
                    ),
                });
            }
            let sum: u32 = Outcome::ALL.iter().map(|o| self.handled(*o)[c]).sum();
            if sum != t {
                errors.push(IntegrityError {
                    rule: 2,
                    row: ReportRow::TotalHandled,
                    column: c,
                    message: format!("“{label}”列：（七）总计{t}不等于各项办理结果之和{sum}"),
                });
            }
        }
        for (row, counts) in self.rows() {
            let sum: u32 = counts[..TOTAL].iter().sum();
            if sum != counts[TOTAL] {
                errors.push(IntegrityError {
                    rule: 3,
                    row,
                    column: TOTAL,
                    message: format!(
                        "“{}”行：总计{}不等于各类申请人之和{sum}",
                        row_path(row),
                        counts[TOTAL]
                    ),
                });
            }
        }
        errors
    }
}

fn add_all(rows: impl Iterator<Item = Counts>) -> Counts {
    rows.fold([0; 7], |mut acc, r| {
        for (a, x) in acc.iter_mut().zip(r) {
            *a += x;
        }
        acc
    })
}

fn bump(counts: &mut Counts, t: ApplicantType) {
    counts[t.column()] += 1;
    counts[TOTAL] += 1;
}

/// Counts Table 3 of `year`. Years before 2019 use the 30号 layout (they had no national format).
/// Refuses records that are not coherent, listing every one.
pub fn year_counts(records: &[CaseRecord], year: i32) -> Result<Table3, Vec<RecordError>> {
    let errors: Vec<RecordError> = records
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            r.validate()
                .err()
                .map(|message| RecordError { index, message })
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let prev_end = NaiveDate::from_ymd_opt(year - 1, 12, 31).expect("valid date");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date");
    let mut t = Table3 {
        year,
        format: ReportFormat::for_year(year).unwrap_or(ReportFormat::Gbh2021_30),
        new_received: [0; 7],
        carried_over_from_prev: [0; 7],
        handled: Outcome::ALL.into_iter().map(|o| (o, [0; 7])).collect(),
        total_handled: [0; 7],
        carried_to_next: [0; 7],
    };
    for r in records {
        let ty = r.applicant_type;
        if r.received_on.year() == year {
            bump(&mut t.new_received, ty);
        } else if r.open_at_end_of(prev_end) {
            bump(&mut t.carried_over_from_prev, ty);
        }
        if let (Some(o), Some(_)) = (r.outcome, r.closed_on.filter(|c| c.year() == year)) {
            bump(t.handled.get_mut(&o).expect("every outcome has a row"), ty);
            bump(&mut t.total_handled, ty);
        }
        if r.open_at_end_of(end) {
            bump(&mut t.carried_to_next, ty);
        }
    }
    Ok(t)
}

/// The records behind one cell of Table 3 of `year` (its key `t3.{row}.{column}` as the report
/// grid gives it): their indexes in `records`, counted by the same rules as [`year_counts`], so
/// the list has exactly as many entries as the cell shows. `None` for a key of no Table 3 cell.
pub fn cell_members(records: &[CaseRecord], year: i32, key: &str) -> Option<Vec<usize>> {
    let rest = key.strip_prefix("t3.")?;
    let (row_key, column) = rest.rsplit_once('.')?;
    let column = column_keys().iter().position(|c| *c == column)?;
    let format = ReportFormat::for_year(year).unwrap_or(ReportFormat::Gbh2021_30);
    let row = format.rows().into_iter().find(|r| r.key() == row_key)?;
    let prev_end = NaiveDate::from_ymd_opt(year - 1, 12, 31)?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let closed_in_year = |r: &CaseRecord| r.closed_on.is_some_and(|c| c.year() == year);
    let in_row = |r: &CaseRecord| match row {
        ReportRow::NewReceived => r.received_on.year() == year,
        ReportRow::CarriedOverFromPrev => {
            r.received_on.year() != year && r.open_at_end_of(prev_end)
        }
        ReportRow::Outcome(o) => closed_in_year(r) && r.outcome == Some(o),
        ReportRow::OtherCombined => {
            closed_in_year(r)
                && r.outcome
                    .is_some_and(|o| o.report_row(ReportFormat::Gbh2019_60) == row)
        }
        ReportRow::TotalHandled => closed_in_year(r) && r.outcome.is_some(),
        ReportRow::CarriedToNext => r.open_at_end_of(end),
    };
    // The 总计 column counts every applicant type; the others one type each.
    let total = column_keys().iter().position(|c| *c == "total");
    let in_column = |r: &CaseRecord| Some(column) == total || r.applicant_type.column() == column;
    Some(
        records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.validate().is_ok() && in_row(r) && in_column(r))
            .map(|(i, _)| i)
            .collect(),
    )
}

/// A column where this year's 上年结转 differs from last year's 结转下年度 (rule 5 of §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContinuityGap {
    /// 0–6, as [`Counts`].
    pub column: usize,
    pub prev_year: i32,
    /// Last year's 「四、结转下年度继续办理」.
    pub prev_carried_to_next: u32,
    pub year: i32,
    /// This year's 「二、上年结转政府信息公开申请数量」.
    pub carried_over_from_prev: u32,
}

impl std::fmt::Display for ContinuityGap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "“{}”列：{}年上年结转{}与{}年结转下年度{}不一致",
            column_labels()[self.column],
            self.year,
            self.carried_over_from_prev,
            self.prev_year,
            self.prev_carried_to_next
        )
    }
}

/// Rule 5 of §2.4, column by column.
pub fn continuity_gaps(prev: &Table3, this: &Table3) -> Vec<ContinuityGap> {
    (0..7)
        .filter(|c| prev.carried_to_next[*c] != this.carried_over_from_prev[*c])
        .map(|column| ContinuityGap {
            column,
            prev_year: prev.year,
            prev_carried_to_next: prev.carried_to_next[column],
            year: this.year,
            carried_over_from_prev: this.carried_over_from_prev[column],
        })
        .collect()
}

/// Rule 5 of §2.4: this year's 上年结转 equals last year's 结转下年度. A warning only: published
/// reports sometimes deviate (corrections of earlier years).
pub fn check_continuity(prev: &Table3, this: &Table3) -> Vec<String> {
    continuity_gaps(prev, this)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicantType::*;
    use Outcome::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(t: ApplicantType, received: &str, closed: Option<(Outcome, &str)>) -> CaseRecord {
        CaseRecord {
            applicant_type: t,
            received_on: d(received),
            outcome: closed.map(|(o, _)| o),
            closed_on: closed.map(|(_, c)| d(c)),
        }
    }

    fn counts(pairs: &[(ApplicantType, u32)]) -> Counts {
        let mut c = [0; 7];
        for (t, n) in pairs {
            c[t.column()] += n;
            c[TOTAL] += n;
        }
        c
    }

    /// Ten cases spanning 2021–2024.
    fn cases() -> Vec<CaseRecord> {
        vec![
            rec(NaturalPerson, "2022-03-01", Some((Granted, "2022-03-20"))),
            rec(
                NaturalPerson,
                "2022-12-20",
                Some((PartiallyGranted, "2023-01-10")),
            ),
            rec(
                CommercialEnterprise,
                "2022-12-28",
                Some((DeniedThirdParty, "2024-02-01")),
            ),
            rec(
                NaturalPerson,
                "2023-05-05",
                Some((UnableNotHeld, "2023-05-20")),
            ),
            rec(LegalServiceOrg, "2023-12-25", None),
            rec(
                ResearchInstitution,
                "2023-06-01",
                Some((OtherNoCorrection, "2023-07-01")),
            ),
            rec(NaturalPerson, "2023-12-31", Some((Granted, "2023-12-31"))),
            rec(Other, "2024-01-01", Some((OtherFeeUnpaid, "2024-03-01"))),
            rec(PublicInterestOrg, "2024-12-31", None),
            rec(NaturalPerson, "2021-11-01", Some((Granted, "2022-01-05"))),
        ]
    }

    /// §2.4: rows 一、二、三、四 by hand for 2023, and the 勾稽关系 in every year.
    #[test]
    fn section_2_4_counts_over_three_years() {
        let all = cases();
        let t = year_counts(&all, 2023).unwrap();
        assert_eq!(t.format, ReportFormat::Gbh2021_30);
        assert_eq!(
            t.new_received,
            counts(&[
                (NaturalPerson, 2),
                (LegalServiceOrg, 1),
                (ResearchInstitution, 1)
            ])
        );
        assert_eq!(
            t.carried_over_from_prev,
            counts(&[(NaturalPerson, 1), (CommercialEnterprise, 1)])
        );
        assert_eq!(t.handled(PartiallyGranted), counts(&[(NaturalPerson, 1)]));
        assert_eq!(t.handled(UnableNotHeld), counts(&[(NaturalPerson, 1)]));
        assert_eq!(
            t.handled(Granted),
            counts(&[(NaturalPerson, 1)]),
            "closed on 12-31"
        );
        assert_eq!(
            t.handled(OtherNoCorrection),
            counts(&[(ResearchInstitution, 1)])
        );
        assert_eq!(
            t.total_handled,
            counts(&[(NaturalPerson, 3), (ResearchInstitution, 1)])
        );
        assert_eq!(
            t.carried_to_next,
            counts(&[(CommercialEnterprise, 1), (LegalServiceOrg, 1)])
        );
        assert_eq!(t.rows().len(), 25);
        assert_eq!(t.rows()[0], (ReportRow::NewReceived, t.new_received));

        let t2022 = year_counts(&all, 2022).unwrap();
        assert_eq!(t2022.new_received[TOTAL], 3);
        assert_eq!(t2022.carried_over_from_prev, counts(&[(NaturalPerson, 1)]));
        assert_eq!(t2022.handled(Granted), counts(&[(NaturalPerson, 2)]));
        assert_eq!(t2022.carried_to_next[TOTAL], 2);

        let t2024 = year_counts(&all, 2024).unwrap();
        assert_eq!(
            t2024.handled(DeniedThirdParty),
            counts(&[(CommercialEnterprise, 1)])
        );
        assert_eq!(t2024.handled(OtherFeeUnpaid), counts(&[(Other, 1)]));
        assert_eq!(
            t2024.carried_to_next,
            counts(&[(LegalServiceOrg, 1), (PublicInterestOrg, 1)])
        );

        for t in [&t2022, &t, &t2024] {
            assert_eq!(t.check(), [], "{}", t.year);
            for c in 0..7 {
                assert_eq!(
                    t.new_received[c] + t.carried_over_from_prev[c],
                    t.total_handled[c] + t.carried_to_next[c]
                );
            }
        }
        assert!(check_continuity(&t2022, &t).is_empty());
        assert!(check_continuity(&t, &t2024).is_empty());
        assert_eq!(check_continuity(&t2022, &t2024).len(), 2);
    }

    /// §2.4 60号 variant: in 2020 the three 其他处理 outcomes are one row.
    #[test]
    fn the_2020_report_uses_the_60_format() {
        let recs = [
            rec(
                NaturalPerson,
                "2020-03-01",
                Some((OtherFeeUnpaid, "2020-05-01")),
            ),
            rec(
                NaturalPerson,
                "2020-03-02",
                Some((OtherOther, "2020-04-01")),
            ),
            rec(Other, "2020-03-03", Some((Granted, "2020-04-01"))),
        ];
        let t = year_counts(&recs, 2020).unwrap();
        assert_eq!(t.format, ReportFormat::Gbh2019_60);
        let rows = t.rows();
        assert_eq!(rows.len(), 23);
        let other = rows
            .iter()
            .find(|(r, _)| *r == ReportRow::OtherCombined)
            .unwrap();
        assert_eq!(other.1, counts(&[(NaturalPerson, 2)]));
        assert!(t.check().is_empty());
    }

    #[test]
    fn incoherent_records_are_refused() {
        let mut bad = cases();
        bad.push(rec(
            NaturalPerson,
            "2023-05-05",
            Some((Granted, "2023-05-04")),
        ));
        bad.push(CaseRecord {
            outcome: Some(Granted),
            closed_on: None,
            ..bad[0]
        });
        bad.push(CaseRecord {
            outcome: None,
            closed_on: Some(d("2023-01-01")),
            ..bad[0]
        });
        let e = year_counts(&bad, 2023).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|e| (e.index, e.message)).collect();
        assert_eq!(
            got,
            [
                (10, "办结日期早于收到申请日期"),
                (11, "有办理结果但没有办结日期"),
                (12, "有办结日期但没有办理结果"),
            ]
        );
    }

    /// A table typed in by hand is checked against every rule.
    #[test]
    fn check_finds_broken_tables() {
        let mut t = year_counts(&cases(), 2023).unwrap();
        t.carried_to_next[NaturalPerson.column()] += 1;
        t.carried_to_next[TOTAL] += 1;
        let e = t.check();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].rule, 1);
        assert_eq!(
            e[0].message,
            "“自然人”列勾稽关系不成立：本年新收2 + 上年结转1 = 3，办理结果总计3 + 结转下年度1 = 4"
        );
        let mut t = year_counts(&cases(), 2023).unwrap();
        t.handled.get_mut(&Granted).unwrap()[TOTAL] = 5;
        let rules: Vec<u8> = t.check().iter().map(|e| e.rule).collect();
        assert_eq!(rules, [2, 3]);
        assert_eq!(
            t.check()[1].message,
            "“（一）予以公开”行：总计5不等于各类申请人之和1"
        );
    }

    #[test]
    fn a_record_from_a_case_state() {
        use crate::application::case::{Case, CaseRules, Event};
        use crate::application::receipt::{Channel, ReceiptBasis};
        use crate::calendar::Calendar;
        let cal = Calendar::builtin();
        let rules = CaseRules::default();
        let mut case = Case::new();
        assert!(CaseRecord::from_state(NaturalPerson, case.state()).is_none());
        case.record(
            Event::Registered {
                received_on: d("2024-12-30"),
                channel: Channel::InPerson,
                receipt_basis: ReceiptBasis::InPerson,
            },
            &cal,
            &rules,
        )
        .unwrap();
        let open = CaseRecord::from_state(NaturalPerson, case.state()).unwrap();
        assert_eq!(
            year_counts(&[open], 2024).unwrap().carried_to_next[TOTAL],
            1
        );
        case.record(
            Event::Replied {
                on: d("2025-01-06"),
                outcome: Granted,
            },
            &cal,
            &rules,
        )
        .unwrap();
        let closed = CaseRecord::from_state(NaturalPerson, case.state()).unwrap();
        let t = year_counts(&[closed], 2025).unwrap();
        assert_eq!(t.carried_over_from_prev[TOTAL], 1);
        assert_eq!(t.handled(Granted)[TOTAL], 1);
    }
}
