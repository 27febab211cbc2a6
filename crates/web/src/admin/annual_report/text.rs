//! The report's words: the narrative sections (一、五、六) and the explanation of a continuity
//! warning, saved by staff; a fact from the records inserted into its section; and the report put
//! into the 年度报告 column as a draft item, to go through review and approval like any item.
//! An empty narrative section or a failing integrity check blocks that last step with a message.

use super::{Notices, document, parse_year, report_page};
use crate::admin::invalid;
use crate::auth::Staff;
use crate::csrf;
use crate::error::AppResult;
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::annual_report::{Narrative, blocks_publication, check, facts};
use gongkai_core::document::DocumentInput;
use gongkai_core::role::Action;
use gongkai_core::subject::Subject;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TextForm {
    csrf: String,
    year: String,
    overview: String,
    problems: String,
    other: String,
    continuity_note: String,
}

/// `POST /admin/annual-report/text`.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let year = parse_year(&state, &f.year)?;
    let narrative = Narrative {
        overview: f.overview,
        problems: f.problems,
        other: f.other,
    };
    match state
        .db
        .save_annual_report_text(
            staff.org.id,
            year,
            &narrative,
            &f.continuity_note,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/annual-report?year={year}#text")).into_response())
        }
        Err(gongkai_db::DbError::Invalid(e)) => {
            let notices = Notices {
                text: Some(
                    e.0.iter()
                        .map(|x| x.message.clone())
                        .collect::<Vec<_>>()
                        .join("；"),
                ),
                ..Notices::default()
            };
            Ok(invalid(
                report_page(
                    &state,
                    &staff,
                    year,
                    false,
                    notices,
                    Some((narrative, f.continuity_note)),
                )
                .await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct FactForm {
    csrf: String,
    year: String,
    key: String,
}

/// `POST /admin/annual-report/facts`: appends the fact `key` to its section and saves.
pub async fn insert_fact(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<FactForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let year = parse_year(&state, &f.year)?;
    let fact = state
        .db
        .annual_report_facts(staff.org.id, year)
        .await?
        .sentences(year)
        .into_iter()
        .find(|x| x.key == f.key)
        .ok_or_else(|| crate::error::AppError::BadRequest("没有这项数据".into()))?;
    let saved = state.db.annual_report_text(staff.org.id, year).await?;
    let mut narrative = saved.as_ref().map(|t| t.narrative()).unwrap_or_default();
    let note = saved.map(|t| t.continuity_note).unwrap_or_default();
    let slot = match fact.section {
        0 => &mut narrative.overview,
        4 => &mut narrative.problems,
        _ => &mut narrative.other,
    };
    *slot = facts::insert(slot, &fact.text);
    state
        .db
        .save_annual_report_text(
            staff.org.id,
            year,
            &narrative,
            &note,
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/annual-report?year={year}#text")).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearForm {
    csrf: String,
    year: String,
}

/// `POST /admin/annual-report/catalog`: the report as a draft item of the 年度报告 column, once
/// every narrative section is written and no check fails; then on to the item's review.
pub async fn to_catalog(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<YearForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    staff.require(Action::EditDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let year = parse_year(&state, &f.year)?;
    let (assembled, narrative, doc) = document(&state, &staff, year, false).await?;
    let mut refusals: Vec<String> = narrative
        .missing()
        .into_iter()
        .map(|h| format!("“{h}”尚未填写"))
        .collect();
    if blocks_publication(&check(&assembled.report)) {
        refusals.push("报告数据未通过核对（见页首所列问题）".into());
    }
    if !refusals.is_empty() {
        let notices = Notices {
            text: Some(format!("不能生成年报稿件：{}", refusals.join("；"))),
            ..Notices::default()
        };
        return Ok(invalid(
            report_page(&state, &staff, year, false, notices, None).await?,
        ));
    }
    let today = state.clock.today();
    let input = DocumentInput {
        title: doc.title.clone(),
        publisher: staff.org.name.clone(),
        written_on: today.to_string(),
        subject: Subject::from_label("综合政务/政务公开")
            .map(|s| s.code.to_string())
            .unwrap_or_default(),
        genre: "报告".into(),
        disclosure: "proactive".into(),
        body: doc.to_html(),
        column: "ndbg".into(),
        ..Default::default()
    };
    let fields = input
        .validate(today)
        .map_err(|e| crate::error::AppError::Internal(format!("report item: {e:?}")))?;
    let id = state
        .db
        .annual_report_to_catalog(
            staff.org.id,
            year,
            &fields,
            &assembled.report.table3.carried_to_next,
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    state.sync_changes().await?;
    Ok(Redirect::to(&format!("/admin/documents/{id}")).into_response())
}
