//! Tracking a saved plan's tasks: the status shown (未开始 / 进行中 / 已完成 / 已逾期), the
//! completion review, reminders before deadlines and the counts per part and per unit.
//!
//! Status is derived, never stored: a task is 已完成 once the disclosure office has accepted a
//! completion report (the date of acceptance is its completion date); otherwise it is 已逾期 the
//! day after it was due, 进行中 once a responsible unit has recorded progress, else 未开始.
//! "Today" is a parameter.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Overdue,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Done,
        Self::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "未开始",
            Self::InProgress => "进行中",
            Self::Done => "已完成",
            Self::Overdue => "已逾期",
        }
    }
}

/// What a task's status is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskFacts {
    pub due: NaiveDate,
    /// Progress entries recorded (completion reports included).
    pub progress: usize,
    /// The date the office accepted its completion.
    pub completed_on: Option<NaiveDate>,
}

impl TaskFacts {
    pub fn status(&self, today: NaiveDate) -> TaskStatus {
        if self.completed_on.is_some() {
            TaskStatus::Done
        } else if today > self.due {
            TaskStatus::Overdue
        } else if self.progress > 0 {
            TaskStatus::InProgress
        } else {
            TaskStatus::NotStarted
        }
    }

    /// Completed by its due date.
    pub fn on_time(&self) -> bool {
        self.completed_on.is_some_and(|d| d <= self.due)
    }
}

/// The office's decision on a completion report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 确认完成.
    Accept,
    /// 退回: the unit is told why and goes on.
    Return,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Accept, Self::Return]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Accept => "确认完成",
            Self::Return => "退回",
        }
    }
}

/// Checks a completion review before it is recorded: there must be a report waiting (the last
/// completion report is newer than the last decision), the task must not be completed already,
/// and a return needs its reason.
pub fn check_review(
    pending_report: bool,
    completed: bool,
    decision: Decision,
    note: &str,
) -> Result<(), &'static str> {
    if completed {
        return Err("该任务已确认完成");
    }
    if !pending_report {
        return Err("责任单位尚未报告完成，不能审核");
    }
    if decision == Decision::Return && note.trim().is_empty() {
        return Err("退回须写明理由");
    }
    Ok(())
}

/// Checks a progress entry before it is recorded.
pub fn check_progress(
    text: &str,
    happened_on: NaiveDate,
    today: NaiveDate,
    completed: bool,
) -> Result<(), (&'static str, &'static str)> {
    if completed {
        return Err(("text", "该任务已确认完成，不能再报送进展"));
    }
    let n = text.trim().chars().count();
    if n == 0 {
        return Err(("text", "请填写进展情况"));
    }
    if n > 5000 {
        return Err(("text", "进展情况不超过5000字"));
    }
    if happened_on > today {
        return Err(("happened_on", "进展日期不能晚于今天"));
    }
    Ok(())
}

/// A reminder the back office shows to the units of a task that is not completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reminder {
    /// Due in `days` calendar days (0: today).
    DueSoon { days: i64 },
    /// `days` days past its due date.
    Overdue { days: i64 },
}

impl Reminder {
    pub fn text(&self) -> String {
        match self {
            Self::DueSoon { days: 0 } => "今天到期".to_string(),
            Self::DueSoon { days } => format!("{days}天后到期"),
            Self::Overdue { days } => format!("已逾期{days}天"),
        }
    }
}

/// How many days before its due date a task is shown as due soon. Not set by any rule: the
/// product's choice, a week.
pub const REMINDER_WINDOW_DAYS: i64 = 7;

/// The reminder for a task: due within `window` days, or overdue.
pub fn reminder(facts: &TaskFacts, today: NaiveDate, window: i64) -> Option<Reminder> {
    if facts.completed_on.is_some() {
        return None;
    }
    let days = (facts.due - today).num_days();
    if days < 0 {
        Some(Reminder::Overdue { days: -days })
    } else if days <= window {
        Some(Reminder::DueSoon { days })
    } else {
        None
    }
}

/// Counts of tasks by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
    pub overdue: usize,
    /// Completed by their due date (a part of `done`).
    pub done_on_time: usize,
}

impl Counts {
    pub fn add(&mut self, facts: &TaskFacts, today: NaiveDate) {
        self.total += 1;
        match facts.status(today) {
            TaskStatus::NotStarted => self.not_started += 1,
            TaskStatus::InProgress => self.in_progress += 1,
            TaskStatus::Done => self.done += 1,
            TaskStatus::Overdue => self.overdue += 1,
        }
        if facts.on_time() {
            self.done_on_time += 1;
        }
    }

