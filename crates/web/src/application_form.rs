//! The applicant and request fields of an application for disclosure (Art. 29), shared by the
//! public online form and the staff registration form: size limits, identity checks (resident ID
//! and unified social credit code checksums), contact details, the description of the
//! information sought, the form of provision and how to receive it.

use chrono::NaiveDate;
use gongkai_core::FieldErrors;
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::ident;
use gongkai_db::NewApplicant;
use serde::{Deserialize, Serialize};

/// Kinds of identity document of a natural person.
pub const ID_KINDS: &[(&str, &str)] = &[
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("other", "其他有效身份证件"),
];

/// Forms of provision (Art. 29 (三), Art. 40).
pub const PROVISION_FORMS: &[(&str, &str)] = &[
    ("paper", "纸质文本"),
    ("electronic", "电子文档"),
    ("either", "纸质或电子均可"),
];

/// How the applicant receives the information.
pub const DELIVERY_METHODS: &[(&str, &str)] = &[
    ("pickup", "自行领取"),
    ("post", "邮寄"),
    ("email", "电子邮件"),
    ("online", "在线查看（凭申请编号和查询码）"),
];

pub fn label_of(list: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    list.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// The fields as typed (kept to show the form again with its values).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ApplicantFields {
    pub applicant_type: String,
    pub name: String,
    pub id_kind: String,
    pub id_number: String,
    pub org_name: String,
    pub credit_code: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub info_name: String,
    pub info_doc_no: String,
    pub info_description: String,
    pub provision_form: String,
    pub delivery_method: String,
}

/// The checked values, ready for `NewApplication`.
#[derive(Debug, Clone)]
pub struct CheckedApplicant {
    pub applicant_type: ApplicantType,
    pub applicant: NewApplicant,
    pub request_text: String,
    pub provision_form: String,
    pub delivery_method: String,
}

fn too_long(e: &mut FieldErrors, field: &'static str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        e.add(field, format!("{what}最多{max}个字"));
    }
}

fn phone_ok(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    digits >= 5
        && p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '（' | '）'))
}

fn email_ok(m: &str) -> bool {
    match m.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !m.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
                && !domain.contains('@')
        }
        None => false,
    }
}

