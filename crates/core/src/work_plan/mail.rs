//! The e-mail reminding a department's staff of a work-plan task that is due soon or overdue,
//! sent when the installation has an SMTP server: the wording of its subject and plain-text
//! body, the kinds of reminder (each is sent once per task and staff member), and the check of
//! a staff member's address. Pure: the reminder and the dates are parameters.
//!
//! The text names the organization, the plan, the task and its deadline, and the back-office
//! page of the task (a path: the site's address is the reader's own). It carries no data of
//! members of the public.

use super::tracking::Reminder;
use crate::time::format_cn_date;
use chrono::NaiveDate;

/// The two reminders a task can give rise to; each is sent at most once per staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// Within the reminder window before the due date (the day itself included).
    DueSoon,
    /// After the due date.
    Overdue,
}

impl ReminderKind {
    pub fn of(reminder: &Reminder) -> Self {
        match reminder {
            Reminder::DueSoon { .. } => Self::DueSoon,
            Reminder::Overdue { .. } => Self::Overdue,
        }
    }

    /// The stored value (`work_plan_reminders.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::DueSoon, Self::Overdue]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A reminder e-mail's subject (one line) and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderMail {
    pub subject: String,
    pub body: String,
}

/// The longest task title a subject quotes; a longer one is cut with `…` (the body has it all).
const SUBJECT_TITLE_CHARS: usize = 40;

/// One line: line breaks and other control characters become spaces, runs of spaces one.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn shortened(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The reminder of task `number` (`1`, `（一）`, …) titled `title` of the plan `plan_title` of
/// `organization`, due on `due`, as of the day `reminder` was computed for; `path` is the task's
/// back-office page (`/admin/work-plans/tasks/12`).
///
/// Subject: `【工作要点提醒】任务1“…”3天后到期` (`今天到期`, `已逾期2天`).
pub fn reminder_mail(
    organization: &str,
    plan_title: &str,
    number: &str,
    title: &str,
    due: NaiveDate,
    reminder: Reminder,
    path: &str,
) -> ReminderMail {
    let organization = one_line(organization);
    let plan_title = one_line(plan_title);
    let number = one_line(number);
    let title = one_line(title);
    let status = reminder.text();
    let subject = format!(
        "【工作要点提醒】任务{number}“{}”{status}",
        shortened(&title, SUBJECT_TITLE_CHARS)
    );
    let due_cn = format_cn_date(due);
    let situation = match reminder {
        Reminder::DueSoon { days: 0 } => format!("今天（{due_cn}）到期"),
        Reminder::DueSoon { days } => format!("将于{due_cn}到期（{days}天后到期）"),
        Reminder::Overdue { days } => format!("已于{due_cn}到期，现已逾期{days}天"),
    };
    let ask = match reminder {
        Reminder::DueSoon { .. } => "请抓紧推进，及时报送进展情况；完成后请提交完成报告。",
        Reminder::Overdue { .. } => "请尽快完成并报送进展情况；已完成的请提交完成报告。",
    };
    let plan = if plan_title.is_empty() {
        "工作要点".to_string()
    } else {
        format!("《{plan_title}》")
    };
    let body = format!(
        "您好：\n\n\
         {organization}{plan}中贵处室承担的工作任务{number}“{title}”{situation}。{ask}\n\n\
         任务：{number} {title}\n\
         完成时限：{due_cn}\n\
         状态：{status}\n\n\
         在后台查看任务和报送进展：{path}\n\n\
         本邮件由政务公开平台自动发送，请勿直接回复。\n"
    );
    ReminderMail { subject, body }
}

