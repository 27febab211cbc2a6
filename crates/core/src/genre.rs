//! 体裁 (genre): the 15 statutory kinds of official document of 《党政机关公文处理工作条例》
//! 第八条, then the non-公文 genres portals commonly add (regulations.md §6.5, tagged [U]:
//! the list is data, not law, and an installation may extend it later).

/// Genres in display order. Stored by name: the names are stable and readable in exports.
pub const GENRES: &[&str] = &[
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "规划",
    "计划",
    "总结",
    "工作动态",
    "解读",
    "图解",
    "统计数据",
    "其他",
];

pub fn is_valid(genre: &str) -> bool {
    GENRES.contains(&genre)
}

/// Genres whose documents answer for 规章 / 行政规范性文件 counts in the annual report are
/// marked elsewhere (by a flag on the document), not by genre: a 通知 can carry a 规范性文件.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifteen_statutory_kinds_come_first() {
        assert_eq!(GENRES[..15].len(), 15);
        assert_eq!(GENRES[14], "纪要");
        assert!(is_valid("通知"));
        assert!(!is_valid("通知书"));
    }
}
