use super::numbers::{luhn, plausible_card, valid_id};
use super::*;

fn kinds(text: &str) -> Vec<(FindingKind, String)> {
    scan(text, &ScanOptions::default())
        .into_iter()
        .map(|f| (f.kind, f.text))
        .collect()
}

fn one(text: &str) -> Finding {
    let fs = scan(text, &ScanOptions::default());
    assert_eq!(fs.len(), 1, "{text}: {fs:?}");
    fs.into_iter().next().unwrap()
}

fn none(text: &str) {
    let fs = scan(text, &ScanOptions::default());
    assert!(fs.is_empty(), "{text}: {fs:?}");
}

#[test]
fn id_checksum_edge_cases() {
    // Check character X, upper and lower case.
    assert!(valid_id("11010519491231002X"));
    assert!(valid_id("11010519491231002x"));
    // Every other check character is wrong.
    for c in "0123456789".chars() {
        assert!(!valid_id(&format!("11010519491231002{c}")));
    }
    assert!(valid_id("110105199003071239"));
    assert!(!valid_id("110105199003071238"));
    // Two digits swapped: MOD 11-2 catches transpositions.
    assert!(!valid_id("110105199030071239"));
    // 29 February: 2000 was a leap year, 1900 was not.
    assert!(valid_id("110105200002291235"));
    assert!(!valid_id("110105190002291239"));
    // Years outside 1900..=2100 (the standard's own 1880 example is not plausible in a
    // document being published).
    assert!(!valid_id("440524188001010014"));
    // Month 13, day 32, unknown province.
    assert!(!valid_id("110105199013071231"));
    assert!(!valid_id("110105199001321234"));
    assert!(!valid_id("990105199003071239"));
    // Legacy 15 digits: only the date (19YYMMDD) and the province are checked.
    assert!(valid_id("110105900307123"));
    assert!(!valid_id("110105900230123"));
    assert!(!valid_id("1101059003071"));
}

#[test]
fn luhn_edge_cases() {
    assert!(luhn("4111111111111111"));
    assert!(!luhn("4111111111111112"));
    assert!(luhn("6222021234567890128"));
    assert!(!luhn("6222021234567890127"));
    // Doubling 5..9 subtracts 9.
    assert!(luhn("5500000000000004"));
    assert!(luhn("0"));
    assert!(!luhn(""));
    assert!(!luhn("4111 1111"));
    // Issuer prefix and length.
    assert!(plausible_card("6228480012345671"));
    assert!(!plausible_card("1228480012345679"));
    assert!(!plausible_card("411111111111113"));
    // 18 digits passing Luhn that are a valid identity number or credit code are not cards.
    assert!(luhn("440306199912311205") && valid_id("440306199912311205"));
    assert!(!plausible_card("440306199912311205"));
    assert!(luhn("911100001000000310"));
    assert!(crate::ident::validate_credit_code("911100001000000310").is_ok());
    assert!(!plausible_card("911100001000000310"));
}

#[test]
fn a_credit_code_is_neither_an_id_nor_a_card() {
    // The GB 32100 example and an all-digit code with its MOD 31 check character.
    none("统一社会信用代码：91350100M000100Y43。");
    none("索引号：11620000MB1234567X/2024-00012");
    // All digits, passing Luhn and the credit-code check: not a card (nor an ID: bad date).
    none("代码911100001000000310，");
}

#[test]
fn identity_numbers() {
    let f = one("身份证号110105199003071239，");
    assert_eq!((f.kind, f.severity), (FindingKind::IdCard, Severity::High));
    assert_eq!(f.text, "110105199003071239");
    assert_eq!(
        one("证件号码：11010519491231002x").text,
        "11010519491231002x"
    );
    assert_eq!(one("号码 110105 19900307 1239 ").kind, FindingKind::IdCard);
    assert_eq!(one("旧证110105900307123。").kind, FindingKind::IdCard);
    // Wrong checksum, inside a longer number, glued to letters.
    none("110105199003071238");
    none("1110105199003071239");
    none("1101051990030712391");
    none("ID110105199003071239A");
}

#[test]
fn mobile_numbers() {
    for s in [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+8613800138000",
        "+86 138 0013 8000",
        "8613800138000",
        "(+86)13800138000",
        "１３８００１３８０００",
    ] {
        let f = one(&format!("手机：{s}。"));
        assert_eq!(
            (f.kind, f.severity, f.text.as_str()),
            (FindingKind::Phone, Severity::High, s)
        );
    }
    // Inside longer numbers, amounts, wrong second digit, mixed or longer grouping.
    none("编号213800138000");
    none("13800138000.50元");
    none("12800138000");
    none("138 0013 8000 1234");
    none("138-0013 8000");
    none("订单1380013800012");
    none("13800138000@qq");
    // Two numbers next to each other are both found.
    assert_eq!(kinds("13800138000、13900139000").len(), 2);
    assert_eq!(kinds("0931-8888888 13800138000").len(), 2);
}