/// Checks a staff member's e-mail address as typed (trimmed): one `@` with text on both sides,
/// a dot in the domain, no spaces, control characters or the punctuation that has a meaning in
/// address headers, at most 200 characters.
pub fn check_address(address: &str) -> Result<(), &'static str> {
    const BAD: &str = "邮箱地址格式不正确";
    let a = address.trim();
    if a.is_empty() || a.chars().count() > 200 {
        return Err(BAD);
    }
    if a.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
    {
        return Err(BAD);
    }
    let Some((local, domain)) = a.split_once('@') else {
        return Err(BAD);
    };
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(BAD);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn mail(reminder: Reminder) -> ReminderMail {
        reminder_mail(
            "示范市民政局",
            "2024年政务公开工作要点",
            "3",
            "做好社会救助政策公开",
            d("2024-06-30"),
            reminder,
            "/admin/work-plans/tasks/12",
        )
    }

    #[test]
    fn due_soon_names_the_task_the_days_left_and_its_page() {
        let m = mail(Reminder::DueSoon { days: 3 });
        assert_eq!(
            m.subject,
            "【工作要点提醒】任务3“做好社会救助政策公开”3天后到期"
        );
        assert_eq!(
            m.body,
            "您好：\n\n\
             示范市民政局《2024年政务公开工作要点》中贵处室承担的工作任务3“做好社会救助政策公开”\
             将于2024年06月30日到期（3天后到期）。请抓紧推进，及时报送进展情况；完成后请提交完成报告。\n\n\
             任务：3 做好社会救助政策公开\n\
             完成时限：2024年06月30日\n\
             状态：3天后到期\n\n\
             在后台查看任务和报送进展：/admin/work-plans/tasks/12\n\n\
             本邮件由政务公开平台自动发送，请勿直接回复。\n"
        );
    }

    #[test]
    fn due_today_and_overdue() {
        let today = mail(Reminder::DueSoon { days: 0 });
        assert!(today.subject.ends_with("今天到期"), "{}", today.subject);
        assert!(today.body.contains("今天（2024年06月30日）到期"));
        assert!(today.body.contains("状态：今天到期"));

        let late = mail(Reminder::Overdue { days: 5 });
        assert_eq!(
            late.subject,
            "【工作要点提醒】任务3“做好社会救助政策公开”已逾期5天"
        );
        assert!(late.body.contains("已于2024年06月30日到期，现已逾期5天"));
        assert!(late.body.contains("状态：已逾期5天"));
        assert!(late.body.contains("请尽快完成"));
        assert!(!late.body.contains("天后到期"));
    }

    #[test]
    fn the_subject_is_one_short_line() {
        let long = "加强".repeat(40);
        let m = reminder_mail(
            "示范市\n民政局",
            "",
            "（一）",
            &format!("做好\r\n公开 {long}"),
            d("2024-12-31"),
            Reminder::DueSoon { days: 7 },
            "/admin/work-plans/tasks/1",
        );
        assert!(!m.subject.contains('\n') && !m.subject.contains('\r'));
        assert!(
            m.subject
                .starts_with("【工作要点提醒】任务（一）“做好 公开 加强")
        );
        assert!(m.subject.contains("…”7天后到期"), "{}", m.subject);
        // The body keeps the whole title, on one line, and names the plan generically.
        assert!(m.body.contains(&long));
        assert!(m.body.contains("示范市 民政局工作要点中"));
    }

    #[test]
    fn kinds_follow_the_reminder() {
        assert_eq!(
            ReminderKind::of(&Reminder::DueSoon { days: 2 }),
            ReminderKind::DueSoon
        );
        assert_eq!(
            ReminderKind::of(&Reminder::Overdue { days: 1 }),
            ReminderKind::Overdue
        );
        for k in [ReminderKind::DueSoon, ReminderKind::Overdue] {
            assert_eq!(ReminderKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ReminderKind::parse("late"), None);
    }

    #[test]
    fn plausible_addresses_only() {
        for ok in [
            "zhang@mzj.example.gov.cn",
            "li.si+plan@example.cn",
            " a@b.cn ",
        ] {
            assert_eq!(check_address(ok), Ok(()), "{ok}");
        }
        let long = format!("{}@example.cn", "a".repeat(190));
        for bad in [
            "",
            "zhang",
            "@example.cn",
            "zhang@",
            "zhang@localhost",
            "a@b@example.cn",
            "zhang san@example.cn",
            "zhang@example.cn\r\nBcc: x@y.cn",
            "张三 <zhang@example.cn>",
            "zhang@.example.cn",
            "zhang@example..cn",
            long.as_str(),
        ] {
            assert_eq!(check_address(bad), Err("邮箱地址格式不正确"), "{bad:?}");
        }
    }
}
