//! The receipt date of an application (收到申请之日, Art. 31; regulations.md §1.4.2).
//!
//! Every period of the case counts from this date, so it is computed by one rule per channel and
//! stored with the rule that applied (`ReceiptBasis`). For the "confirmed" channels the date is the
//! date both sides confirmed, which staff record explicitly: an online submission is not received
//! when it is submitted. E-mail is an Internet channel (Art. 31 (三)); where the older
//! 国办公开办函〔2015〕207号 used the mail system's receipt date, the 2019 Regulation prevails.
//! An oral application (Art. 29, the office fills in the form) is made at the office: it is
//! received the day it is made, like one handed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the application reached the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交
    InPerson,
    /// 口头提出（由政府信息公开工作机构代为填写）
    Oral,
    /// 邮寄（需签收：挂号信、快递等）
    PostalSigned,
    /// 平常信函等无需签收的邮寄方式
    PostalOrdinary,
    /// 互联网渠道（在线申请平台）
    Online,
    /// 电子邮件（属互联网渠道）
    Email,
    /// 政府信息公开工作机构的传真
    Fax,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Self::InPerson,
        Self::Oral,
        Self::PostalSigned,
        Self::PostalOrdinary,
        Self::Online,
        Self::Email,
        Self::Fax,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Oral => "oral",
            Self::PostalSigned => "postal_signed",
            Self::PostalOrdinary => "postal_ordinary",
            Self::Online => "online",
            Self::Email => "email",
            Self::Fax => "fax",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InPerson => "当面提交",
            Self::Oral => "口头提出",
            Self::PostalSigned => "邮寄（需签收）",
            Self::PostalOrdinary => "平常信函",
            Self::Online => "互联网渠道",
            Self::Email => "电子邮件",
            Self::Fax => "传真",
        }
    }

    /// The only receipt rule that applies to the channel.
    pub fn basis(self) -> ReceiptBasis {
        match self {
            Self::InPerson | Self::Oral => ReceiptBasis::InPerson,
            Self::PostalSigned => ReceiptBasis::MailSigned,
            Self::PostalOrdinary => ReceiptBasis::MailUnsignedConfirmed,
            Self::Online | Self::Email => ReceiptBasis::OnlineConfirmed,
            Self::Fax => ReceiptBasis::FaxConfirmed,
        }
    }

    pub fn keys() -> String {
        Self::ALL.map(Self::as_str).join("、")
    }
}

/// Which rule of Art. 31 fixed the receipt date (the five kinds of §1.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptBasis {
    InPerson,
    MailSigned,
    MailUnsignedConfirmed,
    OnlineConfirmed,
    FaxConfirmed,
}

impl ReceiptBasis {
    pub const ALL: [ReceiptBasis; 5] = [
        Self::InPerson,
        Self::MailSigned,
        Self::MailUnsignedConfirmed,
        Self::OnlineConfirmed,
        Self::FaxConfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::MailSigned => "mail_signed",
            Self::MailUnsignedConfirmed => "mail_unsigned_confirmed",
            Self::OnlineConfirmed => "online_confirmed",
            Self::FaxConfirmed => "fax_confirmed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// The rule, as shown next to the receipt date.
    pub fn explain(self) -> &'static str {
        match self {
            Self::InPerson => "当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）",
            Self::MailSigned => {
                "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第（二）项）"
            }
            Self::MailUnsignedConfirmed => {
                "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日（条例第三十一条第（二）项）"
            }
            Self::OnlineConfirmed => {
                "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"
            }
            Self::FaxConfirmed => {
                "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"
            }
        }
    }
}

/// The dates staff record on arrival; which ones are needed depends on the channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReceiptFacts {
    /// The day the applicant handed the application in, or made it orally (in person, oral).
    pub submitted_on: Option<NaiveDate>,
    /// The day the agency signed for the mail (signed-for post).
    pub signed_for_on: Option<NaiveDate>,
    /// The day an ordinary letter, online submission, e-mail or fax arrived.
    pub arrived_on: Option<NaiveDate>,
    /// The day the office and the applicant confirmed the application (ordinary letter, online,
    /// e-mail, fax).
    pub confirmed_on: Option<NaiveDate>,
}

/// The receipt date with the rule that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub received_on: NaiveDate,
    pub basis: ReceiptBasis,
    /// Things staff should know, e.g. an ordinary letter confirmed later than the day it arrived.
    pub notes: Vec<String>,
}

impl Receipt {
    /// The explanation shown next to the date.
    pub fn explain(&self) -> Vec<String> {
        let mut lines = vec![
            format!("收到申请之日：{}。", self.received_on),
            format!("依据：{}。", self.basis.explain()),
        ];
        lines.extend(self.notes.iter().cloned());
        lines
    }
}

