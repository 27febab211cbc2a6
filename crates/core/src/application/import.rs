//! One line of `gongkai applications import --org CODE FILE.jsonl`: applications for disclosure
//! from another system, one JSON object a line.
//!
//! ```text
//! {"applicant_type": "natural_person",      required: 自然人 natural_person, commercial_enterprise,
//!                                           research_institution, public_interest_org,
//!                                           legal_service_org, other
//!  "received_on": "2024-03-01",             required: 收到申请之日, YYYY-MM-DD
//!  "outcome": "granted",                    required: a row key of regulations.md §2.4
//!                                           (granted … other.other), null while the case is open
//!  "closed_on": "2024-03-20",               required: date of the outcome, null exactly when outcome is
//!  "org": "0024204128",                     optional: organisation code, when --org is not given
//!  "reference": "2024-依申-0001",           optional: the case number in the source system
//!  "applicant_name": "张三",                optional
//!  "id_number": "11010519491231002X",       optional: resident identity number (18 or 15 digits),
//!                                           checked and stored upper-case
//!  "credit_code": "91350100M000100Y43",     optional: unified social credit code (not for 自然人)
//!  "phone": "13812345678", "email": "…", "address": "…",   optional contact details
//!  "request": "申请公开……",                 optional: the information requested
//!  "channel": "online",                     optional: in_person, oral, postal_signed,
//!                                           postal_ordinary, online, email, fax
//!  "reviews": [{"kind": "reconsideration", "filed_on": "2024-04-01",
//!               "decided_on": "2024-05-20", "result": "upheld"}],
//!                                           optional: kind reconsideration | direct_litigation |
//!                                           litigation_after_reconsideration; result upheld |
//!                                           corrected | other, or null (and decided_on null) while
//!                                           pending
//!  "events": [{"type": "registered", "received_on": "2024-03-01", "channel": "online"},
//!             {"type": "replied", "on": "2024-03-20", "outcome": "granted"}]}
//!                                           optional: the case log in the serde form of
//!                                           `case::Event` (`receipt_basis` may be left out: it
//!                                           follows from the channel; amounts are `amount_fen`).
//!                                           It is replayed through the case rules and must
//!                                           agree with received_on, outcome and closed_on;
//!                                           reviews then go into the log, not into "reviews".
//! ```
//!
//! Optional fields may be null or absent. Any other field is refused with its name: a typo must
//! not silently drop data. Every problem of a line is reported, each as a Chinese sentence.

use super::applicant::ApplicantType;
use super::case::{CaseRules, ConsultParty, Event, ServiceMethod, recompute};
use super::json::{self, Json};
use super::outcome::Outcome;
use super::receipt::{Channel, ReceiptBasis};
use super::review::{ReviewKind, ReviewRecord, ReviewResult};
use super::year::CaseRecord;
use crate::calendar::Calendar;
use crate::fee::Fen;
use crate::ident;
use crate::time::parse_iso_date;
use chrono::NaiveDate;

/// A validated import line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedApplication {
    /// The organisation code given on the line, if any (the CLI's --org otherwise).
    pub org: Option<String>,
    pub applicant_type: ApplicantType,
    pub received_on: NaiveDate,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub reference: Option<String>,
    pub applicant_name: Option<String>,
    /// Upper-case (`x` → `X`).
    pub id_number: Option<String>,
    pub credit_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub request: Option<String>,
    pub channel: Option<Channel>,
    /// Empty when the line had no log.
    pub events: Vec<Event>,
    /// From "reviews", or from the log's review events.
    pub reviews: Vec<ReviewRecord>,
}

impl ImportedApplication {
    /// What the annual report counts of it.
    pub fn record(&self) -> CaseRecord {
        CaseRecord {
            applicant_type: self.applicant_type,
            received_on: self.received_on,
            outcome: self.outcome,
            closed_on: self.closed_on,
        }
    }
}

/// Everything wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub Vec<String>);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("；"))
    }
}

impl std::error::Error for ImportError {}

/// The fields of one JSON object, taken one by one; what is left at the end is unknown.
/// Getters return `Err(())` when they reported a problem, `Ok(None)` for absent or null.
struct Fields {
    /// Prefix of every message, e.g. `events 第2项：`.
    ctx: String,
    map: Vec<(String, Json)>,
    errors: Vec<String>,
}

type Got<T> = Result<Option<T>, ()>;

