//! Facts from the platform's records that staff may insert into the narrative sections: items
//! released per channel (each item counted once across channels), messages received and
//! answered, consultations held, proposals answered, information-processing fees charged. Each
//! fact is a ready Chinese sentence with the section it customarily goes in (§2.2: fees and the
//! handling of proposals go in 六、其他需要报告的事项).

use super::table2::Money;
use serde::Serialize;

/// The year's figures behind the facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Items released in the year, each once whatever the number of channels.
    pub released: i64,
    /// Releases per channel name (an item released on two channels counts in both).
    pub released_by_channel: Vec<(String, i64)>,
    pub messages_received: usize,
    pub messages_answered: usize,
    pub messages_on_time: usize,
    /// Consultations whose comment period started in the year.
    pub consultations: usize,
    pub proposals_received: usize,
    pub proposals_answered: usize,
    /// Cases whose information-processing fee was paid in the year, and the amount.
    pub fee_cases: usize,
    pub fees: Money,
    /// The 贯彻落实情况 paragraph of each work plan of the year (`work_plan::tracking::
    /// implementation_text`), as of the year's end.
    pub work_plans: Vec<String>,
}

/// A sentence offered for insertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// Stable key (`releases`, `messages`, …), used by the insert form.
    pub key: &'static str,
    /// The section (0-based, of the six) it is offered to.
    pub section: usize,
    pub text: String,
}

impl Facts {
    /// The sentences, in the order the sections read.
    pub fn sentences(&self, year: i32) -> Vec<Fact> {
        let mut out = Vec::new();
        let channels = if self.released_by_channel.is_empty() {
            String::new()
        } else {
            format!(
                "，其中{}",
                self.released_by_channel
                    .iter()
                    .map(|(name, n)| format!("{name}{n}条"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        };
        out.push(Fact {
            key: "releases",
            section: 0,
            text: format!(
                "{year}年，本机关主动公开政府信息{}条（同一信息在多个渠道发布的只计一次）{channels}。",
                self.released
            ),
        });
        out.push(Fact {
            key: "messages",
            section: 0,
            text: format!(
                "全年收到网民留言、领导信箱来信和政策咨询{}件，已答复{}件，其中按期答复{}件。",
                self.messages_received, self.messages_answered, self.messages_on_time
            ),
        });
        out.push(Fact {
            key: "consultations",
            section: 0,
            text: format!(
                "全年开展重大行政决策和政策文件草案公开征求意见{}次。",
                self.consultations
            ),
        });
        out.push(Fact {
            key: "proposals",
            section: 5,
            text: format!(
                "全年承办人大代表建议和政协提案{}件，已答复{}件。",
                self.proposals_received, self.proposals_answered
            ),
        });
        if !self.work_plans.is_empty() {
            out.push(Fact {
                key: "work_plan",
                section: 5,
                text: self.work_plans.join(""),
            });
        }
        out.push(Fact {
            key: "fees",
            section: 5,
            text: if self.fee_cases == 0 {
                format!("{year}年，本机关未收取政府信息公开信息处理费。")
            } else {
                format!(
                    "依据《政府信息公开信息处理费管理办法》，{year}年本机关对{}件政府信息公开申请收取信息处理费，共计{}元。",
                    self.fee_cases,
                    yuan(self.fees)
                )
            },
        });
        out
    }
}

/// An amount in 元 with two decimals (`1234.50`).
fn yuan(m: Money) -> String {
    format!("{}.{:02}", m.fen / 100, m.fen % 100)
}

/// Appends `fact` to a section's text as a new paragraph (unless it is already there).
pub fn insert(text: &str, fact: &str) -> String {
    let text = text.trim_end();
    if text.lines().any(|l| l.trim() == fact) {
        return text.to_string();
    }
    if text.is_empty() {
        fact.to_string()
    } else {
        format!("{text}\n{fact}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_carry_the_figures_and_go_to_their_sections() {
        let f = Facts {
            released: 120,
            released_by_channel: vec![("门户网站".into(), 120), ("政务微信".into(), 30)],
            messages_received: 40,
            messages_answered: 38,
            messages_on_time: 37,
            consultations: 2,
            proposals_received: 5,
            proposals_answered: 5,
            fee_cases: 2,
            fees: Money { fen: 12_050 },
            work_plans: vec!["对照《2025年政务公开工作要点》，逐项分解落实3项工作任务。".into()],
        };
        let s = f.sentences(2025);
        let plan = s.iter().find(|f| f.key == "work_plan").unwrap();
        assert_eq!(plan.section, 5);
        assert!(plan.text.contains("逐项分解落实3项工作任务"));
        assert_eq!(
            s[0].text,
            "2025年，本机关主动公开政府信息120条（同一信息在多个渠道发布的只计一次），其中门户网站120条、政务微信30条。"
        );
        assert!(
            s[1].text
                .contains("收到网民留言、领导信箱来信和政策咨询40件，已答复38件，其中按期答复37件")
        );
        let fees = s.iter().find(|f| f.key == "fees").unwrap();
        assert_eq!(fees.section, 5);
        assert!(
            fees.text
                .contains("对2件政府信息公开申请收取信息处理费，共计120.50元")
        );
        let none = Facts::default().sentences(2025);
        assert!(
            !none.iter().any(|f| f.key == "work_plan"),
            "no plan, no sentence"
        );
        assert!(
            none.iter()
                .any(|f| f.text == "2025年，本机关未收取政府信息公开信息处理费。")
        );
    }

    #[test]
    fn insert_appends_a_paragraph_once() {
        assert_eq!(insert("", "甲。"), "甲。");
        assert_eq!(insert("已有。\n", "甲。"), "已有。\n甲。");
        assert_eq!(insert("已有。\n甲。", "甲。"), "已有。\n甲。");
    }
}
