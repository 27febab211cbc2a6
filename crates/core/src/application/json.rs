//! A small strict JSON reader (RFC 8259) for import lines.
//!
//! Why not serde_json: core depends on serde only, and an import line needs every error (syntax
//! included) as a Chinese sentence naming the position or the field, which serde_json's English
//! messages are not. Numbers are kept as their text; objects keep their order and refuse
//! duplicate keys (a duplicated field is an error in an import, not "last one wins").

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "布尔值",
            Json::Number(_) => "数字",
            Json::String(_) => "字符串",
            Json::Array(_) => "数组",
            Json::Object(_) => "对象",
        }
    }
}

const MAX_DEPTH: usize = 32;

/// Parses one complete JSON value; the error says where (1-based character position) and what.
pub(crate) fn parse(text: &str) -> Result<Json, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser { s: &chars, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < chars.len() {
        return Err(p.err("JSON 值之后还有多余内容"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        if self.i >= self.s.len() {
            format!("JSON 格式错误：内容不完整（{what}）")
        } else {
            format!("JSON 格式错误（第{}个字符）：{what}", self.i + 1)
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json, String> {
        let w: Vec<char> = word.chars().collect();
        if self.s.get(self.i..self.i + w.len()) == Some(&w[..]) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("有无法识别的内容"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("嵌套层次过深"));
        }
        match self.peek() {
            None => Err(self.err("缺少值")),
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => self.string().map(Json::String),
            Some('t') => self.literal("true", Json::Bool(true)),
            Some('f') => self.literal("false", Json::Bool(false)),
            Some('n') => self.literal("null", Json::Null),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(_) => Err(self.err("有无法识别的内容")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, String> {
        self.i += 1;
        let mut fields: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.peek() == Some('}') {
            self.i += 1;
            return Ok(Json::Object(fields));
        }
        loop {
            self.ws();
            if self.peek() != Some('"') {
                return Err(self.err("应为带双引号的字段名"));
            }
            let key = self.string()?;
            if fields.iter().any(|(k, _)| *k == key) {
                return Err(format!("字段“{key}”重复"));
            }
            self.ws();
            self.expect(':', "应为冒号“:”")?;
            self.ws();
            let v = self.value(depth + 1)?;
            fields.push((key, v));
            self.ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some('}') => {
                    self.i += 1;
                    return Ok(Json::Object(fields));
                }
                _ => return Err(self.err("应为逗号“,”或“}”")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, String> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(']') {
            self.i += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(']') => {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.err("应为逗号“,”或“]”")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.err("\\u 之后应为4位十六进制数"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("字符串缺少结束引号"));
            };
            match c {
                '"' => {
                    self.i += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.i += 1;
                    let e = self.peek().ok_or_else(|| self.err("转义不完整"))?;
                    self.i += 1;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: \uD83D\uDE00.
                                if self.peek() != Some('\\') || self.s.get(self.i + 1) != Some(&'u')
                                {
                                    return Err(self.err("代理对不完整"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("代理对不正确"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.err("字符编码无效"))?);
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("有无效的转义字符"));
                        }
                    }
                }
                c if (c as u32) < 0x20 => return Err(self.err("字符串中有未转义的控制字符")),
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i - from
        };
        if self.peek() == Some('-') {
            self.i += 1;
        }
        match self.peek() {
            Some('0') => self.i += 1,
            Some(c) if c.is_ascii_digit() => {
                digits(self);
            }
            _ => return Err(self.err("数字格式不正确")),
        }
        if self.peek() == Some('.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err("数字格式不正确"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.i += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("数字格式不正确"));
            }
        }
        Ok(Json::Number(self.s[start..self.i].iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(
            parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n"} "#),
            Ok(Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Number("-2.5e3".into()),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                    ])
                ),
                ("b".into(), Json::String("x\"é😀\n".into())),
            ]))
        );
        assert_eq!(parse("\"中文\""), Ok(Json::String("中文".into())));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            parse(r#"{"a": 1,}"#).unwrap_err(),
            "JSON 格式错误（第9个字符）：应为带双引号的字段名"
        );
        assert_eq!(
            parse(r#"{"a": 1"#).unwrap_err(),
            "JSON 格式错误：内容不完整（应为逗号“,”或“}”）"
        );
        assert_eq!(parse(r#"{"a": 1, "a": 2}"#).unwrap_err(), "字段“a”重复");
        assert_eq!(
            parse("{} x").unwrap_err(),
            "JSON 格式错误（第4个字符）：JSON 值之后还有多余内容"
        );
        assert!(parse("01").is_err());
        assert!(parse("1.").is_err());
        assert!(parse("\"a\tb\"").is_err());
        assert!(parse("\"\\x\"").is_err());
        assert!(parse("\"\\ud83d\"").is_err());
        assert!(
            parse(&"[".repeat(100))
                .unwrap_err()
                .contains("嵌套层次过深")
        );
        assert!(parse("").is_err());
        assert!(parse("nul").is_err());
    }
}