impl Fields {
    fn new(ctx: String, v: Json) -> Result<Fields, String> {
        match v {
            Json::Object(map) => Ok(Fields {
                ctx,
                map,
                errors: Vec::new(),
            }),
            other => Err(format!("{ctx}应为 JSON 对象，而不是{}", other.kind())),
        }
    }

    fn fail(&mut self, msg: String) {
        self.errors.push(format!("{}{msg}", self.ctx));
    }

    fn present(&self, name: &str) -> bool {
        self.map.iter().any(|(k, _)| k == name)
    }

    /// The value, `None` when absent or null.
    fn take(&mut self, name: &str) -> Option<Json> {
        let i = self.map.iter().position(|(k, _)| k == name)?;
        match self.map.remove(i).1 {
            Json::Null => None,
            v => Some(v),
        }
    }

    /// A trimmed string; empty counts as absent.
    fn string(&mut self, name: &str, required: bool) -> Got<String> {
        let present = self.present(name);
        let v = match self.take(name) {
            Some(Json::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(other) => {
                self.fail(format!("字段“{name}”应为字符串，而不是{}", other.kind()));
                return Err(());
            }
            None => None,
        };
        if v.is_none() && required {
            self.fail(if present {
                format!("字段“{name}”不能为空")
            } else {
                format!("缺少必填字段“{name}”")
            });
            return Err(());
        }
        Ok(v)
    }

    fn text(&mut self, name: &str) -> Option<String> {
        self.string(name, false).ok().flatten()
    }

    fn date(&mut self, name: &str, required: bool) -> Got<NaiveDate> {
        let Some(s) = self.string(name, required)? else {
            return Ok(None);
        };
        match parse_iso_date(&s) {
            Some(d) => Ok(Some(d)),
            None => {
                self.fail(format!("字段“{name}”应为 YYYY-MM-DD 格式的有效日期：“{s}”"));
                Err(())
            }
        }
    }

    fn key<T>(
        &mut self,
        name: &str,
        required: bool,
        parse: impl Fn(&str) -> Option<T>,
        what: &str,
        keys: String,
    ) -> Got<T> {
        let Some(s) = self.string(name, required)? else {
            return Ok(None);
        };
        match parse(&s) {
            Some(v) => Ok(Some(v)),
            None => {
                self.fail(format!("未知的{what}“{s}”，应为：{keys}"));
                Err(())
            }
        }
    }

    fn number(&mut self, name: &str) -> Option<u64> {
        let present = self.present(name);
        match self.take(name) {
            Some(Json::Number(n)) => {
                let v = n.parse::<u64>().ok();
                if v.is_none() {
                    self.fail(format!("字段“{name}”应为非负整数：{n}"));
                }
                v
            }
            Some(other) => {
                self.fail(format!("字段“{name}”应为整数，而不是{}", other.kind()));
                None
            }
            None => {
                self.fail(if present {
                    format!("字段“{name}”不能为空")
                } else {
                    format!("缺少必填字段“{name}”")
                });
                None
            }
        }
    }

    /// Refuses what was not taken; returns every message.
    fn finish(mut self) -> Vec<String> {
        let unknown: Vec<String> = self.map.iter().map(|(k, _)| k.clone()).collect();
        for k in unknown {
            self.fail(format!("未知字段“{k}”"));
        }
        self.errors
    }
}

/// Parses and validates one line. `today` bounds the dates; the calendar and rules replay the
/// line's event log, if any.
pub fn parse_line(
    line: &str,
    today: NaiveDate,
    cal: &Calendar,
    rules: &CaseRules,
) -> Result<ImportedApplication, ImportError> {
    let one = |m: String| ImportError(vec![m]);
    let v = json::parse(line.trim_start_matches('\u{feff}')).map_err(one)?;
    let mut f = Fields::new(String::new(), v).map_err(one)?;

    // `org` may name the organisation when the command has no --org (as in document imports).
    let org = f.text("org");
    let applicant_type = f
        .key(
            "applicant_type",
            true,
            ApplicantType::parse,
            "申请人类型",
            ApplicantType::keys(),
        )
        .ok()
        .flatten();
    let received_on = f.date("received_on", true).ok().flatten();
    let outcome_present = f.present("outcome");
    let closed_present = f.present("closed_on");
    let outcome = f.key(
        "outcome",
        false,
        Outcome::parse,
        "办理结果",
        Outcome::keys(),
    );
    let closed_on = f.date("closed_on", false);
    for (name, present) in [("outcome", outcome_present), ("closed_on", closed_present)] {
        if !present {
            f.fail(format!("缺少必填字段“{name}”（办理中的申请填 null）"));
        }
    }
    if outcome_present && closed_present {
        match (outcome, closed_on) {
            (Ok(Some(_)), Ok(None)) => {
                f.fail("有办理结果（outcome）但没有办结日期（closed_on）".to_string())
            }
            (Ok(None), Ok(Some(_))) => {
                f.fail("有办结日期（closed_on）但没有办理结果（outcome）".to_string())
            }
            _ => {}
        }
    }
    let outcome = outcome.ok().flatten();
    let closed_on = closed_on.ok().flatten();
    let reference = f.text("reference");
    let applicant_name = f.text("applicant_name");
    let id_number = f
        .text("id_number")
        .map(|s| ident::normalize_resident_id(&s));
    let credit_code = f
        .text("credit_code")
        .map(|s| ident::normalize_credit_code(&s));
    let phone = f.text("phone");
    let email = f.text("email");
    let address = f.text("address");
    let request = f.text("request");
    let channel = f
        .key(
            "channel",
            false,
            Channel::parse,
            "收件渠道",
            Channel::keys(),
        )
        .ok()
        .flatten();
    let reviews_json = f.take("reviews");
    let events_json = f.take("events");
    let mut errors = f.finish();
    let mut fail = |m: String| errors.push(m);

    if let Some(Err(e)) = id_number
        .as_ref()
        .map(|id| ident::validate_resident_id_at(id, today))
    {
        fail(format!("id_number：{e}"));
    }
    if let Some(code) = &credit_code {
        if let Err(e) = ident::validate_credit_code(code) {
            fail(format!("credit_code：{e}"));
        }
        if applicant_type == Some(ApplicantType::NaturalPerson) {
            fail("自然人申请人不应有统一社会信用代码（credit_code）".to_string());
        }
    }
    if let Some(p) = &phone {
        let ok_chars = p
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()（）".contains(c));
        if !ok_chars || p.chars().filter(char::is_ascii_digit).count() < 5 {
            fail(format!("phone：电话号码格式不正确“{p}”"));
        }
    }
    if let Some(e) = &email {
        let ok = e
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !e.contains(' '));
        if !ok {
            fail(format!("email：电子邮箱格式不正确“{e}”"));
        }
    }
    if let Some(r) = received_on {
        if r > today {
            fail(format!("收到申请日期 {r} 晚于今天"));
        }
        if let Some(c) = closed_on.filter(|c| *c < r) {
            fail(format!("办结日期 {c} 早于收到申请日期 {r}"));
        }
    }
    if let Some(c) = closed_on.filter(|c| *c > today) {
        fail(format!("办结日期 {c} 晚于今天"));
    }

