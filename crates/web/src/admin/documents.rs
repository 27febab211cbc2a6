//! Catalog documents in the back office: list, create, edit, withdraw. Submission, review and
//! approval are in `review.rs`.

use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map, notice};
use crate::state::AppState;
use crate::templates::render;
use crate::views::{
    AttachmentView, DocRow, DocView, disclosure_choices, genre_choices, subject_choices,
    validity_choices,
};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::catalog::Status;
use gongkai_core::document::DocumentInput;
use gongkai_core::review::Basis;
use gongkai_core::role::Action;
use gongkai_db::{DbError, Document, ListingFilter};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    q: String,
    before: String,
    msg: String,
}

const PAGE: i64 = 50;

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewDrafts)?;
    let q: ListQuery = crate::public::parse_query(raw.as_deref())?;
    let status = match q.status.as_str() {
        "" => None,
        s => Some(Status::parse(s).ok_or_else(|| AppError::BadRequest("状态参数不正确".into()))?),
    };
    let before = match q.before.as_str() {
        "" => None,
        b => Some(
            b.parse::<i64>()
                .map_err(|_| AppError::BadRequest("分页参数不正确".into()))?,
        ),
    };
    let filter = ListingFilter {
        status: status.map(|s| s.as_str().to_string()),
        title_contains: Some(q.q.trim().to_string()).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    let items = state
        .db
        .staff_listing(staff.org.id, &filter, before, PAGE)
        .await?;
    let next = (items.len() as i64 == PAGE)
        .then(|| items.last().map(|d| d.id))
        .flatten();
    let html = render(
        "admin/documents.html",
        crate::ctx! {
            chrome => chrome(&staff),
            items => items.iter().map(DocRow::from).collect::<Vec<_>>(),
            status => q.status, q => q.q, next => next,
            notice => notice(Some(q.msg.as_str())),
        },
    )?;
    Ok(page(html))
}

/// The fields of the document form plus the hidden values.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DocumentForm {
    csrf: String,
    version: String,
    title: String,
    doc_no: String,
    publisher: String,
    written_on: String,
    subject: String,
    genre: String,
    disclosure: String,
    disclosure_reason: String,
    validity: String,
    keywords: String,
    summary: String,
    body: String,
    column: String,
    department: String,
    successor: String,
    interprets: String,
    needs_interpretation: String,
    legal_kind: String,
}

impl DocumentForm {
    fn input(&self) -> DocumentInput {
        DocumentInput {
            title: self.title.clone(),
            doc_no: self.doc_no.clone(),
            publisher: self.publisher.clone(),
            written_on: self.written_on.clone(),
            subject: self.subject.clone(),
            genre: self.genre.clone(),
            disclosure: self.disclosure.clone(),
            disclosure_reason: self.disclosure_reason.clone(),
            validity: self.validity.clone(),
            keywords: self.keywords.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            column: self.column.clone(),
            department: self.department.clone(),
            successor: self.successor.clone(),
            interprets: self.interprets.clone(),
            needs_interpretation: self.needs_interpretation.clone(),
            legal_kind: self.legal_kind.clone(),
        }
    }
}

