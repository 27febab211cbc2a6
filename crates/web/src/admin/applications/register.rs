//! `/admin/applications/new`: staff register an application that arrived in person, orally, by
//! post (signed-for or ordinary letter), by fax or by e-mail. The receipt date is computed by
//! core `receipt_date` from the dates that channel needs (Art. 31); the case page shows the basis.

use crate::admin::{chrome, invalid, page};
use crate::application_form::{
    ApplicantFields, DELIVERY_METHODS, ID_KINDS, PROVISION_FORMS, applicant_type_choices,
};
use crate::auth::Staff;
use crate::csrf;
use crate::error::AppResult;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::FieldErrors;
use gongkai_core::application::receipt::{Channel, ReceiptFacts, receipt_date};
use gongkai_core::role::Action;
use gongkai_core::time::parse_iso_date;
use gongkai_db::{DbError, NewApplication};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegisterForm {
    #[serde(skip_serializing)]
    csrf: String,
    channel: String,
    submitted_on: String,
    signed_for_on: String,
    arrived_on: String,
    confirmed_on: String,
    handler_id: String,
    department_id: String,
    #[serde(flatten)]
    fields: ApplicantFields,
}

/// Channels staff register (online applications come through `/apply`), with the rule of each.
fn channels() -> Vec<(&'static str, &'static str, &'static str)> {
    Channel::ALL
        .into_iter()
        .filter(|c| *c != Channel::Online)
        .map(|c| (c.as_str(), c.label(), c.basis().explain()))
        .collect()
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    form: &RegisterForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    let users = state.db.users_of_org(staff.org.id).await?;
    let handlers: Vec<(String, String)> = users
        .iter()
        .filter(|u| u.active && u.role().is_some_and(|r| r.may(Action::HandleApplications)))
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    let departments: Vec<(String, String)> = state
        .db
        .departments(staff.org.id)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    Ok(render(
        "admin/application_new.html",
        crate::ctx! {
            chrome => chrome(staff), form => form, errors => error_map(errors),
            channels => channels(), handlers => handlers, departments => departments,
            applicant_types => applicant_type_choices(), id_kinds => ID_KINDS,
            provision_forms => PROVISION_FORMS, delivery_methods => DELIVERY_METHODS,
        },
    )?)
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    let today = state.clock.today().to_string();
    let form = RegisterForm {
        channel: "in_person".into(),
        submitted_on: today.clone(),
        handler_id: staff.user.id.to_string(),
        fields: ApplicantFields {
            applicant_type: "natural_person".into(),
            id_kind: "resident_id".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(page(
        form_page(&state, &staff, &form, &FieldErrors::new()).await?,
    ))
}

fn date(e: &mut FieldErrors, field: &'static str, s: &str) -> Option<chrono::NaiveDate> {
    if s.trim().is_empty() {
        return None;
    }
    let d = parse_iso_date(s);
    if d.is_none() {
        e.add(field, "日期格式应为 年-月-日，例如 2024-03-05");
    }
    d
}

fn optional_id(e: &mut FieldErrors, field: &'static str, s: &str) -> Option<i64> {
    match s.trim() {
        "" => None,
        v => match v.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                e.add(field, "请从列表中选择");
                None
            }
        },
    }
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<RegisterForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let today = state.clock.today();
    let checked = f.fields.check(today);
    let mut e = match &checked {
        Ok(_) => FieldErrors::new(),
        Err(e) => e.clone(),
    };
    let channel = Channel::parse(&f.channel).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        e.add("channel", "请选择收件渠道");
    }
    let facts = ReceiptFacts {
        submitted_on: date(&mut e, "submitted_on", &f.submitted_on),
        signed_for_on: date(&mut e, "signed_for_on", &f.signed_for_on),
        arrived_on: date(&mut e, "arrived_on", &f.arrived_on),
        confirmed_on: date(&mut e, "confirmed_on", &f.confirmed_on),
    };
    let receipt = channel.map(|c| (c, receipt_date(c, &facts)));
    let receipt = match receipt {
        Some((_, Ok(r))) => Some(r),
        Some((c, Err(m))) => {
            let field = match c {
                Channel::InPerson | Channel::Oral => "submitted_on",
                Channel::PostalSigned => "signed_for_on",
                _ => "confirmed_on",
            };
            e.add(field, m);
            None
        }
        None => None,
    };
    let handler_id = optional_id(&mut e, "handler_id", &f.handler_id);
    let department_id = optional_id(&mut e, "department_id", &f.department_id);
    let (Ok(c), Some(channel), Some(receipt), true) = (checked, channel, receipt, e.is_empty())
    else {
        return Ok(invalid(form_page(&state, &staff, &f, &e).await?));
    };
    let new = NewApplication {
        org_id: staff.org.id,
        applicant_type: c.applicant_type,
        channel,
        received_on: receipt.received_on,
        request_text: c.request_text,
        provision_form: c.provision_form,
        delivery_method: c.delivery_method,
        handler_id,
        department_id,
        applicant: c.applicant,
    };
    let now = state.clock.now();
    match state.db.create_application(&new, &staff.actor(), now).await {
        Ok(created) => {
            // Notes of the receipt rule (an ordinary letter confirmed late) stay with the case.
            for note in &receipt.notes {
                state
                    .db
                    .add_application_comment(created.case.id, note, &staff.actor(), now)
                    .await?;
            }
            // The applicant's secret is shown once, to be handed over with the tracking number.
            let extras = super::Extras {
                notice: Some("申请已登记。"),
                secret: Some(created.secret.clone()),
                ..Default::default()
            };
            Ok(page(
                super::case_page(&state, &staff, &created.case, extras).await?,
            ))
        }
        Err(DbError::Invalid(errors)) => Ok(invalid(form_page(&state, &staff, &f, &errors).await?)),
        Err(e) => Err(e.into()),
    }
}
