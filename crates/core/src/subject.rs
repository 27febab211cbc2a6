//! 主题分类: the two-level subject classification used by 中国政府网 (regulations.md §6.4).
//!
//! A subject is stored as a code: `"17"` for a top-level category, `"17.03"` for a second-level
//! item. Codes follow the order of the national list, so they sort the way portals show them.

use serde::Serialize;

/// The 22 top-level categories with their second-level items, in the national order.
pub const SUBJECTS: &[(&str, &[&str])] = &[
    (
        "国务院组织机构",
        &[
            "国务院",
            "国务院办公厅",
            "国务院组成部门",
            "国务院直属特设机构",
            "国务院直属机构",
            "国务院办事机构",
            "国务院直属事业单位",
            "国务院部委管理的国家局",
            "国务院议事协调机构",
            "其他",
        ],
    ),
    (
        "综合政务",
        &[
            "政务公开",
            "政务督查",
            "应急管理",
            "电子政务",
            "文秘工作",
            "保密工作",
            "信访",
            "参事、文史",
            "其他",
        ],
    ),
    (
        "国民经济管理、国有资产监管",
        &[
            "宏观经济",
            "经济体制改革",
            "统计",
            "物价",
            "国有资产监管",
            "重大建设项目",
            "其他",
        ],
    ),
    (
        "财政、金融、审计",
        &[
            "财政",
            "税务",
            "银行",
            "货币（含外汇）",
            "证券",
            "保险",
            "社会信用体系建设",
            "审计",
            "其他",
        ],
    ),
    (
        "国土资源、能源",
        &[
            "土地",
            "矿产",
            "水资源",
            "海洋",
            "煤炭",
            "石油与天然气",
            "电力",
            "其他",
        ],
    ),
    (
        "农业、林业、水利",
        &["农业、畜牧业、渔业", "林业", "水利", "其他"],
    ),
    (
        "工业、交通",
        &[
            "机械制造与重工业",
            "轻工纺织",
            "化工",
            "国防工业",
            "航天、航空",
            "信息产业（含电信）",
            "公路",
            "水运",
            "铁路",
            "民航",
            "邮政",
            "其他",
        ],
    ),
    (
        "商贸、海关、旅游",
        &[
            "对外经贸合作",
            "国内贸易（含供销）",
            "海关",
            "检验、检疫",
            "旅游",
            "其他",
        ],
    ),
    (
        "市场监管、安全生产监管",
        &[
            "工商",
            "质量监督",
            "标准",
            "食品药品监管",
            "安全生产监管",
            "其他",
        ],
    ),
    (
        "城乡建设、环境保护",
        &[
            "城市规划",
            "城乡建设（含住房）",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ],
    ),
    ("科技、教育", &["科技", "教育", "知识产权", "其他"]),
    (
        "文化、广电、新闻出版",
        &["文化", "文物", "新闻出版", "广播、电影、电视", "其他"],
    ),
    ("卫生、体育", &["卫生", "医药管理", "体育", "其他"]),
    (
        "人口与计划生育、妇女儿童工作",
        &["人口与计划生育", "妇女儿童", "其他"],
    ),
    (
        "劳动、人事、监察",
        &[
            "劳动就业",
            "社会保障",
            "人事工作",
            "军转安置",
            "监察",
            "纠正行业不正之风",
            "其他",
        ],
    ),
    ("公安、安全、司法", &["公安", "国家安全", "司法", "其他"]),
    (
        "民政、扶贫、救灾",
        &[
            "减灾救灾",
            "优抚安置",
            "社会福利",
            "行政区划与地名",
            "社团管理",
            "扶贫",
            "其他",
        ],
    ),
    ("民族、宗教", &["民族事务", "宗教事务"]),
    ("对外事务", &["外交、外事", "国际条约、国际组织", "其他"]),
    ("港澳台侨工作", &["港澳工作", "对台工作", "侨务工作"]),
    ("国防", &["国防建设", "国防动员"]),
    ("其他", &[]),
];

/// A validated subject code with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub code: String,
    pub level1: &'static str,
    pub level2: Option<&'static str>,
}

impl Subject {
    /// Looks up `"17"` or `"17.03"`.
    pub fn from_code(code: &str) -> Option<Subject> {
        let (a, b) = match code.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (code, None),
        };
        let i: usize = parse_two_digits(a)?;
        let (level1, children) = SUBJECTS.get(i.checked_sub(1)?)?;
        let level2 = match b {
            None => None,
            Some(b) => {
                let j = parse_two_digits(b)?;
                Some(*children.get(j.checked_sub(1)?)?)
            }
        };
        Some(Subject {
            code: code.to_string(),
            level1,
            level2,
        })
    }

    /// Finds the code of a subject written as portals print it: `民政、扶贫、救灾\社会福利`
    /// (also with `/` or `>` as separator), or a top-level name alone.
    pub fn from_label(label: &str) -> Option<Subject> {
        let label = label.trim();
        let (l1, l2) = match label.split_once(['\\', '/', '>', '＼']) {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (label, None),
        };
        let (i, (_, children)) = SUBJECTS.iter().enumerate().find(|(_, (n, _))| *n == l1)?;
        let code = match l2 {
            None => format!("{:02}", i + 1),
            Some(l2) => {
                let j = children.iter().position(|c| *c == l2)?;
                format!("{:02}.{:02}", i + 1, j + 1)
            }
        };
        Subject::from_code(&code)
    }

    /// `level1\level2`, as 中国政府网 prints it.
    pub fn label(&self) -> String {
        match self.level2 {
            Some(l2) => format!("{}\\{}", self.level1, l2),
            None => self.level1.to_string(),
        }
    }

    /// The code of the top-level category (`"17"` for `"17.03"`).
    pub fn top_code(&self) -> &str {
        self.code.split('.').next().unwrap_or(&self.code)
    }
}

fn parse_two_digits(s: &str) -> Option<usize> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Every code in display order: each top-level code followed by its children.
pub fn all() -> Vec<Subject> {
    let mut out = Vec::new();
    for (i, (_, children)) in SUBJECTS.iter().enumerate() {
        out.extend(Subject::from_code(&format!("{:02}", i + 1)));
        for j in 0..children.len() {
            out.extend(Subject::from_code(&format!("{:02}.{:02}", i + 1, j + 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_national_list_is_present() {
        assert_eq!(SUBJECTS.len(), 22);
        let total: usize = SUBJECTS.iter().map(|(_, c)| c.len()).sum();
        assert_eq!(total, 121);
        assert_eq!(all().len(), 143);
    }

    #[test]
    fn codes_and_labels_roundtrip() {
        let s = Subject::from_code("17.03").unwrap();
        assert_eq!(s.label(), "民政、扶贫、救灾\\社会福利");
        assert_eq!(
            Subject::from_label("民政、扶贫、救灾\\社会福利")
                .unwrap()
                .code,
            "17.03"
        );
        assert_eq!(
            Subject::from_label("综合政务/政务公开").unwrap().code,
            "02.01"
        );
        assert_eq!(
            Subject::from_label("卫生、体育\\医药管理").unwrap().code,
            "13.02"
        );
        assert_eq!(Subject::from_label("其他").unwrap().code, "22");
        assert_eq!(s.top_code(), "17");
    }

    #[test]
    fn unknown_codes_are_rejected() {
        for c in ["00", "23", "17.00", "17.08", "22.01", "1", "17.3", "ab"] {
            assert!(Subject::from_code(c).is_none(), "{c}");
        }
        assert!(Subject::from_label("民政\\社会福利").is_none());
    }
}
