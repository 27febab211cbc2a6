//! Matching the units a plan names (牵头单位, 责任单位) to the organization's departments, for the
//! import to show before anything is saved.
//!
//! In order: the same name (spaces ignored); a collective naming (`各处室`, `相关处室`,
//! `省政府有关部门`: every department); a close match — the name with a leading 省/市/区/县/局
//! dropped, a name containing the department's or contained in it, or the customary abbreviation
//! keeping some characters in order and the same last one (`儿福处` for `儿童福利处`,
//! `法规处` for `政策法规处`). The closest wins; two equally close departments are no match (the
//! staff choose).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "department", rename_all = "snake_case")]
pub enum UnitMatch {
    Exact(i64),
    Close(i64),
    /// A collective naming: the task belongs to every department.
    All,
    None,
}

impl UnitMatch {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Exact(_) => "名称一致",
            Self::Close(_) => "相近",
            Self::All => "泛指各处室",
            Self::None => "未匹配",
        }
    }

    pub fn department(&self) -> Option<i64> {
        match self {
            Self::Exact(d) | Self::Close(d) => Some(*d),
            _ => None,
        }
    }
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a name stands for a group of units rather than one.
pub fn is_collective(name: &str) -> bool {
    ["各", "有关", "相关", "所有"]
        .iter()
        .any(|w| name.contains(w))
}

/// How close `name` is to the department `dept`, 0 when not close; 1000 is a full match.
fn closeness(name: &str, dept: &str) -> u32 {
    let n: Vec<char> = name.chars().collect();
    let d: Vec<char> = dept.chars().collect();
    if n.len() < 2 || d.len() < 2 {
        return 0;
    }
    let share = |k: usize, of: usize| (k * 1000 / of.max(1)) as u32;
    let trimmed = name.trim_start_matches(['省', '市', '区', '县', '局']);
    if trimmed == dept {
        return 999;
    }
    if dept.contains(name) || name.contains(dept) {
        return share(n.len().min(d.len()), n.len().max(d.len()));
    }
    // An abbreviation: the name's characters in order within the department's, same last one.
    if n.last() == d.last() {
        let mut it = d.iter();
        if n.iter().all(|c| it.any(|x| x == c)) {
            return share(n.len(), d.len());
        }
    }
    0
}

pub fn match_unit(name: &str, departments: &[(i64, String)]) -> UnitMatch {
    let name = norm(name);
    if name.is_empty() {
        return UnitMatch::None;
    }
    if let Some((id, _)) = departments.iter().find(|(_, d)| norm(d) == name) {
        return UnitMatch::Exact(*id);
    }
    if is_collective(&name) {
        return UnitMatch::All;
    }
    let mut best: Option<(u32, i64)> = None;
    let mut tie = false;
    for (id, d) in departments {
        let c = closeness(&name, &norm(d));
        if c == 0 {
            continue;
        }
        match best {
            Some((b, _)) if c < b => {}
            Some((b, _)) if c == b => tie = true,
            _ => {
                best = Some((c, *id));
                tie = false;
            }
        }
    }
    match best {
        Some((_, id)) if !tie => UnitMatch::Close(id),
        _ => UnitMatch::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps() -> Vec<(i64, String)> {
        [
            "办公室",
            "政策法规处",
            "规划财务处",
            "组织人事处",
            "社会救助处",
            "养老服务处",
            "儿童福利处",
            "社会组织管理局",
            "慈善事业促进和社会工作处",
            "社会事务处",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| (i as i64 + 1, n.to_string()))
        .collect()
    }

    #[test]
    fn the_shanghai_plans_units_against_a_civil_affairs_bureau() {
        let d = deps();
        assert_eq!(match_unit("办公室", &d), UnitMatch::Exact(1));
        assert_eq!(match_unit(" 养老服务处", &d), UnitMatch::Exact(6));
        assert_eq!(match_unit("法规处", &d), UnitMatch::Close(2));
        assert_eq!(match_unit("救助处", &d), UnitMatch::Close(5));
        assert_eq!(match_unit("儿福处", &d), UnitMatch::Close(7));
        assert_eq!(match_unit("慈善处", &d), UnitMatch::Close(9));
        assert_eq!(match_unit("局办公室", &d), UnitMatch::Close(1));
        assert_eq!(match_unit("各处室", &d), UnitMatch::All);
        assert_eq!(match_unit("相关处室", &d), UnitMatch::All);
        // No department of that kind: left for the staff.
        assert_eq!(match_unit("宣传处", &d), UnitMatch::None);
        assert_eq!(match_unit("计财处", &d), UnitMatch::None);
        assert_eq!(match_unit("社区服务中心", &d), UnitMatch::None);
    }

    #[test]
    fn equally_close_departments_are_no_match() {
        let d = vec![
            (1, "社会救助一处".to_string()),
            (2, "社会救助二处".to_string()),
        ];
        assert_eq!(match_unit("救助处", &d), UnitMatch::None);
        assert_eq!(match_unit("", &d), UnitMatch::None);
    }
}
