//! Typed attributes of cases and documents: text, integer, float, boolean, date, category.

use serde::{Deserialize, Serialize};

/// Whether an attribute belongs to cases or to documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttrScope {
    /// Case attributes.
    Case,
    /// Document attributes.
    Document,
}

impl AttrScope {
    /// `case` or `document`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttrScope::Case => "case",
            AttrScope::Document => "document",
        }
    }
}

/// An attribute's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "allowed", rename_all = "lowercase")]
pub enum AttrType {
    /// Any text.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number.
    Float,
    /// true/false (also 是/否, yes/no, 1/0).
    Boolean,
    /// A date `YYYY-MM-DD` (also `YYYYMMDD`).
    Date,
    /// One of the allowed values.
    Category(Vec<String>),
}

impl AttrType {
    /// The stored type name.
    pub fn name(&self) -> &'static str {
        match self {
            AttrType::Text => "text",
            AttrType::Integer => "integer",
            AttrType::Float => "float",
            AttrType::Boolean => "boolean",
            AttrType::Date => "date",
            AttrType::Category(_) => "category",
        }
    }

    /// Parses a type name; `category` takes its allowed values as `category(a|b|c)`.
    pub fn parse(s: &str) -> Option<AttrType> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        Some(match lower.as_str() {
            "text" | "string" => AttrType::Text,
            "integer" | "int" => AttrType::Integer,
            "float" | "number" | "decimal" => AttrType::Float,
            "boolean" | "bool" => AttrType::Boolean,
            "date" => AttrType::Date,
            "category" | "categorical" => AttrType::Category(Vec::new()),
            _ => {
                let prefix = ["category(", "categorical("]
                    .into_iter()
                    .find(|p| lower.starts_with(p))?;
                let inner = s[prefix.len()..].strip_suffix(')')?;
                AttrType::Category(
                    inner
                        .split('|')
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                        .collect(),
                )
            }
        })
    }

    /// Builds a type from its stored name and allowed-values JSON.
    pub fn from_stored(name: &str, allowed_json: &str) -> AttrType {
        match name {
            "category" => {
                AttrType::Category(serde_json::from_str(allowed_json).unwrap_or_default())
            }
            other => AttrType::parse(other).unwrap_or(AttrType::Text),
        }
    }

    /// The allowed values as stored JSON.
    pub fn allowed_json(&self) -> String {
        match self {
            AttrType::Category(v) => serde_json::to_string(v).unwrap_or_else(|_| "[]".into()),
            _ => "[]".into(),
        }
    }

    /// The most specific type that accepts `value` (integer, float, boolean, date, else text).
    pub fn infer(value: &str) -> AttrType {
        let v = value.trim();
        if v.parse::<i64>().is_ok() {
            AttrType::Integer
        } else if v.parse::<f64>().is_ok_and(f64::is_finite) {
            AttrType::Float
        } else if parse_bool(v).is_some() && !v.chars().all(|c| c.is_ascii_digit()) {
            AttrType::Boolean
        } else if parse_date(v).is_some() {
            AttrType::Date
        } else {
            AttrType::Text
        }
    }

    /// Checks `value` against the type and returns its canonical form, or a message saying why not.
    pub fn normalize(&self, value: &str) -> Result<String, String> {
        let v = value.trim();
        match self {
            AttrType::Text => Ok(v.to_owned()),
            AttrType::Integer => v
                .parse::<i64>()
                .map(|n| n.to_string())
                .map_err(|_| format!("{value:?} is not an integer")),
            AttrType::Float => match v.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(v.to_owned()),
                _ => Err(format!("{value:?} is not a number")),
            },
            AttrType::Boolean => parse_bool(v)
                .map(|b| b.to_string())
                .ok_or_else(|| format!("{value:?} is not a boolean (true/false, 是/否)")),
            AttrType::Date => {
                parse_date(v).ok_or_else(|| format!("{value:?} is not a date (YYYY-MM-DD)"))
            }
            AttrType::Category(allowed) => {
                if allowed.is_empty() || allowed.iter().any(|a| a == v) {
                    Ok(v.to_owned())
                } else {
                    Err(format!("{value:?} is not one of {}", allowed.join(", ")))
                }
            }
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "有" | "真" => Some(true),
        "false" | "no" | "n" | "0" | "否" | "无" | "假" => Some(false),
        _ => None,
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `YYYYMMDD` → `YYYY-MM-DD`, checking the calendar.
fn parse_date(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let digits = match b.len() {
        8 => b.to_vec(),
        10 if matches!(b[4], b'-' | b'/' | b'.') && b[4] == b[7] => {
            [&b[..4], &b[5..7], &b[8..]].concat()
        }
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let date = jiff::fmt::strtime::parse("%Y%m%d", &digits)
        .ok()?
        .to_date()
        .ok()?;
    Some(date.strftime("%Y-%m-%d").to_string())
}

/// Splits `ATTR=VALUE` or `ATTR:type=VALUE` into (name, optional type, value).
pub fn parse_assignment(s: &str) -> Result<(String, Option<AttrType>, String), String> {
    let (lhs, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not of the form ATTR=VALUE or ATTR:type=VALUE"))?;
    let (name, ty) = match lhs.rsplit_once(':') {
        Some((n, t)) => (
            n,
            Some(AttrType::parse(t).ok_or_else(|| format!("unknown attribute type {t:?}"))?),
        ),
        None => (lhs, None),
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{s:?} has an empty attribute name"));
    }
    Ok((name.to_owned(), ty, value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inference_and_validation() {
        assert_eq!(AttrType::infer("3"), AttrType::Integer);
        assert_eq!(AttrType::infer("3.5"), AttrType::Float);
        assert_eq!(AttrType::infer("是"), AttrType::Boolean);
        assert_eq!(AttrType::infer("2023-08-19"), AttrType::Date);
        assert_eq!(AttrType::infer("运转有效"), AttrType::Text);
        assert_eq!(
            AttrType::Date.normalize("20230819"),
            Ok("2023-08-19".into())
        );
        assert!(AttrType::Date.normalize("2023-02-30").is_err());
        assert!(AttrType::Integer.normalize("三").is_err());
        assert_eq!(AttrType::Boolean.normalize("否"), Ok("false".into()));
        let cat = AttrType::parse("category(运转有效|运转失效)").unwrap();
        assert_eq!(
            cat,
            AttrType::Category(vec!["运转有效".into(), "运转失效".into()])
        );
        assert!(cat.normalize("运转有效").is_ok());
        assert!(
            cat.normalize("空转")
                .unwrap_err()
                .contains("运转有效, 运转失效")
        );
    }

    #[test]
    fn assignments() {
        assert_eq!(
            parse_assignment("数字基础排名:integer=3").unwrap(),
            ("数字基础排名".into(), Some(AttrType::Integer), "3".into())
        );
        assert_eq!(
            parse_assignment("城市=A市").unwrap(),
            ("城市".into(), None, "A市".into())
        );
        assert!(parse_assignment("城市").is_err());
        assert!(parse_assignment("x:nosuch=1").is_err());
    }

    #[test]
    fn dates_in_every_accepted_shape_and_only_real_days() {
        for (input, want) in [
            ("2023-08-19", "2023-08-19"),
            ("2023/08/19", "2023-08-19"),
            ("2023.08.19", "2023-08-19"),
            ("20230819", "2023-08-19"),
            ("2024-02-29", "2024-02-29"),
            ("2000-02-29", "2000-02-29"),
            ("0000-01-01", "0000-01-01"),
            ("9999-12-31", "9999-12-31"),
        ] {
            assert_eq!(parse_date(input).as_deref(), Some(want), "{input}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2023-04-31",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "2023-08/19",
            "2023_08_19",
            "2023-8-19",
            "2023-08-019",
            "230819",
            "202308190",
            "+2023-08-19",
            "２０２３-08-19",
            "2023年8月19日",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
