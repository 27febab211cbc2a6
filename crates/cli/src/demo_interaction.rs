//! Demo content for public interaction: answered messages, an FAQ entry, an open consultation, a
//! deputy's suggestion with its answer, a response to public concern and a decisions catalog
//! item — written through the same `Db` methods (and rules) as staff would use.

use gongkai_core::concern::{Level, ResponseKind};
use gongkai_core::consultation::Kind as ConsultationKind;
use gongkai_core::message::{Category, Step};
use gongkai_core::proposal::Kind as ProposalKind;
use gongkai_db::{Actor, Db, DecisionFields, MessageAction, NewMessage};
use gongkai_web::Clock;

const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "高龄津贴怎么申领",
        "家中老人今年满80周岁，请问高龄津贴怎么申领？需要什么材料？",
        "年满80周岁的本市户籍老人，可持身份证、户口簿到户籍所在地社区服务中心申领，也可在政务服务网上办理。审核通过后次月起按月发放。",
    ),
    (
        "请问高龄津贴如何申领",
        "父亲刚满80岁，高龄津贴在哪里办？",
        "可到户籍所在地社区服务中心办理，或登录政务服务网在线申请，所需材料为老人身份证和户口簿。",
    ),
    (
        "低保申请需要哪些材料",
        "想为家里申请最低生活保障，需要准备什么材料？",
        "需提供家庭成员身份证、户口簿、收入证明及财产情况说明，向户籍所在地乡镇（街道）提出申请。",
    ),
];

/// Adds the demo interaction content to the demo organization.
pub async fn load(db: &Db, clock: &Clock, org_id: i64) -> anyhow::Result<()> {
    let now = clock.now();
    let today = clock.today();
    let staff = Actor::system("演示数据");
    let dep = db
        .departments(org_id)
        .await?
        .first()
        .map(|d| d.id)
        .ok_or_else(|| anyhow::anyhow!("demo organization has no department"))?;
    let board = db.message_boxes(org_id).await?[0].id;
    let mut first = None;
    for (title, body, reply) in MESSAGES {
        let (mut m, _) = db
            .submit_message(
                &NewMessage {
                    box_id: board,
                    category: Category::Consult,
                    title: (*title).into(),
                    body: (*body).into(),
                    allow_publish: true,
                    name: "演示留言人".into(),
                    contact: "demo@example.cn".into(),
                    document: None,
                },
                now,
            )
            .await?;
        let a = |step, department_id, reply: Option<&str>| MessageAction {
            step,
            note: String::new(),
            department_id,
            reply: reply.map(str::to_string),
            publish: true,
        };
        for action in [
            a(Step::Register, None, None),
            a(Step::Assign, Some(dep), None),
            a(Step::Draft, None, Some(reply)),
            a(Step::SignOff, None, None),
            a(Step::Send, None, None),
        ] {
            m = db
                .message_step(m.id, &m.status, &action, &staff, now)
                .await?;
        }
        first.get_or_insert((m.id, *reply));
    }
    if let Some((id, reply)) = first {
        db.add_faq(
            org_id,
            "养老服务",
            "高龄津贴怎么申领？",
            reply,
            Some(id),
            &staff,
            now,
        )
        .await?;
    }
    let consultation = db
        .create_consultation(
            org_id,
            "示范市养老服务补贴办法（征求意见稿）",
            ConsultationKind::NormativeDocument,
            "第一条 为规范养老服务补贴发放，保障老年人基本养老服务需求，制定本办法。\n第二条 本办法适用于本市行政区域内养老服务补贴的申请、审核和发放。",
            today,
            today + chrono::Duration::days(30),
            "",
            &staff,
            now,
        )
        .await?;
    let p = db
        .register_proposal(
            org_id,
            ProposalKind::Suggestion,
            "第0001号",
            "关于加快社区养老服务设施建设的建议",
            "王代表",
            today,
            &staff,
            now,
        )
        .await?;
    db.assign_proposal(org_id, p.id, dep, &staff, now).await?;
    db.answer_proposal(
        org_id,
        p.id,
        "王代表：您提出的建议已收悉。我局已将社区养老服务设施建设纳入年度重点工作，今年计划新建社区养老服务中心10个。感谢您对民政工作的关心和支持。",
        "",
        &staff,
        now,
    )
    .await?;
    let c = db
        .add_concern(
            org_id,
            "网传养老机构收费上涨",
            Level::Ordinary,
            now - chrono::Duration::hours(6),
            "网络论坛",
            &staff,
            now,
        )
        .await?;
    db.respond_to_concern(
        org_id,
        c.id,
        ResponseKind::Statement,
        now - chrono::Duration::hours(2),
        "发布情况说明：公办养老机构收费标准未作调整。",
        "",
        &staff,
        now,
    )
    .await?;
    use chrono::Datelike;
    db.save_major_decision(
        org_id,
        None,
        &DecisionFields {
            year: i64::from(today.year()),
            title: "制定示范市养老服务补贴办法".into(),
            sponsor: "养老服务处".into(),
            planned: format!("{}年12月底前", today.year()),
            consultation_id: Some(consultation.id),
            expert_review: "拟组织专家论证".into(),
            risk_assessment: "拟开展社会稳定风险评估".into(),
            public_attendance: "拟邀请公众代表列席".into(),
            final_index_no: String::new(),
        },
        &staff,
        now,
    )
    .await?;
    Ok(())
}