/// Applies Art. 31 to the recorded dates. Refuses when the date the rule needs is missing, or
/// when a confirmation precedes the arrival it confirms.
pub fn receipt_date(channel: Channel, facts: &ReceiptFacts) -> Result<Receipt, &'static str> {
    let basis = channel.basis();
    let mut notes = Vec::new();
    let received_on = match basis {
        ReceiptBasis::InPerson => facts.submitted_on.ok_or("请填写申请人提交申请的日期")?,
        ReceiptBasis::MailSigned => facts.signed_for_on.ok_or("请填写本机关签收邮件的日期")?,
        ReceiptBasis::MailUnsignedConfirmed
        | ReceiptBasis::OnlineConfirmed
        | ReceiptBasis::FaxConfirmed => {
            let confirmed = facts
                .confirmed_on
                .ok_or("请填写与申请人确认收到申请的日期：该渠道以确认之日为收到申请之日")?;
            if let Some(arrived) = facts.arrived_on {
                if confirmed < arrived {
                    return Err("确认日期不能早于申请到达的日期");
                }
                // Art. 31 (二): the office must confirm an ordinary letter on the day it arrives;
                // 207号 lets the clock start only when the applicant is reached again.
                if basis == ReceiptBasis::MailUnsignedConfirmed && confirmed > arrived {
                    notes.push(format!(
                        "注意：信函于 {arrived} 到达，{confirmed} 才与申请人确认；条例要求到达当日确认，请留存未能当日确认的原因（如无法联系申请人）。"
                    ));
                }
            }
            confirmed
        }
    };
    Ok(Receipt {
        received_on,
        basis,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Art. 31 (一)–(三), §1.4.2: one rule per channel.
    #[test]
    fn each_channel_uses_its_date() {
        let facts = ReceiptFacts {
            submitted_on: Some(d("2024-03-01")),
            signed_for_on: Some(d("2024-03-04")),
            arrived_on: Some(d("2024-03-05")),
            confirmed_on: Some(d("2024-03-06")),
        };
        let expect = [
            (Channel::InPerson, "2024-03-01", ReceiptBasis::InPerson),
            (Channel::Oral, "2024-03-01", ReceiptBasis::InPerson),
            (
                Channel::PostalSigned,
                "2024-03-04",
                ReceiptBasis::MailSigned,
            ),
            (
                Channel::PostalOrdinary,
                "2024-03-06",
                ReceiptBasis::MailUnsignedConfirmed,
            ),
            (Channel::Online, "2024-03-06", ReceiptBasis::OnlineConfirmed),
            (Channel::Email, "2024-03-06", ReceiptBasis::OnlineConfirmed),
            (Channel::Fax, "2024-03-06", ReceiptBasis::FaxConfirmed),
        ];
        for (channel, date, basis) in expect {
            let r = receipt_date(channel, &facts).unwrap();
            assert_eq!((r.received_on, r.basis), (d(date), basis), "{channel:?}");
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        }
    }

    #[test]
    fn an_online_submission_is_not_received_until_confirmed() {
        let facts = ReceiptFacts {
            arrived_on: Some(d("2024-03-05")),
            ..Default::default()
        };
        let e = receipt_date(Channel::Online, &facts).unwrap_err();
        assert!(e.contains("确认"), "{e}");
        let e = receipt_date(
            Channel::Fax,
            &ReceiptFacts {
                arrived_on: Some(d("2024-03-05")),
                confirmed_on: Some(d("2024-03-04")),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e, "确认日期不能早于申请到达的日期");
        assert!(receipt_date(Channel::PostalSigned, &ReceiptFacts::default()).is_err());
    }

    #[test]
    fn an_ordinary_letter_confirmed_late_is_flagged() {
        let r = receipt_date(
            Channel::PostalOrdinary,
            &ReceiptFacts {
                arrived_on: Some(d("2024-03-05")),
                confirmed_on: Some(d("2024-03-08")),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.received_on, d("2024-03-08"));
        let text = r.explain().join("\n");
        assert!(text.contains("收到申请之日：2024-03-08"), "{text}");
        assert!(text.contains("以与申请人确认之日为收到申请之日"), "{text}");
        assert!(text.contains("到达当日确认"), "{text}");
        // Confirmed on the day it arrived: nothing to flag.
        let r = receipt_date(
            Channel::PostalOrdinary,
            &ReceiptFacts {
                arrived_on: Some(d("2024-03-05")),
                confirmed_on: Some(d("2024-03-05")),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(r.notes.is_empty());
    }
}