    let mut reviews = Vec::new();
    if let Some(v) = reviews_json {
        match parse_reviews(v) {
            Ok(list) => reviews = list,
            Err(mut e) => errors.append(&mut e),
        }
        if events_json.is_some() {
            errors
                .push("有 events 时，复议和诉讼应作为 events 记录，不应再填写 reviews".to_string());
        }
        let has = |k: ReviewKind| reviews.iter().any(|r| r.kind == k);
        if has(ReviewKind::Reconsideration) && has(ReviewKind::DirectLitigation) {
            errors.push("reviews：已申请行政复议的，不能再未经复议直接起诉".to_string());
        }
        if has(ReviewKind::LitigationAfterReconsideration) && !has(ReviewKind::Reconsideration) {
            errors.push("reviews：复议后起诉应先有行政复议记录".to_string());
        }
        for r in &reviews {
            match closed_on {
                None => errors.push(format!(
                    "{}：申请尚未办结，不能有复议或诉讼记录",
                    r.kind.label()
                )),
                Some(c) if r.filed_on < c => errors.push(format!(
                    "{}：立案日期 {} 早于办结日期 {c}",
                    r.kind.label(),
                    r.filed_on
                )),
                _ => {}
            }
            if r.filed_on > today || r.decided_on.is_some_and(|d| d > today) {
                errors.push(format!("{}：日期晚于今天", r.kind.label()));
            }
        }
    }

