//! `/apply`: the online application form (依申请公开, Art. 29).
//!
//! Anti-abuse without third-party services: a honeypot field that people never see, size limits
//! on every field and on the body, a per-address rate limit (`crate::limit`), and the CSRF token
//! of the other forms. Bad input shows the form again with its values and Chinese messages and
//! stores nothing. Nothing of the form body is logged.
//!
//! Online applications count as received on the date both sides confirm (Art. 31 (三)): the
//! platform confirms at once, on the page that shows the tracking number, so the receipt date is
//! the day of submission (China time).

use crate::application_form::{
    ApplicantFields, DELIVERY_METHODS, ID_KINDS, PROVISION_FORMS, applicant_type_choices,
};
use crate::csrf::{self, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::forms::{Form, error_map};
use crate::limit::ClientAddr;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_core::FieldErrors;
use gongkai_core::application::receipt::{Channel, ReceiptBasis};
use gongkai_core::ident;
use gongkai_core::time::format_cn_date;
use gongkai_db::{Actor, DbError, NewApplication, Organization};
use serde::{Deserialize, Serialize};

/// The form as posted.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ApplyForm {
    #[serde(skip_serializing)]
    csrf: String,
    org: String,
    #[serde(flatten)]
    fields: ApplicantFields,
    /// The honeypot: hidden from people by CSS and `tabindex=-1`; robots fill it in.
    #[serde(skip_serializing)]
    homepage: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OrgQuery {
    org: String,
}

/// A page with the form token: never stored by caches.
pub fn private_page(status: StatusCode, html: String) -> Response {
    let mut r = (status, Html(html)).into_response();
    crate::auth::no_store(r.headers_mut());
    r
}

fn org_choices(orgs: &[Organization]) -> Vec<(String, String)> {
    orgs.iter()
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect()
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: &ApplyForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    let orgs = state.db.orgs().await?;
    Ok(render(
        "apply.html",
        crate::ctx! {
            csrf => csrf.0, form => form, errors => error_map(errors),
            orgs => org_choices(&orgs),
            applicant_types => applicant_type_choices(),
            id_kinds => ID_KINDS, provision_forms => PROVISION_FORMS,
            delivery_methods => DELIVERY_METHODS,
        },
    )?)
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let q: OrgQuery = crate::public::parse_query(raw.as_deref())?;
    let orgs = state.db.orgs().await?;
    let org = if orgs.len() == 1 {
        orgs[0].code.clone()
    } else {
        orgs.iter()
            .find(|o| o.code == q.org)
            .map(|o| o.code.clone())
            .unwrap_or_default()
    };
    let form = ApplyForm {
        org,
        fields: ApplicantFields {
            applicant_type: "natural_person".into(),
            id_kind: "resident_id".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(private_page(
        StatusCode::OK,
        form_page(&state, &csrf, &form, &FieldErrors::new()).await?,
    ))
}

#[derive(Serialize)]
struct Summary {
    org: String,
    applicant_type: String,
    name: String,
    org_name: String,
    id_kind: String,
    id_number: String,
    credit_code: String,
    phone: String,
    email: String,
    address: String,
    request: String,
    provision_form: String,
    delivery_method: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<ApplyForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if !state.limits.apply.allow(&addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    if !f.homepage.is_empty() {
        // A robot filled in the hidden field: nothing is stored, and the answer does not say why.
        return Err(AppError::BadRequest(
            "申请未能提交。请关闭自动填表工具后，在页面上重新填写。".into(),
        ));
    }
    let now = state.clock.now();
    let today = state.clock.today();
    let org = match f.org.trim() {
        "" => None,
        code if code.len() <= 32 => state.db.org_by_code(code).await?,
        _ => None,
    };
    let checked = f.fields.check(today);
    let mut errors = match &checked {
        Ok(_) => FieldErrors::new(),
        Err(e) => e.clone(),
    };
    if org.is_none() {
        errors.add("org", "请选择受理申请的机关");
    }
    let (Some(org), Ok(c)) = (org, checked) else {
        return Ok(private_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &csrf, &f, &errors).await?,
        ));
    };
    let new = NewApplication {
        org_id: org.id,
        applicant_type: c.applicant_type,
        channel: Channel::Online,
        received_on: today,
        request_text: c.request_text.clone(),
        provision_form: c.provision_form.clone(),
        delivery_method: c.delivery_method.clone(),
        handler_id: None,
        department_id: None,
        applicant: c.applicant.clone(),
    };
    let actor = Actor::system("申请人（网上提交）");
    let created = match state.db.create_application(&new, &actor, now).await {
        Ok(x) => x,
        Err(DbError::Invalid(e)) => {
            return Ok(private_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, &csrf, &f, &e).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let a = &c.applicant;
    let summary = Summary {
        org: org.name.clone(),
        applicant_type: c.applicant_type.full_label(),
        name: a.name.clone(),
        org_name: a.org_name.clone(),
        id_kind: crate::application_form::label_of(ID_KINDS, &a.id_kind)
            .unwrap_or("")
            .into(),
        id_number: if a.id_number.is_empty() {
            String::new()
        } else {
            ident::mask_id(&a.id_number)
        },
        credit_code: a.credit_code.clone(),
        phone: if a.phone.is_empty() {
            String::new()
        } else {
            ident::mask_phone(&a.phone)
        },
        email: a.email.clone(),
        address: a.address.clone(),
        request: c.request_text.clone(),
        provision_form: c.provision_form.clone(),
        delivery_method: c.delivery_method.clone(),
    };
    let case = &created.case;
    let html = render(
        "apply_done.html",
        crate::ctx! {
            tracking_no => case.tracking_no,
            secret => created.secret,
            org_code => org.code,
            received_on => format_cn_date(case.received_on),
            basis => ReceiptBasis::OnlineConfirmed.explain(),
            reply_due => case.reply_due.map(format_cn_date).unwrap_or_default(),
            provisional => case.provisional,
            summary => summary,
        },
    )?;
    Ok(private_page(StatusCode::OK, html))
}
