//! HTML templates (minijinja), embedded in the binary so a release build needs no template files.
//! Autoescaping is on for every `.html` template: values are escaped unless marked `|safe`,
//! which only sanitised document bodies are.

use minijinja::{Environment, Value};
use serde::Serialize;
use std::sync::OnceLock;

/// `(name, source)` of every template.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("catalog.html", include_str!("../templates/catalog.html")),
    ("document.html", include_str!("../templates/document.html")),
    ("guide.html", include_str!("../templates/guide.html")),
    ("search.html", include_str!("../templates/search.html")),
    (
        "applicant_fields.html",
        include_str!("../templates/applicant_fields.html"),
    ),
    ("apply.html", include_str!("../templates/apply.html")),
    ("messages.html", include_str!("../templates/messages.html")),
    (
        "proposals.html",
        include_str!("../templates/proposals.html"),
    ),
    ("proposal.html", include_str!("../templates/proposal.html")),
    ("faq.html", include_str!("../templates/faq.html")),
    (
        "decisions.html",
        include_str!("../templates/decisions.html"),
    ),
    (
        "decisions_body.html",
        include_str!("../templates/decisions_body.html"),
    ),
    (
        "consultations.html",
        include_str!("../templates/consultations.html"),
    ),
    (
        "consultation.html",
        include_str!("../templates/consultation.html"),
    ),
    ("message.html", include_str!("../templates/message.html")),
    (
        "message_form.html",
        include_str!("../templates/message_form.html"),
    ),
    (
        "message_done.html",
        include_str!("../templates/message_done.html"),
    ),
    (
        "message_track.html",
        include_str!("../templates/message_track.html"),
    ),
    (
        "message_status.html",
        include_str!("../templates/message_status.html"),
    ),
    (
        "apply_done.html",
        include_str!("../templates/apply_done.html"),
    ),
    (
        "apply_track.html",
        include_str!("../templates/apply_track.html"),
    ),
    (
        "apply_status.html",
        include_str!("../templates/apply_status.html"),
    ),
    (
        "notice_print.html",
        include_str!("../templates/notice_print.html"),
    ),
    (
        "admin/base.html",
        include_str!("../templates/admin/base.html"),
    ),
    (
        "admin/login.html",
        include_str!("../templates/admin/login.html"),
    ),
    (
        "admin/dashboard.html",
        include_str!("../templates/admin/dashboard.html"),
    ),
    (
        "admin/documents.html",
        include_str!("../templates/admin/documents.html"),
    ),
    (
        "admin/document_form.html",
        include_str!("../templates/admin/document_form.html"),
    ),
    (
        "admin/document.html",
        include_str!("../templates/admin/document.html"),
    ),
    (
        "admin/columns.html",
        include_str!("../templates/admin/columns.html"),
    ),
    (
        "admin/departments.html",
        include_str!("../templates/admin/departments.html"),
    ),
    (
        "admin/users.html",
        include_str!("../templates/admin/users.html"),
    ),
    (
        "admin/org.html",
        include_str!("../templates/admin/org.html"),
    ),
    (
        "admin/audit.html",
        include_str!("../templates/admin/audit.html"),
    ),
    (
        "admin/search.html",
        include_str!("../templates/admin/search.html"),
    ),
    (
        "admin/applications.html",
        include_str!("../templates/admin/applications.html"),
    ),
    (
        "admin/application_new.html",
        include_str!("../templates/admin/application_new.html"),
    ),
    (
        "admin/application.html",
        include_str!("../templates/admin/application.html"),
    ),
    (
        "admin/notice_templates.html",
        include_str!("../templates/admin/notice_templates.html"),
    ),
    (
        "admin/calendar.html",
        include_str!("../templates/admin/calendar.html"),
    ),
    (
        "admin/timeliness.html",
        include_str!("../templates/admin/timeliness.html"),
    ),
    (
        "admin/channels.html",
        include_str!("../templates/admin/channels.html"),
    ),
    (
        "admin/deliveries.html",
        include_str!("../templates/admin/deliveries.html"),
    ),
    (
        "admin/words.html",
        include_str!("../templates/admin/words.html"),
    ),
    (
        "admin/messages.html",
        include_str!("../templates/admin/messages.html"),
    ),
    (
        "admin/message.html",
        include_str!("../templates/admin/message.html"),
    ),
    (
        "admin/consultations.html",
        include_str!("../templates/admin/consultations.html"),
    ),
    (
        "admin/consultation.html",
        include_str!("../templates/admin/consultation.html"),
    ),
    (
        "admin/decisions.html",
        include_str!("../templates/admin/decisions.html"),
    ),
    (
        "admin/faq.html",
        include_str!("../templates/admin/faq.html"),
    ),
    (
        "admin/proposals.html",
        include_str!("../templates/admin/proposals.html"),
    ),
    (
        "admin/work_plans.html",
        include_str!("../templates/admin/work_plans.html"),
    ),
    (
        "admin/work_plan_import.html",
        include_str!("../templates/admin/work_plan_import.html"),
    ),
    (
        "admin/work_plan_parsed_task.html",
        include_str!("../templates/admin/work_plan_parsed_task.html"),
    ),
    (
        "admin/work_plan.html",
        include_str!("../templates/admin/work_plan.html"),
    ),
    (
        "admin/work_plan_task.html",
        include_str!("../templates/admin/work_plan_task.html"),
    ),
    (
        "admin/work_plan_list.html",
        include_str!("../templates/admin/work_plan_list.html"),
    ),
    (
        "admin/annual_report.html",
        include_str!("../templates/admin/annual_report.html"),
    ),
    (
        "admin/annual_report_cases.html",
        include_str!("../templates/admin/annual_report_cases.html"),
    ),
    (
        "admin/annual_report_documents.html",
        include_str!("../templates/admin/annual_report_documents.html"),
    ),
    (
        "admin/annual_report_status.html",
        include_str!("../templates/admin/annual_report_status.html"),
    ),
    (
        "admin/concerns.html",
        include_str!("../templates/admin/concerns.html"),
    ),
    (
        "admin/message_stats.html",
        include_str!("../templates/admin/message_stats.html"),
    ),
    (
        "admin/message_boxes.html",
        include_str!("../templates/admin/message_boxes.html"),
    ),
    (
        "admin/settings.html",
        include_str!("../templates/admin/settings.html"),
    ),
];

