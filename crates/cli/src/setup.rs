//! Organizations, staff accounts and the demo agency.

use crate::{OrgCommand, UserCommand};
use anyhow::{Context, bail};
use gongkai_core::demo::DEMO_ORG;
use gongkai_core::org::OrgCode;
use gongkai_core::role::Role;
use gongkai_db::{Actor, Db, DbError, NewUser, OrgContact};
use gongkai_web::Clock;

fn cli_actor() -> Actor {
    Actor::system("cli")
}

/// Turns a storage error into a readable message (field errors in Chinese).
pub fn explain(e: DbError) -> anyhow::Error {
    match e {
        DbError::Invalid(f) => anyhow::anyhow!(
            "{}",
            f.0.iter()
                .map(|e| format!("{}：{}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("；")
        ),
        DbError::Conflict(m) => anyhow::anyhow!(m),
        other => anyhow::anyhow!(other),
    }
}

/// A random password of 16 characters from an alphabet without look-alikes.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let token = gongkai_web::csrf::random_token();
    let bytes = token.as_bytes();
    let mut out: String = bytes
        .chunks(2)
        .take(14)
        .map(|c| ALPHABET[(usize::from(c[0]) * 31 + usize::from(c[1])) % ALPHABET.len()] as char)
        .collect();
    // The policy wants two kinds of characters; a fixed tail guarantees it.
    out.push_str("-7");
    out
}

pub async fn org_command(db: &Db, clock: &Clock, cmd: OrgCommand) -> anyhow::Result<()> {
    match cmd {
        OrgCommand::Add { code, name, parent } => {
            let code = OrgCode::parse(&code).map_err(|m| anyhow::anyhow!(m))?;
            let o = db
                .create_org(
                    &code,
                    &name,
                    parent.as_deref(),
                    &OrgContact::default(),
                    &cli_actor(),
                    clock.now(),
                )
                .await
                .map_err(explain)?;
            println!("已添加机关 {}（{}）", o.name, o.code);
        }
        OrgCommand::List => {
            for o in db.orgs().await? {
                println!("{}\t{}", o.code, o.name);
            }
        }
    }
    Ok(())
}

pub async fn user_command(db: &Db, clock: &Clock, cmd: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        username,
        name,
        role,
        org,
        password_env,
    } = cmd;
    let role = Role::parse(&role).with_context(|| {
        format!("unknown role {role}: admin, editor, reviewer, office_head, case_handler")
    })?;
    let org = db
        .org_by_code(&org)
        .await?
        .with_context(|| format!("no organization with code {org}"))?;
    let (password, generated) = match password_env {
        Some(var) => (
            std::env::var(&var)
                .with_context(|| format!("environment variable {var} is not set"))?,
            false,
        ),
        None => (random_password(), true),
    };
    if let Err(m) = gongkai_core::account::check_password(&password) {
        bail!(m);
    }
    let hash = gongkai_web::auth::hash_password(password.clone())
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let u = db
        .create_user(
            &NewUser {
                username,
                display_name: name,
                password_hash: hash,
                role,
                org_id: org.id,
            },
            &cli_actor(),
            clock.now(),
        )
        .await
        .map_err(explain)?;
    println!(
        "已添加用户 {}（{}，{}）",
        u.username,
        role.label(),
        org.name
    );
    if generated {
        println!("初始密码（只显示这一次）：{password}");
    }
    Ok(())
}