    /// Share completed, in whole percent; `None` without tasks.
    pub fn done_percent(&self) -> Option<u32> {
        (self.total > 0).then(|| (self.done * 100 / self.total) as u32)
    }
}

/// One task as the summaries see it.
#[derive(Debug, Clone)]
pub struct TaskLine {
    /// The part's number and title (`一`, `深化重点领域信息公开`); empty number for an implicit part.
    pub part: (String, String),
    /// The units the task is counted under: lead and responsible units, each once.
    pub units: Vec<String>,
    pub facts: TaskFacts,
}

/// Counts per part (in the order first met) and per unit (most tasks first, then by name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub all: Counts,
    pub parts: Vec<(String, String, Counts)>,
    pub units: Vec<(String, Counts)>,
}

pub fn summarize(lines: &[TaskLine], today: NaiveDate) -> Summary {
    let mut s = Summary::default();
    for l in lines {
        s.all.add(&l.facts, today);
        match s
            .parts
            .iter_mut()
            .find(|(n, t, _)| (n, t) == (&l.part.0, &l.part.1))
        {
            Some((_, _, c)) => c.add(&l.facts, today),
            None => {
                let mut c = Counts::default();
                c.add(&l.facts, today);
                s.parts.push((l.part.0.clone(), l.part.1.clone(), c));
            }
        }
        let mut seen: Vec<&String> = Vec::new();
        for u in &l.units {
            if seen.contains(&u) {
                continue;
            }
            seen.push(u);
            match s.units.iter_mut().find(|(n, _)| n == u) {
                Some((_, c)) => c.add(&l.facts, today),
                None => {
                    let mut c = Counts::default();
                    c.add(&l.facts, today);
                    s.units.push((u.clone(), c));
                }
            }
        }
    }
    s.units
        .sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    s
}