pub const SITE_NAME: &str = "政府信息公开平台";

pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, src) in TEMPLATES {
            env.add_template(name, src)
                .unwrap_or_else(|e| panic!("template {name} does not parse: {e:#}"));
        }
        env.add_global("site_name", SITE_NAME);
        env.set_formatter(format_value);
        env
    })
}

/// minijinja's HTML escaping also turns `/` into `&#x2f;`, which makes every index number and
/// URL in the page source unreadable; `/` is harmless in text and in quoted attributes, so
/// strings are escaped for `& < > " '` only. Everything else keeps the default behaviour.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(s)
            if !value.is_safe() && !matches!(state.auto_escape(), minijinja::AutoEscape::None) =>
        {
            let mut escaped = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(|_| {
                minijinja::Error::new(
                    minijinja::ErrorKind::WriteFailure,
                    "cannot write template output",
                )
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Renders `name` with `ctx` (any serialisable value).
pub fn render<S: Serialize>(name: &str, ctx: S) -> Result<String, minijinja::Error> {
    env()
        .get_template(name)?
        .render(Value::from(minijinja::value::Serde(&ctx)))
}

/// The error page; falls back to plain text if even that fails.
pub fn render_error(status: u16, title: &str, message: &str) -> String {
    render(
        "error.html",
        crate::ctx! { status => status, title => title, message => message },
    )
    .unwrap_or_else(|_| format!("{status} {title}"))
}

/// Builds a template context from `name => value` pairs; values are any `Serialize`.
#[macro_export]
macro_rules! ctx {
    ($($key:ident => $value:expr),* $(,)?) => {{
        let mut m = std::collections::BTreeMap::<&'static str, minijinja::Value>::new();
        $( m.insert(stringify!($key), minijinja::Value::from(minijinja::value::Serde(&$value))); )*
        m
    }};
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut files = Vec::new();
        for sub in ["", "admin/"] {
            for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap().flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.ends_with(".html") {
                    files.push(format!("{sub}{name}"));
                }
            }
        }
        for f in files {
            assert!(
                super::env().get_template(&f).is_ok(),
                "{f} is not in TEMPLATES"
            );
        }
    }

    #[test]
    fn strings_are_escaped_but_slashes_kept() {
        let html = super::render(
            "error.html",
            crate::ctx! { status => 400, title => "<b>\"x\"</b>", message => "a/b & c" },
        )
        .unwrap();
        assert!(html.contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;"), "{html}");
        assert!(html.contains("a/b &amp; c"));
        assert!(!html.contains("<b>"));
    }
}