#[test]
fn landlines() {
    for s in [
        "0931-8888888",
        "010-62345678",
        "(010)62345678",
        "（0931）8888888",
        "0758 2200086",
        "021-6888 8888",
        "0931-8888888-123",
        "0931-8888888转123",
        "+86 10 62345678",
    ] {
        let f = one(&format!("电话：{s}，"));
        assert_eq!(
            (f.kind, f.severity, f.text.as_str()),
            (FindingKind::Phone, Severity::Low, s)
        );
    }
    // Bare local numbers, hotlines, bad area codes, dates and index numbers.
    none("电话8888888");
    none("拨打12345或12315");
    none("0011-8888888");
    none("001-12345678");
    none("2024-03-05");
    none("0024204128/2024-00055");
    none("0931-1234567");
    none("010-12345678");
    none("400-800-1234");
}

#[test]
fn bank_cards() {
    for s in [
        "6222021234567890128",
        "6222 0212 3456 7890 128",
        "6228480012345671",
        "4111-1111-1111-1111",
        "9558800123456789015",
    ] {
        let f = one(&format!("卡号{s}。"));
        assert_eq!(
            (f.kind, f.severity, f.text.as_str()),
            (FindingKind::BankCard, Severity::High, s)
        );
    }
    none("6222021234567890127");
    none("2222021234567890128");
    none("6222 0212 3456 7890 1234");
    none("16222021234567890128");
}

#[test]
fn emails() {
    let f = one("邮箱:zhang.san@example.com。");
    assert_eq!(
        (f.kind, f.text.as_str()),
        (FindingKind::Email, "zhang.san@example.com")
    );
    assert_eq!(one("（13800138000@qq.com）").kind, FindingKind::Email);
    none("@example.com");
    none("user@localhost");
    none("user@example.c0m");
}

#[test]
fn addresses() {
    let f = one("住址：兰州市城关区东岗西路123号4栋2单元501室。");
    assert_eq!(f.kind, FindingKind::Address);
    assert_eq!(f.text, "兰州市城关区东岗西路123号4栋2单元501室");
    assert_eq!(f.severity, Severity::Medium);
    let f = one("地址：肇庆市端州区城中路49号市府大院29幢，");
    assert_eq!(f.text, "肇庆市端州区城中路49号市府大院29幢");
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(one("家住幸福小区3栋2单元").severity, Severity::Medium);
    assert_eq!(
        one("上海市徐汇区龙华路100弄5号301室").text,
        "上海市徐汇区龙华路100弄5号301室"
    );
    assert_eq!(
        one("榆中县和平镇袁家营村3组15号").severity,
        Severity::Medium
    );
    let f = one("地址：北京市朝阳区建国路88号SOHO现代城A座1201室。");
    assert_eq!(f.text, "北京市朝阳区建国路88号SOHO现代城A座1201室");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(
        mask_match(FindingKind::Address, &f.text),
        "北京市朝阳区建国路**号SOHO现代城*座****室"
    );
    assert_eq!(one("地址：某某大道1号").text, "某某大道1号");
    let f = one("某某大厦A座1201室");
    assert_eq!(
        mask_match(FindingKind::Address, &f.text),
        "某某大厦*座****室"
    );
    none("东岗西路");
    none("沿东岗西路向东");
    none("甘政办发〔2018〕56号");
    none("乘坐地铁轨道3号线");
    none("全村15户");
    none("线路3号");
    none("某某村3组");
}

#[test]
fn names_and_words() {
    let opts = ScanOptions {
        names: vec!["张三".into(), "欧阳娜娜".into(), "李".into()],
        words: vec![("内部资料".into(), Severity::Medium)],
    };
    let fs = scan("张三、张 三和欧阳娜娜；李四。内部 资料", &opts);
    let got: Vec<_> = fs.iter().map(|f| (f.kind, f.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (FindingKind::Name, "张三"),
            (FindingKind::Name, "张 三"),
            (FindingKind::Name, "欧阳娜娜"),
            (FindingKind::SensitiveWord, "内部 资料"),
        ]
    );
    assert_eq!(fs[3].severity, Severity::Medium);
}