fn input_of(d: &Document) -> DocumentInput {
    DocumentInput {
        title: d.title.clone(),
        doc_no: d.doc_no.clone().unwrap_or_default(),
        publisher: d.publisher.clone(),
        written_on: d.written_on.to_string(),
        subject: d.subject.clone(),
        genre: d.genre.clone(),
        disclosure: d.disclosure.clone(),
        disclosure_reason: d.disclosure_reason.clone().unwrap_or_default(),
        validity: d.validity.clone(),
        keywords: d.keywords.clone(),
        summary: d.summary.clone(),
        body: d.body_html.clone(),
        column: d.column_slug.clone().unwrap_or_default(),
        department: d.department_name.clone().unwrap_or_default(),
        successor: d.successor_index_no.clone().unwrap_or_default(),
        interprets: d.interprets_index_no.clone().unwrap_or_default(),
        needs_interpretation: if d.needs_interpretation { "true" } else { "" }.into(),
        legal_kind: d.legal_kind.clone().unwrap_or_default(),
    }
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    doc: Option<&Document>,
    input: &DocumentInput,
    version: i64,
    errors: &FieldErrors,
    problem: Option<String>,
) -> AppResult<String> {
    let columns = state.db.columns(staff.org.id).await?;
    let departments = state.db.departments(staff.org.id).await?;
    Ok(render(
        "admin/document_form.html",
        crate::ctx! {
            chrome => chrome(staff),
            doc => doc.map(DocView::from),
            input => input,
            version => version,
            errors => error_map(errors),
            problem => problem,
            columns => columns.iter().map(|c| (c.slug.clone(), c.name.clone())).collect::<Vec<_>>(),
            departments => departments.iter().map(|d| d.name.clone()).collect::<Vec<_>>(),
            subjects => subject_choices(),
            genres => genre_choices(),
            validities => validity_choices(),
            disclosures => disclosure_choices(),
        },
    )?)
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    let input = DocumentInput {
        publisher: staff.org.name.clone(),
        disclosure: "proactive".into(),
        validity: "in_force".into(),
        written_on: state.clock.today().to_string(),
        ..Default::default()
    };
    Ok(page(
        form_page(&state, &staff, None, &input, 0, &FieldErrors::new(), None).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<DocumentForm>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let input = f.input();
    let fields = match input.validate(state.clock.today()) {
        Ok(v) => v,
        Err(e) => {
            return Ok(invalid(
                form_page(&state, &staff, None, &input, 0, &e, None).await?,
            ));
        }
    };
    match state
        .db
        .create_document(staff.org.id, &fields, &staff.actor(), state.clock.now())
        .await
    {
        Ok(d) => {
            state.sync_changes().await?;
            Ok(Redirect::to(&format!("/admin/documents/{}?msg=created", d.id)).into_response())
        }
        Err(DbError::Invalid(e)) => Ok(invalid(
            form_page(&state, &staff, None, &input, 0, &e, None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn load(state: &AppState, staff: &Staff, id: i64) -> AppResult<Document> {
    let d = state.db.document(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(d.org_id)?;
    Ok(d)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MsgQuery {
    msg: String,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewDrafts)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    let d = load(&state, &staff, id).await?;
    Ok(page(
        show_page(
            &state,
            &staff,
            &d,
            notice(Some(q.msg.as_str())),
            None,
            &FieldErrors::new(),
        )
        .await?,
    ))
}

pub(crate) async fn show_page(
    state: &AppState,
    staff: &Staff,
    d: &Document,
    notice: Option<&str>,
    problem: Option<String>,
    errors: &FieldErrors,
) -> AppResult<String> {
    let attachments = state.db.attachments(d.id).await?;
    let audit = state.db.audit_for("document", d.id).await?;
    let history = state.db.document_reviews(d.id).await?;
    let releases = state.db.channel_releases(d.id).await?;
    let channels = if staff.may(Action::PublishDocument) && d.status() == Status::Published {
        state
            .db
            .channels(d.org_id)
            .await?
            .into_iter()
            .filter(|c| {
                c.enabled && c.kind != "website" && !releases.iter().any(|r| r.channel_id == c.id)
            })
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        Vec::new()
    };
    let revises = match d.revises_id {
        Some(r) => state.db.document(r).await?,
        None => None,
    };
    let status = d.status();
    let may_review = staff.may(Action::ReviewDocument);
    let findings = if may_review && status == Status::Submitted {
        super::review::item_findings(state, d.id).await?
    } else {
        Vec::new()
    };
    let open_high = findings.iter().filter(|f| f.blocking()).count();
    Ok(render(
        "admin/document.html",
        crate::ctx! {
            chrome => chrome(staff),
            doc => DocView::from(d),
            can_submit => staff.may(Action::EditDocument)
                && matches!(status, Status::Draft | Status::Withdrawn | Status::Filed),
            can_review => may_review && status == Status::Submitted,
            can_approve => staff.may(Action::PublishDocument) && status == Status::Reviewed,
            can_unschedule => staff.may(Action::PublishDocument) && status == Status::Scheduled,
            can_withdraw => staff.may(Action::WithdrawDocument) && status == Status::Published,
            can_repeal => staff.may(Action::WithdrawDocument) && status == Status::Published
                && d.validity() == gongkai_core::catalog::Validity::InForce,
            can_revise => staff.may(Action::EditDocument) && status == Status::Published
                && d.successor_id.is_none(),
            revises => revises.as_ref().map(|r| (r.id, r.title.clone(), r.index_no.clone())),
            can_edit => staff.may(Action::EditDocument) && status.can_edit(),
            scheduled_at => d.scheduled_at.map(|t| t.with_timezone(&gongkai_core::time::china()).format("%Y-%m-%d %H:%M").to_string()),
            findings => findings,
            open_high => open_high,
            bases => Basis::ALL.iter().map(|b| (b.as_str(), b.label())).collect::<Vec<_>>(),
            history => super::review::history_views(&history),
            releases => releases.iter().map(|r| (r.channel_name.clone(), r.released_at.with_timezone(&gongkai_core::time::china()).format("%Y-%m-%d").to_string(), r.recorded_by.clone(), r.note.clone())).collect::<Vec<_>>(),
            release_channels => channels,
            today => state.clock.today().to_string(),
            default_release => (state.clock.now() + chrono::Duration::hours(1)).with_timezone(&gongkai_core::time::china()).format("%Y-%m-%dT%H:00").to_string(),
            attachments => attachments.iter().map(|a| {
                let mut v = AttachmentView::from(a);
                v.url = format!("/admin/documents/{}/attachments/{}", d.id, a.id);
                v
            }).collect::<Vec<_>>(),
            audit => audit.iter().map(crate::admin::audit::AuditRow::from).collect::<Vec<_>>(),
            notice => notice,
            problem => problem,
            errors => error_map(errors),
            max_upload_mb => state.config.max_upload_bytes / 1024 / 1024,
        },
    )?)
}

pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    let d = load(&state, &staff, id).await?;
    Ok(page(
        form_page(
            &state,
            &staff,
            Some(&d),
            &input_of(&d),
            d.version,
            &FieldErrors::new(),
            None,
        )
        .await?,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DocumentForm>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let d = load(&state, &staff, id).await?;
    let version: i64 = f
        .version
        .parse()
        .map_err(|_| AppError::BadRequest("表单缺少版本号".into()))?;
    let input = f.input();
    let fields = match input.validate(state.clock.today()) {
        Ok(v) => v,
        Err(e) => {
            return Ok(invalid(
                form_page(&state, &staff, Some(&d), &input, version, &e, None).await?,
            ));
        }
    };
    match state
        .db
        .update_document(id, version, &fields, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => {
            state.sync_changes().await?;
            Ok(Redirect::to(&format!("/admin/documents/{id}?msg=saved")).into_response())
        }
        Err(DbError::Invalid(e)) => Ok(invalid(
            form_page(&state, &staff, Some(&d), &input, version, &e, None).await?,
        )),
        Err(DbError::Conflict(m)) => {
            let html = form_page(
                &state,
                &staff,
                Some(&d),
                &input,
                version,
                &FieldErrors::new(),
                Some(m),
            )
            .await?;
            Ok(conflict(html))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    csrf: String,
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<WithdrawForm>,
) -> AppResult<Response> {
    staff.require(Action::WithdrawDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let d = load(&state, &staff, id).await?;
    match state
        .db
        .withdraw_document(id, &f.reason, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => {
            state.sync_changes().await?;
            Ok(Redirect::to(&format!("/admin/documents/{id}?msg=withdrawn")).into_response())
        }
        Err(DbError::Invalid(e)) => Ok(invalid(
            show_page(&state, &staff, &d, None, None, &e).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ValidityForm {
    csrf: String,
    validity: String,
}

/// `POST /admin/documents/{id}/validity`: marks a published item 已废止 or 已失效 (清理 of
/// 规范性文件); the item stays public with its new validity, dated for the annual report.
pub async fn set_validity(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ValidityForm>,
) -> AppResult<Response> {
    staff.require(Action::WithdrawDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    load(&state, &staff, id).await?;
    let validity = gongkai_core::catalog::Validity::parse(&f.validity)
        .ok_or_else(|| AppError::BadRequest("有效性取值不正确".into()))?;
    state
        .db
        .set_document_validity(id, validity, &staff.actor(), state.clock.now())
        .await?;
    state.sync_changes().await?;
    Ok(Redirect::to(&format!("/admin/documents/{id}")).into_response())
}