    let mut events = Vec::new();
    if let Some(v) = events_json {
        match parse_events(v) {
            Err(mut e) => errors.append(&mut e),
            Ok(list) => {
                if errors.is_empty() {
                    match check_log(
                        &list,
                        received_on,
                        outcome,
                        closed_on,
                        channel,
                        today,
                        cal,
                        rules,
                    ) {
                        Ok(r) => reviews = r,
                        Err(mut e) => errors.append(&mut e),
                    }
                }
                events = list;
            }
        }
    }

    if !errors.is_empty() {
        return Err(ImportError(errors));
    }
    let (Some(applicant_type), Some(received_on)) = (applicant_type, received_on) else {
        unreachable!("a missing required field is an error above");
    };
    Ok(ImportedApplication {
        org,
        applicant_type,
        received_on,
        outcome,
        closed_on,
        reference,
        applicant_name,
        id_number,
        credit_code,
        phone,
        email,
        address,
        request,
        channel,
        events,
        reviews,
    })
}

fn ok<T>(g: Got<T>) -> Option<T> {
    g.ok().flatten()
}

fn parse_reviews(v: Json) -> Result<Vec<ReviewRecord>, Vec<String>> {
    let Json::Array(items) = v else {
        return Err(vec![format!("字段“reviews”应为数组，而不是{}", v.kind())]);
    };
    let mut out: Vec<ReviewRecord> = Vec::new();
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let mut f = match Fields::new(format!("reviews 第{}项：", i + 1), item) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let kind = ok(f.key(
            "kind",
            true,
            ReviewKind::parse,
            "复议诉讼类型",
            ReviewKind::keys(),
        ));
        let filed_on = ok(f.date("filed_on", true));
        let decided_on = ok(f.date("decided_on", false));
        let result = ok(f.key(
            "result",
            false,
            ReviewResult::parse,
            "结果",
            ReviewResult::keys(),
        ))
        .filter(|r| *r != ReviewResult::Pending);
        match (decided_on, result) {
            (Some(_), None) => f.fail("有结果日期（decided_on）但没有结果（result）".into()),
            (None, Some(_)) => f.fail("有结果（result）但没有结果日期（decided_on）".into()),
            (Some(d), Some(_)) if filed_on.is_some_and(|fd| d < fd) => {
                f.fail("结果日期早于立案日期".into())
            }
            _ => {}
        }
        if let Some(k) = kind.filter(|k| out.iter().any(|r| r.kind == *k)) {
            f.fail(format!("{}重复", k.label()));
        }
        let mut e = f.finish();
        if let (true, Some(kind), Some(filed_on)) = (e.is_empty(), kind, filed_on) {
            out.push(ReviewRecord {
                kind,
                filed_on,
                decided_on,
                result,
            });
        }
        errors.append(&mut e);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn parse_events(v: Json) -> Result<Vec<Event>, Vec<String>> {
    let Json::Array(items) = v else {
        return Err(vec![format!("字段“events”应为数组，而不是{}", v.kind())]);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let f = match Fields::new(format!("events 第{}项：", i + 1), item) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match parse_event(f) {
            Ok(e) => out.push(e),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A count of working days (`period_wd`, `days`).
fn days(f: &mut Fields, name: &str) -> Option<u32> {
    let n = f.number(name)?;
    let v = u32::try_from(n).ok().filter(|v| *v <= 1000);
    if v.is_none() {
        f.fail(format!("字段“{name}”过大：{n}"));
    }
    v
}

fn parse_event(mut f: Fields) -> Result<Event, Vec<String>> {
    let kind = ok(f.string("type", true));
    let on = |f: &mut Fields| ok(f.date("on", true));
    let review_kind = |f: &mut Fields| {
        ok(f.key(
            "kind",
            true,
            ReviewKind::parse,
            "复议诉讼类型",
            ReviewKind::keys(),
        ))
    };
    let event = match kind.as_deref() {
        None => None,
        Some("registered") => {
            let received_on = ok(f.date("received_on", true));
            let channel = ok(f.key("channel", true, Channel::parse, "收件渠道", Channel::keys()));
            let basis = ok(f.key(
                "receipt_basis",
                false,
                ReceiptBasis::parse,
                "收到日期规则",
                ReceiptBasis::ALL.map(ReceiptBasis::as_str).join("、"),
            ));
            received_on
                .zip(channel)
                .map(|(received_on, channel)| Event::Registered {
                    received_on,
                    channel,
                    receipt_basis: basis.unwrap_or(channel.basis()),
                })
        }
        Some("correction_requested") => {
            let on = on(&mut f);
            let period = days(&mut f, "period_wd");
            on.zip(period)
                .map(|(on, period_wd)| Event::CorrectionRequested { on, period_wd })
        }
        Some("corrected") => on(&mut f).map(|on| Event::Corrected { on }),
        Some("correction_lapsed") => on(&mut f).map(|on| Event::CorrectionLapsed { on }),
        Some("consultation_started") => {
            let on = on(&mut f);
            let party = ok(f.key(
                "party",
                true,
                |s| match s {
                    "third_party" => Some(ConsultParty::ThirdParty),
                    "other_agency" => Some(ConsultParty::OtherAgency),
                    _ => None,
                },
                "征求意见对象",
                "third_party、other_agency".into(),
            ));
            on.zip(party)
                .map(|(on, party)| Event::ConsultationStarted { on, party })
        }
        Some("consultation_answered") => on(&mut f).map(|on| Event::ConsultationAnswered { on }),
        Some("extended") => {
            let on = on(&mut f);
            let n = days(&mut f, "days");
            let approved_by = ok(f.string("approved_by", true));
            match (on, n, approved_by) {
                (Some(on), Some(days), Some(approved_by)) => Some(Event::Extended {
                    on,
                    days,
                    approved_by,
                }),
                _ => None,
            }
        }
        Some("fee_noticed") => {
            let on = on(&mut f);
            let amount = f.number("amount_fen");
            on.zip(amount).map(|(on, a)| Event::FeeNoticed {
                on,
                amount_fen: Fen(a),
            })
        }
        Some("fee_paid") => on(&mut f).map(|on| Event::FeePaid { on }),
        Some("fee_lapsed") => on(&mut f).map(|on| Event::FeeLapsed { on }),
        Some("replied") => {
            let on = on(&mut f);
            let outcome = ok(f.key("outcome", true, Outcome::parse, "办理结果", Outcome::keys()));
            on.zip(outcome)
                .map(|(on, outcome)| Event::Replied { on, outcome })
        }
        Some("served") => {
            let on = on(&mut f);
            let method = ok(f.key(
                "method",
                true,
                ServiceMethod::parse,
                "送达方式",
                ServiceMethod::ALL.map(ServiceMethod::as_str).join("、"),
            ));
            on.zip(method)
                .map(|(on, method)| Event::Served { on, method })
        }
        Some("archived") => on(&mut f).map(|on| Event::Archived { on }),
        Some("review_filed") => {
            let on = on(&mut f);
            let kind = review_kind(&mut f);
            on.zip(kind)
                .map(|(on, kind)| Event::ReviewFiled { on, kind })
        }
        Some("review_decided") => {
            let on = on(&mut f);
            let kind = review_kind(&mut f);
            let result = ok(f.key(
                "result",
                true,
                ReviewResult::parse,
                "结果",
                ReviewResult::keys(),
            ));
            match (on, kind, result) {
                (Some(on), Some(kind), Some(result)) => {
                    Some(Event::ReviewDecided { on, kind, result })
                }
                _ => None,
            }
        }
        Some(other) => {
            f.fail(format!("未知的事件类型“{other}”"));
            // The other fields mean nothing without a known type: do not list them as unknown.
            f.map.clear();
            None
        }
    };
    let errors = f.finish();
    match event {
        Some(e) if errors.is_empty() => Ok(e),
        _ => Err(errors),
    }
}

/// Replays the log and compares it with the line's own fields; returns the reviews it records.
#[allow(clippy::too_many_arguments)]
fn check_log(
    events: &[Event],
    received_on: Option<NaiveDate>,
    outcome: Option<Outcome>,
    closed_on: Option<NaiveDate>,
    channel: Option<Channel>,
    today: NaiveDate,
    cal: &Calendar,
    rules: &CaseRules,
) -> Result<Vec<ReviewRecord>, Vec<String>> {
    let mut errors = Vec::new();
    match events.first() {
        Some(Event::Registered {
            received_on: r,
            channel: c,
            ..
        }) => {
            if Some(*r) != received_on {
                errors.push(format!("events 的登记日期 {r} 与 received_on 不一致"));
            }
            if channel.is_some_and(|ch| ch != *c) {
                errors.push(format!(
                    "events 的收件渠道“{}”与 channel 不一致",
                    c.as_str()
                ));
            }
        }
        _ => errors.push("events 的第1项应为登记事件（registered）".to_string()),
    }
    for (i, e) in events.iter().enumerate() {
        if e.date() > today {
            errors.push(format!("events 第{}项：日期 {} 晚于今天", i + 1, e.date()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let state = recompute(events, cal, rules)
        .map_err(|e| vec![format!("events 第{}项：{}", e.index + 1, e.error)])?;
    if state.outcome != outcome {
        let show = |o: Option<Outcome>| o.map_or("null（办理中）", Outcome::as_str);
        errors.push(format!(
            "events 得出的办理结果 {} 与 outcome {} 不一致",
            show(state.outcome),
            show(outcome)
        ));
    }
    if state.closed_on != closed_on {
        let show = |d: Option<NaiveDate>| d.map_or("null".to_string(), |d| d.to_string());
        errors.push(format!(
            "events 得出的办结日期 {} 与 closed_on {} 不一致",
            show(state.closed_on),
            show(closed_on)
        ));
    }
    if errors.is_empty() {
        Ok(state.reviews)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn parse(line: &str) -> Result<ImportedApplication, ImportError> {
        parse_line(
            line,
            d("2025-06-30"),
            &Calendar::builtin(),
            &CaseRules::default(),
        )
    }

    fn err(line: &str) -> String {
        parse(line).unwrap_err().to_string()
    }

    #[test]
    fn a_minimal_line_and_a_full_one() {
        let a = parse(
            r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null}"#,
        )
        .unwrap();
        assert_eq!(a.applicant_type, ApplicantType::NaturalPerson);
        assert_eq!(a.outcome, None);
        assert_eq!(a.record().received_on, d("2024-03-01"));

        let a = parse(
            r#"{"applicant_type":"commercial_enterprise","received_on":"2024-03-01",
                "outcome":"denied.third_party","closed_on":"2024-03-20",
                "reference":"2024-依申-0001","applicant_name":"某某科技有限公司",
                "credit_code":"91350100m000100y43","id_number":"11010519491231002x",
                "phone":"13812345678","email":"a@example.cn","address":"北京市朝阳区",
                "request":"申请公开某项目的审批文件","channel":"postal_signed",
                "reviews":[{"kind":"reconsideration","filed_on":"2024-04-01",
                            "decided_on":"2024-05-20","result":"upheld"},
                           {"kind":"litigation_after_reconsideration","filed_on":"2024-06-01",
                            "decided_on":null,"result":null}]}"#,
        )
        .unwrap();
        assert_eq!(a.outcome, Some(Outcome::DeniedThirdParty));
        assert_eq!(a.credit_code.as_deref(), Some("91350100M000100Y43"));
        assert_eq!(a.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(a.channel, Some(Channel::PostalSigned));
        assert_eq!(a.reviews.len(), 2);
        assert_eq!(a.reviews[1].result, None);
        assert_eq!(a.org, None);

        assert_eq!(
            err(
                r#"{"org":"0024204128","applicant_type":"other","received_on":"2024-03-01","outcome":"granted","closed_on":"2024-03-05",
                "reviews":[{"kind":"litigation_after_reconsideration","filed_on":"2024-04-01"}]}"#
            ),
            "reviews：复议后起诉应先有行政复议记录"
        );
    }

    #[test]
    fn required_fields_and_their_pairing() {
        assert_eq!(
            err(r#"{"received_on":"2024-03-01","outcome":null,"closed_on":null}"#),
            "缺少必填字段“applicant_type”"
        );
        assert_eq!(
            err(r#"{"applicant_type":"natural_person","received_on":"2024-03-01"}"#),
            "缺少必填字段“outcome”（办理中的申请填 null）；缺少必填字段“closed_on”（办理中的申请填 null）"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":"granted","closed_on":null}"#
            ),
            "有办理结果（outcome）但没有办结日期（closed_on）"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":"2024-03-05"}"#
            ),
            "有办结日期（closed_on）但没有办理结果（outcome）"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-10","outcome":"granted","closed_on":"2024-03-05"}"#
            ),
            "办结日期 2024-03-05 早于收到申请日期 2024-03-10"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2025-07-01","outcome":null,"closed_on":null}"#
            ),
            "收到申请日期 2025-07-01 晚于今天"
        );
    }

    #[test]
    fn bad_values_are_named() {
        let e = err(
            r#"{"applicant_type":"person","received_on":"2024-3-1","outcome":"partly_granted","closed_on":"2024-03-05"}"#,
        );
        assert!(
            e.contains("未知的申请人类型“person”，应为：natural_person、commercial_enterprise"),
            "{e}"
        );
        assert!(
            e.contains("字段“received_on”应为 YYYY-MM-DD 格式的有效日期：“2024-3-1”"),
            "{e}"
        );
        assert!(e.contains("未知的办理结果“partly_granted”"), "{e}");
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":20240301,"outcome":null,"closed_on":null}"#
            ),
            "字段“received_on”应为字符串，而不是数字"
        );
    }

    #[test]
    fn identity_numbers_are_checked() {
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null,"id_number":"110105194912310021"}"#
            ),
            "id_number：身份证号码校验位不正确"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null,"credit_code":"91350100M000100Y43"}"#
            ),
            "自然人申请人不应有统一社会信用代码（credit_code）"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"other","received_on":"2024-03-01","outcome":null,"closed_on":null,"credit_code":"91350100M000100Y44","phone":"abc"}"#
            ),
            "credit_code：统一社会信用代码校验位不正确；phone：电话号码格式不正确“abc”"
        );
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null,"recieved_on":"2024-03-01"}"#
            ),
            "未知字段“recieved_on”"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null,"reviews":[{"kind":"reconsideration","filed_on":"2024-04-01","judge":"x"}]}"#
            ),
            "reviews 第1项：未知字段“judge”"
        );
        assert_eq!(
            err(
                r#"{"applicant_type":"natural_person","received_on":"2024-03-01","outcome":null,"closed_on":null,"reviews":[{"kind":"reconsideration","filed_on":"2024-04-01"}]}"#
            ),
            "行政复议：申请尚未办结，不能有复议或诉讼记录"
        );
    }

    #[test]
    fn syntax_errors_are_reported_in_chinese() {
        assert_eq!(
            err(r#"{"applicant_type":"natural_person","#),
            "JSON 格式错误：内容不完整（应为带双引号的字段名）"
        );
        assert_eq!(err("[1]"), "应为 JSON 对象，而不是数组");
    }

    #[test]
    fn an_event_log_is_replayed_and_must_agree() {
        let line = |outcome: &str, closed: &str, extra: &str| {
            format!(
                r#"{{"applicant_type":"natural_person","received_on":"2024-09-27","outcome":{outcome},"closed_on":{closed},
                "events":[{{"type":"registered","received_on":"2024-09-27","channel":"online"}},
                          {{"type":"extended","on":"2024-10-28","days":20,"approved_by":"李明"}},
                          {{"type":"replied","on":"2024-11-20","outcome":"granted"}},
                          {{"type":"served","on":"2024-11-21","method":"post"}}{extra}]}}"#
            )
        };
        let a = parse(&line(r#""granted""#, r#""2024-11-20""#, "")).unwrap();
        assert_eq!(a.events.len(), 4);
        assert_eq!(
            a.events[0],
            Event::Registered {
                received_on: d("2024-09-27"),
                channel: Channel::Online,
                receipt_basis: ReceiptBasis::OnlineConfirmed
            }
        );
        let a = parse(&line(
            r#""granted""#,
            r#""2024-11-20""#,
            r#",{"type":"review_filed","on":"2024-12-01","kind":"reconsideration"}"#,
        ))
        .unwrap();
        assert_eq!(a.reviews.len(), 1);

        assert_eq!(
            err(&line(r#""denied.state_secret""#, r#""2024-11-20""#, "")),
            "events 得出的办理结果 granted 与 outcome denied.state_secret 不一致"
        );
        assert_eq!(
            err(&line(
                r#""granted""#,
                r#""2024-11-20""#,
                r#",{"type":"served","on":"2024-11-22","method":"post"}"#
            )),
            "events 第5项：当前状态为“已送达”，不能登记送达"
        );
        assert_eq!(
            err(&line(
                r#""granted""#,
                r#""2024-11-20""#,
                r#",{"type":"sent","on":"2024-11-22","method":"post"}"#
            )),
            "events 第5项：未知的事件类型“sent”"
        );
        assert_eq!(
            err(&line(
                r#""granted""#,
                r#""2024-11-20""#,
                r#",{"type":"archived","on":"2024-11-22","by":"x"}"#
            )),
            "events 第5项：未知字段“by”"
        );
    }
}
