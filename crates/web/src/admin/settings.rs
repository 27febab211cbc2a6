//! `/admin/settings/applications`: the organization's application settings — the readings of
//! the procedure the law leaves open (core `application::settings`), each with its documented
//! default. Saving recomputes the open cases' deadlines and shows which moved.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::AppResult;
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::application::settings::{
    ApplicationSettings, FEE_CHOICES, SETTINGS, SettingKind, display,
};
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_db::SettingsSaved;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize)]
struct Field {
    key: &'static str,
    label: &'static str,
    help: &'static str,
    /// `flag`, `number`, `percent` or `choice`.
    kind: &'static str,
    min: u32,
    max: u32,
    unit: &'static str,
    value: String,
    default: String,
    changed: bool,
    error: Option<String>,
}

#[derive(Serialize)]
struct Moved {
    tracking_no: String,
    old_due: String,
    new_due: String,
    provisional: bool,
}

fn fields(
    values: &BTreeMap<&'static str, String>,
    errors: &HashMap<&'static str, String>,
) -> Vec<Field> {
    let defaults = ApplicationSettings::default();
    SETTINGS
        .iter()
        .map(|s| {
            let (kind, min, max, unit) = match s.kind {
                SettingKind::Flag => ("flag", 0, 0, ""),
                SettingKind::Number { min, max, unit } => ("number", min, max, unit),
                SettingKind::Percent { min, max } => ("percent", min, max, "%"),
                SettingKind::FeeChoice => ("choice", 0, 0, ""),
            };
            let default = defaults.get(s.key).unwrap_or_default();
            let value = values.get(s.key).cloned().unwrap_or_default();
            Field {
                key: s.key,
                label: s.label,
                help: s.help,
                kind,
                min,
                max,
                unit,
                changed: value != default,
                default: display(s, &default),
                value,
                error: errors.get(s.key).cloned(),
            }
        })
        .collect()
}

fn values_of(s: &ApplicationSettings) -> BTreeMap<&'static str, String> {
    SETTINGS
        .iter()
        .map(|st| (st.key, s.get(st.key).unwrap_or_default()))
        .collect()
}

fn render_page(
    staff: &Staff,
    values: &BTreeMap<&'static str, String>,
    errors: &HashMap<&'static str, String>,
    saved: Option<&SettingsSaved>,
) -> AppResult<String> {
    let moved: Vec<Moved> = saved
        .map(|s| {
            s.recomputation
                .changed
                .iter()
                .map(|c| Moved {
                    tracking_no: c.tracking_no.clone(),
                    old_due: c.old_due.map(format_cn_date).unwrap_or_default(),
                    new_due: c.new_due.map(format_cn_date).unwrap_or_default(),
                    provisional: c.new_provisional,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(render(
        "admin/settings.html",
        crate::ctx! {
            chrome => chrome(staff),
            fields => fields(values, errors),
            choices => FEE_CHOICES,
            has_errors => !errors.is_empty(),
            saved => saved,
            moved => moved,
        },
    )?)
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ManageApplicationSettings)?;
    let current = state.db.application_settings(staff.org.id).await?;
    Ok(page(render_page(
        &staff,
        &values_of(&current),
        &HashMap::new(),
        None,
    )?))
}

/// Every setting comes from the form: a checkbox left unticked is absent, i.e. `false`.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    staff.require(Action::ManageApplicationSettings)?;
    csrf::verify(&staff.csrf, f.get("csrf").map_or("", String::as_str))?;
    let mut next = ApplicationSettings::default();
    let mut values = BTreeMap::new();
    let mut errors = HashMap::new();
    for s in SETTINGS {
        let raw = f.get(s.key).map_or("", |v| v.trim());
        let raw = match s.kind {
            SettingKind::Flag if raw.is_empty() => "false",
            _ => raw,
        };
        if let Err(m) = next.set(s.key, raw) {
            errors.insert(s.key, m);
        }
        values.insert(s.key, raw.to_string());
    }
    if !errors.is_empty() {
        return Ok(invalid(render_page(&staff, &values, &errors, None)?));
    }
    let saved = state
        .db
        .save_application_settings(staff.org.id, &next, &staff.actor(), state.clock.now())
        .await?;
    Ok(page(render_page(
        &staff,
        &values_of(&next),
        &errors,
        Some(&saved),
    )?))
}