/// The 贯彻落实情况 paragraph offered to the annual report's section 六: the plan's tasks and
/// how many are completed (on time), under way and overdue, then part by part.
pub fn implementation_text(title: &str, summary: &Summary) -> String {
    let a = &summary.all;
    let title = title.trim();
    let named = if title.is_empty() {
        "本年度政务公开工作要点".to_string()
    } else {
        format!("《{title}》")
    };
    if a.total == 0 {
        return format!("{named}未列出工作任务。");
    }
    let mut s = format!(
        "对照{named}，逐项分解落实{}项工作任务，已完成{}项（其中按期完成{}项）",
        a.total, a.done, a.done_on_time
    );
    let open = a.in_progress + a.not_started;
    if open > 0 {
        s.push_str(&format!("，正在推进{open}项"));
    }
    if a.overdue > 0 {
        s.push_str(&format!("，逾期未完成{}项", a.overdue));
    }
    s.push('。');
    let named_parts: Vec<_> = summary
        .parts
        .iter()
        .filter(|(_, t, _)| !t.trim().is_empty())
        .collect();
    if named_parts.len() > 1 {
        let list: Vec<String> = named_parts
            .iter()
            .map(|(_, t, c)| format!("“{}”{}项任务完成{}项", t.trim(), c.total, c.done))
            .collect();
        s.push_str(&format!("其中，{}。", list.join("；")));
    }
    if a.overdue > 0 {
        s.push_str("对逾期未完成的任务，已督促责任单位加快推进。");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(due: &str, progress: usize, completed: Option<&str>) -> TaskFacts {
        TaskFacts {
            due: d(due),
            progress,
            completed_on: completed.map(d),
        }
    }

    #[test]
    fn status_by_progress_completion_and_date() {
        let today = d("2024-06-30");
        assert_eq!(
            facts("2024-06-30", 0, None).status(today),
            TaskStatus::NotStarted
        );
        assert_eq!(
            facts("2024-06-30", 2, None).status(today),
            TaskStatus::InProgress
        );
        // The day after the due date, without an accepted completion.
        assert_eq!(
            facts("2024-06-30", 2, None).status(d("2024-07-01")),
            TaskStatus::Overdue
        );
        assert_eq!(
            facts("2024-06-30", 0, None).status(d("2024-07-01")),
            TaskStatus::Overdue
        );
        let late = facts("2024-06-30", 1, Some("2024-07-05"));
        assert_eq!(late.status(d("2024-08-01")), TaskStatus::Done);
        assert!(!late.on_time());
        assert!(facts("2024-06-30", 1, Some("2024-06-30")).on_time());
    }

    #[test]
    fn reviews_need_a_waiting_report_and_a_reason_to_return() {
        assert!(check_review(true, false, Decision::Accept, "").is_ok());
        assert_eq!(
            check_review(false, false, Decision::Accept, ""),
            Err("责任单位尚未报告完成，不能审核")
        );
        assert_eq!(
            check_review(true, false, Decision::Return, " "),
            Err("退回须写明理由")
        );
        assert!(check_review(true, false, Decision::Return, "佐证材料不全").is_ok());
        assert_eq!(
            check_review(true, true, Decision::Accept, ""),
            Err("该任务已确认完成")
        );
    }

    #[test]
    fn progress_entries_are_checked() {
        let today = d("2024-05-10");
        assert!(check_progress("已完成初稿", today, today, false).is_ok());
        assert_eq!(
            check_progress(" ", today, today, false).unwrap_err().0,
            "text"
        );
        assert_eq!(
            check_progress("x", d("2024-05-11"), today, false)
                .unwrap_err()
                .0,
            "happened_on"
        );
        assert!(check_progress("x", today, today, true).is_err());
        assert!(check_progress(&"字".repeat(5001), today, today, false).is_err());
    }

    #[test]
    fn reminders_within_the_window_and_after_the_due_date() {
        let f = facts("2024-06-30", 0, None);
        assert_eq!(reminder(&f, d("2024-06-22"), 7), None);
        assert_eq!(
            reminder(&f, d("2024-06-23"), 7),
            Some(Reminder::DueSoon { days: 7 })
        );
        assert_eq!(
            reminder(&f, d("2024-06-30"), 7),
            Some(Reminder::DueSoon { days: 0 })
        );
        assert_eq!(
            reminder(&f, d("2024-07-03"), 7),
            Some(Reminder::Overdue { days: 3 })
        );
        assert_eq!(Reminder::Overdue { days: 3 }.text(), "已逾期3天");
        let done = facts("2024-06-30", 1, Some("2024-06-01"));
        assert_eq!(reminder(&done, d("2024-06-29"), 7), None);
    }

    fn line(part: &str, units: &[&str], f: TaskFacts) -> TaskLine {
        TaskLine {
            part: (part.to_string(), format!("第{part}部分")),
            units: units.iter().map(|s| s.to_string()).collect(),
            facts: f,
        }
    }

    #[test]
    fn summary_per_part_and_unit_and_the_report_text() {
        let today = d("2024-12-31");
        let lines = vec![
            line(
                "一",
                &["办公室"],
                facts("2024-06-30", 1, Some("2024-06-20")),
            ),
            line(
                "一",
                &["办公室", "救助处", "办公室"],
                facts("2024-06-30", 1, Some("2024-07-10")),
            ),
            line("二", &["救助处"], facts("2024-12-31", 2, None)),
            line("二", &["养老服务处"], facts("2024-10-31", 0, None)),
        ];
        let s = summarize(&lines, today);
        assert_eq!(s.all.total, 4);
        assert_eq!(s.all.done, 2);
        assert_eq!(s.all.done_on_time, 1);
        assert_eq!(s.all.in_progress, 1);
        assert_eq!(s.all.overdue, 1);
        assert_eq!(s.all.done_percent(), Some(50));
        assert_eq!(s.parts.len(), 2);
        assert_eq!(s.parts[0].2.done, 2);
        assert_eq!(s.parts[1].2.overdue, 1);
        // A unit named twice in one task counts the task once; most tasks first.
        assert_eq!(s.units[0].0, "办公室");
        assert_eq!(s.units[0].1.total, 2);
        assert_eq!(s.units[1].0, "救助处");
        assert_eq!(s.units[1].1.total, 2);
        assert_eq!(s.units[2].0, "养老服务处");

        let text = implementation_text("2024年政务公开工作要点", &s);
        assert_eq!(
            text,
            "对照《2024年政务公开工作要点》，逐项分解落实4项工作任务，已完成2项（其中按期完成1项），\
             正在推进1项，逾期未完成1项。其中，“第一部分”2项任务完成2项；“第二部分”2项任务完成0项。\
             对逾期未完成的任务，已督促责任单位加快推进。"
        );
        assert_eq!(
            implementation_text("", &Summary::default()),
            "本年度政务公开工作要点未列出工作任务。"
        );
    }
}
