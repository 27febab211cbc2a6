//! Frequently asked questions (常见问题): grouping similar answered questions so that staff find
//! the frequent ones worth an FAQ entry. Similarity is the character-bigram Dice coefficient the
//! repeat-application check uses (`application::flags::similarity`), which needs no segmenter and
//! reads Chinese the way the search index does. Pure.

use crate::application::flags::similarity;

/// Least similarity for two questions to be grouped.
pub const GROUP_SIMILARITY: f64 = 0.5;

/// Groups of at least two similar questions (`(id, text)`), largest first. Each question joins
/// the first group whose first question it resembles enough.
pub fn group_similar(questions: &[(i64, String)], threshold: f64) -> Vec<Vec<i64>> {
    let mut groups: Vec<(String, Vec<i64>)> = Vec::new();
    for (id, text) in questions {
        match groups
            .iter_mut()
            .find(|(lead, _)| similarity(lead, text) >= threshold)
        {
            Some((_, ids)) => ids.push(*id),
            None => groups.push((text.clone(), vec![*id])),
        }
    }
    let mut out: Vec<Vec<i64>> = groups
        .into_iter()
        .map(|(_, ids)| ids)
        .filter(|ids| ids.len() >= 2)
        .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_questions_are_grouped_and_singletons_left_out() {
        let q = |id: i64, t: &str| (id, t.to_string());
        let groups = group_similar(
            &[
                q(1, "高龄津贴怎么申领"),
                q(2, "请问高龄津贴如何申领"),
                q(3, "低保申请需要什么材料"),
                q(4, "高龄津贴怎么申领？"),
                q(5, "低保申请要什么材料"),
                q(6, "殡葬补贴标准是多少"),
            ],
            GROUP_SIMILARITY,
        );
        assert_eq!(groups, vec![vec![1, 2, 4], vec![3, 5]]);
    }
}