impl ApplicantFields {
    /// Checks every field; all problems are reported at once, in Chinese, by field name.
    pub fn check(&self, today: NaiveDate) -> Result<CheckedApplicant, FieldErrors> {
        let mut e = FieldErrors::new();
        let t = |s: &str| s.trim().to_string();
        let (name, id_number, org_name) = (t(&self.name), t(&self.id_number), t(&self.org_name));
        let (credit, phone, email, address) = (
            t(&self.credit_code),
            t(&self.phone),
            t(&self.email),
            t(&self.address),
        );
        let (info_name, info_doc_no, info_description) = (
            t(&self.info_name),
            t(&self.info_doc_no),
            t(&self.info_description),
        );
        too_long(&mut e, "name", &name, 50, "姓名");
        too_long(&mut e, "org_name", &org_name, 100, "名称");
        too_long(&mut e, "id_number", &id_number, 30, "证件号码");
        too_long(&mut e, "credit_code", &credit, 30, "统一社会信用代码");
        too_long(&mut e, "phone", &phone, 30, "联系电话");
        too_long(&mut e, "email", &email, 100, "电子邮箱");
        too_long(&mut e, "address", &address, 200, "通信地址");
        too_long(&mut e, "info_name", &info_name, 200, "信息名称");
        too_long(&mut e, "info_doc_no", &info_doc_no, 100, "文号");
        too_long(
            &mut e,
            "info_description",
            &info_description,
            2000,
            "特征性描述",
        );

        let applicant_type = ApplicantType::parse(&self.applicant_type);
        let natural = applicant_type.is_none_or(ApplicantType::is_natural_person);
        if applicant_type.is_none() {
            e.add("applicant_type", "请选择申请人类型");
        }
        let id_kind = if natural {
            match self.id_kind.as_str() {
                "" => "resident_id",
                k if label_of(ID_KINDS, k).is_some() => k,
                _ => {
                    e.add("id_kind", "请选择证件类型");
                    "other"
                }
            }
        } else {
            ""
        };
        if name.is_empty() {
            e.add(
                "name",
                if natural {
                    "请填写申请人姓名"
                } else {
                    "请填写联系人姓名"
                },
            );
        }
        if natural {
            if id_number.is_empty() {
                e.add("id_number", "请填写身份证件号码");
            } else if id_kind == "resident_id"
                && let Err(err) = ident::validate_resident_id_at(&id_number, today)
            {
                e.add("id_number", err.message());
            }
        } else {
            if org_name.is_empty() {
                e.add("org_name", "请填写法人或其他组织的名称");
            }
            if credit.is_empty() {
                e.add("credit_code", "请填写统一社会信用代码");
            } else if let Err(err) = ident::validate_credit_code(&credit) {
                e.add("credit_code", err.message());
            }
        }
        if phone.is_empty() && email.is_empty() {
            e.add("phone", "请至少填写联系电话或电子邮箱中的一项");
        }
        if !phone.is_empty() && !phone_ok(&phone) {
            e.add("phone", "联系电话只能包含数字、空格和“-+()”");
        }
        if !email.is_empty() && !email_ok(&email) {
            e.add("email", "电子邮箱格式不正确");
        }
        if info_name.is_empty() && info_doc_no.is_empty() && info_description.is_empty() {
            e.add(
                "info_name",
                "请至少填写所需政府信息的名称、文号或者便于查询的其他特征性描述中的一项",
            );
        }
        let provision = label_of(PROVISION_FORMS, &self.provision_form);
        if provision.is_none() {
            e.add("provision_form", "请选择获取信息的形式");
        }
        let delivery = label_of(DELIVERY_METHODS, &self.delivery_method);
        match self.delivery_method.as_str() {
            _ if delivery.is_none() => e.add("delivery_method", "请选择获取信息的方式"),
            "post" if address.is_empty() => e.add("address", "选择邮寄的，请填写通信地址"),
            "email" if email.is_empty() => e.add("email", "选择电子邮件的，请填写电子邮箱"),
            _ => {}
        }
        let (Some(applicant_type), Some(provision), Some(delivery), true) =
            (applicant_type, provision, delivery, e.is_empty())
        else {
            return Err(e);
        };
        let mut parts = Vec::new();
        if !info_name.is_empty() {
            parts.push(format!("信息名称：{info_name}"));
        }
        if !info_doc_no.is_empty() {
            parts.push(format!("文号：{info_doc_no}"));
        }
        if !info_description.is_empty() {
            // One line: the request is quoted inside notices, where a line is a paragraph.
            let d: Vec<&str> = info_description.split_whitespace().collect();
            parts.push(format!("特征性描述：{}", d.join(" ")));
        }
        Ok(CheckedApplicant {
            applicant_type,
            applicant: NewApplicant {
                name,
                id_kind: id_kind.to_string(),
                id_number: if natural { id_number } else { String::new() },
                phone,
                email,
                address,
                org_name: if natural { String::new() } else { org_name },
                credit_code: if natural {
                    String::new()
                } else {
                    ident::normalize_credit_code(&credit)
                },
            },
            request_text: parts.join("；"),
            provision_form: provision.to_string(),
            delivery_method: delivery.to_string(),
        })
    }
}

/// `(value, label)` of the applicant types, in the order of the annual report's columns.
pub fn applicant_type_choices() -> Vec<(&'static str, String)> {
    ApplicantType::ALL
        .iter()
        .map(|t| (t.as_str(), t.full_label()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> ApplicantFields {
        ApplicantFields {
            applicant_type: "natural_person".into(),
            name: "张三".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            info_name: "2023年度养老机构补贴发放情况".into(),
            provision_form: "electronic".into(),
            delivery_method: "online".into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
    }

    #[test]
    fn a_natural_person_with_a_valid_id() {
        let c = person().check(today()).unwrap();
        assert_eq!(c.applicant.id_kind, "resident_id");
        assert_eq!(c.request_text, "信息名称：2023年度养老机构补贴发放情况");
        assert_eq!(c.delivery_method, "在线查看（凭申请编号和查询码）");
    }

    #[test]
    fn a_bad_checksum_and_missing_contact_are_named() {
        let f = ApplicantFields {
            id_number: "110105194912310021".into(),
            phone: String::new(),
            delivery_method: "post".into(),
            ..person()
        };
        let e = f.check(today()).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field).collect();
        assert!(fields.contains(&"id_number"), "{fields:?}");
        assert!(fields.contains(&"phone"), "{fields:?}");
        assert!(fields.contains(&"address"), "{fields:?}");
        assert!(e.0.iter().any(|x| x.message.contains("校验位")));
    }

    #[test]
    fn an_organisation_needs_a_valid_credit_code() {
        let f = ApplicantFields {
            applicant_type: "research_institution".into(),
            org_name: "示范研究院".into(),
            credit_code: "91350100M000100Y42".into(),
            ..person()
        };
        let e = f.check(today()).unwrap_err();
        assert_eq!(e.0[0].field, "credit_code");
        let long = ApplicantFields {
            name: "张".repeat(51),
            ..person()
        };
        assert!(long.check(today()).is_err());
    }
}