#[test]
fn overlaps_prefer_severity_then_length() {
    let opts = ScanOptions {
        names: vec![],
        words: vec![
            ("0013".into(), Severity::Low),
            ("东岗西路".into(), Severity::High),
        ],
    };
    let fs = scan("手机13800138000，东岗西路123号", &opts);
    let got: Vec<_> = fs.iter().map(|f| (f.kind, f.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (FindingKind::Phone, "13800138000"),
            (FindingKind::SensitiveWord, "东岗西路")
        ]
    );
    // Sorted by start, byte offsets into the input.
    let text = "张三：13800138000";
    let fs = scan(
        text,
        &ScanOptions {
            names: vec!["张三".into()],
            words: vec![],
        },
    );
    assert_eq!(fs.len(), 2);
    assert!(fs[0].start < fs[1].start);
    for f in &fs {
        assert_eq!(&text[f.start..f.end], f.text);
    }
}

#[test]
fn masking() {
    assert_eq!(
        mask_match(FindingKind::IdCard, "110105199003071239"),
        "110105********1239"
    );
    assert_eq!(
        mask_match(FindingKind::IdCard, "11010519491231002X"),
        "110105********002X"
    );
    assert_eq!(mask_match(FindingKind::Phone, "13800138000"), "138****8000");
    assert_eq!(
        mask_match(FindingKind::Phone, "138 0013 8000"),
        "138 **** 8000"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "+86 138 0013 8000"),
        "+86 138 **** 8000"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "8613800138000"),
        "86138****8000"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "0931-8888888"),
        "0931-****888"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "(010)62345678"),
        "(010)****5678"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "0931-8888888-123"),
        "0931-****888-***"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "+86 10 12345678"),
        "+86 10 ****5678"
    );
    assert_eq!(
        mask_match(FindingKind::Phone, "021-6888 8888"),
        "021-**** 8888"
    );
    assert_eq!(
        mask_match(FindingKind::BankCard, "6222 0212 3456 7890 128"),
        "6222 **** **** ***0 128"
    );
    assert_eq!(
        mask_match(FindingKind::BankCard, "6228480012345671"),
        "6228********5671"
    );
    assert_eq!(
        mask_match(FindingKind::Email, "zhang.san@example.com"),
        "z***@example.com"
    );
    assert_eq!(
        mask_match(
            FindingKind::Address,
            "兰州市城关区东岗西路123号4栋2单元501室"
        ),
        "兰州市城关区东岗西路***号*栋*单元***室"
    );
    assert_eq!(mask_match(FindingKind::Name, "张三"), "张*");
    assert_eq!(mask_match(FindingKind::Name, "欧阳娜娜"), "欧阳**");
    assert_eq!(mask_match(FindingKind::Name, "欧阳修"), "欧阳*");
    assert_eq!(mask_match(FindingKind::Name, "欧阳"), "欧*");
    assert_eq!(mask_match(FindingKind::Name, "张 三 丰"), "张 * *");
    assert_eq!(
        mask_match(FindingKind::SensitiveWord, "内部 资料"),
        "＊＊ ＊＊"
    );
}

#[test]
fn mask_applies_from_the_end_without_shifting() {
    let opts = ScanOptions {
        names: vec!["欧阳娜娜".into()],
        words: vec![],
    };
    let text =
        "申请人欧阳娜娜，身份证110105199003071239，邮箱zhang.san@example.com，手机13800138000。";
    let fs = scan(text, &opts);
    assert_eq!(fs.len(), 4);
    assert_eq!(
        mask(text, &fs),
        "申请人欧阳**，身份证110105********1239，邮箱z***@example.com，手机138****8000。"
    );
    // Out-of-range and overlapping findings are skipped, not applied twice.
    let mut bad = fs.clone();
    bad.push(Finding {
        kind: FindingKind::Name,
        text: String::new(),
        start: text.len() - 1,
        end: text.len() + 5,
        severity: Severity::High,
    });
    bad.push(fs[1].clone());
    assert_eq!(mask(text, &bad), mask(text, &fs));
}

#[test]
fn serde_names() {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::Error;
    let kinds = [
        FindingKind::IdCard,
        FindingKind::Phone,
        FindingKind::BankCard,
        FindingKind::Email,
        FindingKind::Address,
        FindingKind::Name,
        FindingKind::SensitiveWord,
    ];
    let names = [
        "id_card",
        "phone",
        "bank_card",
        "email",
        "address",
        "name",
        "sensitive_word",
    ];
    for (k, n) in kinds.into_iter().zip(names) {
        assert_eq!(k.as_str(), n);
        let parsed = FindingKind::deserialize(IntoDeserializer::<Error>::into_deserializer(n));
        assert_eq!(parsed, Ok(k));
    }
    for s in [Severity::Low, Severity::Medium, Severity::High] {
        let parsed =
            Severity::deserialize(IntoDeserializer::<Error>::into_deserializer(s.as_str()));
        assert_eq!(parsed, Ok(s));
    }
    assert_eq!(FindingKind::BankCard.label(), "银行卡号");
    assert_eq!(Severity::High.label(), "高");
    assert!(Severity::High > Severity::Medium && Severity::Medium > Severity::Low);
}