/// Creates the demo government and its civil affairs bureau with departments, if missing.
pub async fn demo_orgs(db: &Db, clock: &Clock) -> anyhow::Result<i64> {
    let now = clock.now();
    if db.org_by_code(DEMO_ORG.parent_code).await?.is_none() {
        let code = OrgCode::parse(DEMO_ORG.parent_code).map_err(|m| anyhow::anyhow!(m))?;
        db.create_org(
            &code,
            DEMO_ORG.parent_name,
            None,
            &OrgContact::default(),
            &cli_actor(),
            now,
        )
        .await
        .map_err(explain)?;
    }
    let org = match db.org_by_code(DEMO_ORG.code).await? {
        Some(o) => o,
        None => {
            let code = OrgCode::parse(DEMO_ORG.code).map_err(|m| anyhow::anyhow!(m))?;
            let contact = OrgContact {
                address: DEMO_ORG.address.into(),
                postcode: DEMO_ORG.postcode.into(),
                office_hours: DEMO_ORG.office_hours.into(),
                phone: DEMO_ORG.phone.into(),
                fax: DEMO_ORG.fax.into(),
                email: DEMO_ORG.email.into(),
                website: DEMO_ORG.website.into(),
                guide_notes: "本平台为演示环境，所列机关、文件和联系方式均为虚构。".into(),
            };
            let o = db
                .create_org(
                    &code,
                    DEMO_ORG.name,
                    Some(DEMO_ORG.parent_code),
                    &contact,
                    &cli_actor(),
                    now,
                )
                .await
                .map_err(explain)?;
            for d in DEMO_ORG.departments {
                db.add_department(o.id, d, &cli_actor(), now)
                    .await
                    .map_err(explain)?;
            }
            o
        }
    };
    Ok(org.id)
}

/// `serve --demo`: the demo agency, its staff accounts (passwords printed once, when created),
/// a few hundred published documents and examples of public interaction.
pub async fn demo(db: &Db, clock: &Clock) -> anyhow::Result<()> {
    let org_id = demo_orgs(db, clock).await?;
    let accounts = [
        ("admin", "系统管理员", Role::Admin),
        ("editor", "信息编辑", Role::Editor),
        ("office", "公开办负责人", Role::OfficeHead),
    ];
    let mut created = Vec::new();
    for (username, name, role) in accounts {
        if db.user_by_username(username).await?.is_some() {
            continue;
        }
        let password = random_password();
        let hash = gongkai_web::auth::hash_password(password.clone())
            .await
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        db.create_user(
            &NewUser {
                username: username.into(),
                display_name: name.into(),
                password_hash: hash,
                role,
                org_id,
            },
            &cli_actor(),
            clock.now(),
        )
        .await
        .map_err(explain)?;
        created.push((username, role, password));
    }
    // The demo editor works in 办公室: the demo work plan's tasks of that division are theirs.
    if created.iter().any(|c| c.0 == "editor")
        && let (Some(editor), Some(office)) = (
            db.user_by_username("editor").await?,
            db.departments(org_id)
                .await?
                .into_iter()
                .find(|d| d.name == "办公室"),
        )
    {
        db.set_user_department(
            org_id,
            editor.id,
            Some(office.id),
            &cli_actor(),
            clock.now(),
        )
        .await
        .map_err(explain)?;
    }
    let existing = db
        .staff_listing(org_id, &Default::default(), None, 1)
        .await?;
    if existing.is_empty() {
        let report = crate::demo::load(db, clock, 1, 300, false).await?;
        crate::demo_interaction::load(db, clock, org_id)
            .await
            .map_err(|e| anyhow::anyhow!("demo interaction content: {e}"))?;
        crate::demo_work_plan::load(db, clock, org_id)
            .await
            .map_err(|e| anyhow::anyhow!("demo work plan: {e}"))?;
        println!(
            "演示数据：{}，已生成 {} 条公开信息，以及留言、常见问题、意见征集、建议提案、工作要点等示例",
            DEMO_ORG.name, report.imported
        );
    }
    if created.is_empty() {
        println!("演示账号已存在（密码只在首次启动时显示；可用 gongkai user add 新建账号）");
    } else {
        println!("演示账号（密码只显示这一次，请妥善保存）：");
        for (u, role, pw) in created {
            println!("  {u:<8} {:<8} 密码：{pw}", role.label());
        }
        println!("后台地址：/admin");
    }
    Ok(())
}
