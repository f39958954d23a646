//! Personal-data detector for the anonymization audit: mainland mobile and landline numbers,
//! 18-digit resident ID numbers (ISO 7064 MOD 11-2 checksum and a real birth date), e-mail
//! addresses, bank card numbers (Luhn), licence plates and the project's watch-list of real
//! names and places. Pure: text in, hits out; [`crate::reports::pii`] runs it on a project.
//!
//! Positions are Unicode code points, `[start, end)`. Full-width digits, letters and `＋－＠．`
//! are read as their ASCII forms (one character for one, so positions are unchanged). A digit
//! run inside a longer digit run is never a number of its own: every numeric pattern must have
//! no digit right before and after it.

use crate::text::CharIndex;
pub use crate::text::{PLACEHOLDER, redacted};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// What a hit looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// Mainland mobile number (`1[3-9]x` and 8 more digits, optional `+86`, spaces, dashes).
    Mobile,
    /// Landline with area code (`0xx(x)-xxxxxxx(x)`).
    Landline,
    /// 18-digit resident ID number with a valid checksum and birth date.
    IdNumber,
    /// E-mail address.
    Email,
    /// Bank card number, 16–19 digits passing the Luhn check.
    BankCard,
    /// Licence plate (province character, letter, 5 or 6 letters/digits; new-energy included).
    Plate,
    /// A term of the project's watch-list (real names, places).
    Watch,
}

impl PiiKind {
    /// Every kind, in display order.
    pub const ALL: [PiiKind; 7] = [
        PiiKind::Mobile,
        PiiKind::Landline,
        PiiKind::IdNumber,
        PiiKind::Email,
        PiiKind::BankCard,
        PiiKind::Plate,
        PiiKind::Watch,
    ];

    /// The name used in the CLI and JSON (`mobile`, `landline`, `id_number`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Mobile => "mobile",
            PiiKind::Landline => "landline",
            PiiKind::IdNumber => "id_number",
            PiiKind::Email => "email",
            PiiKind::BankCard => "bank_card",
            PiiKind::Plate => "plate",
            PiiKind::Watch => "watch",
        }
    }

    /// Parses [`PiiKind::as_str`] (also `id`, `card`, `phone` for mobile).
    pub fn parse(s: &str) -> Option<PiiKind> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "phone" => return Some(PiiKind::Mobile),
            "id" => return Some(PiiKind::IdNumber),
            "card" => return Some(PiiKind::BankCard),
            _ => {}
        }
        PiiKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Pattern kinds overlapping each other keep the one that comes first here.
    fn priority(self) -> u8 {
        match self {
            PiiKind::Email => 0,
            PiiKind::IdNumber => 1,
            PiiKind::BankCard => 2,
            PiiKind::Mobile => 3,
            PiiKind::Landline => 4,
            PiiKind::Plate => 5,
            PiiKind::Watch => 6,
        }
    }
}

/// One likely piece of personal data in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PiiHit {
    /// What it looks like.
    pub kind: PiiKind,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The matched text, as it is in the document.
    pub text: String,
}

/// How many code points of context [`context`] shows on each side.
pub const CONTEXT_CHARS: usize = 15;

/// The text around `[start, end)` of `text` (`index` is its [`CharIndex`]): up to
/// [`CONTEXT_CHARS`] code points before and after, line breaks shown as spaces. Returns
/// `(before, after)`.
pub fn context(text: &str, index: &CharIndex, start: usize, end: usize) -> (String, String) {
    let clean = |s: &str| s.replace(['\n', '\r'], " ");
    let n = index.len();
    let (start, end) = (start.min(n), end.min(n));
    let from = index.byte(start.saturating_sub(CONTEXT_CHARS));
    let to = index.byte((end + CONTEXT_CHARS).min(n));
    (
        clean(&text[from..index.byte(start)]),
        clean(&text[index.byte(end)..to]),
    )
}

/// Finds the personal data in `text`: every pattern kind plus every occurrence of each
/// `watch` term. Pattern hits never overlap each other (an e-mail beats a number inside it, an
/// ID number beats a card number…); watch-list hits are reported as well. Sorted by position.
pub fn scan(text: &str, watch: &[String]) -> Vec<PiiHit> {
    let norm: String = text.chars().map(fold).collect();
    let index = CharIndex::new(&norm);
    let orig = CharIndex::new(text);
    let mut raw: Vec<(PiiKind, usize, usize)> = Vec::new();
    for &(kind, ref re) in patterns() {
        let mut at = 0;
        while let Some(m) = re.find_at(&norm, at) {
            let (s, e) = (m.start(), m.end());
            if accept(kind, &norm, s, e) {
                raw.push((kind, s, e));
                at = e;
            } else {
                // Try again one character later: a rejected candidate may hide a good one.
                at = s + norm[s..].chars().next().map_or(1, char::len_utf8);
            }
            if at >= norm.len() {
                break;
            }
        }
    }
    raw.sort_by_key(|&(k, s, e)| (k.priority(), s, e));
    let mut kept: Vec<(PiiKind, usize, usize)> = Vec::new();
    for (k, s, e) in raw {
        if !kept.iter().any(|&(_, ks, ke)| s < ke && ks < e) {
            kept.push((k, s, e));
        }
    }
    let mut hits: Vec<PiiHit> = kept
        .into_iter()
        .map(|(kind, s, e)| {
            let (start, end) = (index.char_of_byte(s), index.char_of_byte(e));
            PiiHit {
                kind,
                start,
                end,
                text: text[orig.byte(start)..orig.byte(end)].to_owned(),
            }
        })
        .collect();
    hits.extend(watch_hits(text, &orig, watch));
    hits.sort_by_key(|h| (h.start, h.end, h.kind));
    hits
}

/// Every non-overlapping occurrence of each watch-list term (exact, case-sensitive; blank terms
/// are ignored).
fn watch_hits(text: &str, index: &CharIndex, watch: &[String]) -> Vec<PiiHit> {
    let mut hits = Vec::new();
    for term in watch {
        let term = term.trim();
        if term.is_empty() {
            continue;
        }
        for (b, _) in text.match_indices(term) {
            let start = index.char_of_byte(b);
            let end = index.char_of_byte(b + term.len());
            hits.push(PiiHit {
                kind: PiiKind::Watch,
                start,
                end,
                text: term.to_owned(),
            });
        }
    }
    hits
}

/// Full-width forms read as ASCII, one character for one.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

fn patterns() -> &'static [(PiiKind, Regex)] {
    static PATTERNS: LazyLock<Vec<(PiiKind, Regex)>> = LazyLock::new(|| {
        let letter = "[A-HJ-NP-Z]";
        let alnum = "[A-HJ-NP-Z0-9]";
        let plate = format!(
            "[{PROVINCES}]{letter}[·•.\\- ]?(?:[DF]{alnum}[0-9]{{4}}|[0-9]{{5}}[DF]|{alnum}{{4}}[0-9挂学警港澳]|{alnum}{{5}})"
        );
        [
            (
                PiiKind::Email,
                r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}",
            ),
            (PiiKind::IdNumber, r"[1-9][0-9]{16}[0-9Xx]"),
            (
                PiiKind::BankCard,
                r"[0-9]{16,19}|[0-9]{4}(?: [0-9]{4}){3}(?: [0-9]{1,3})?|[0-9]{4}(?:-[0-9]{4}){3}(?:-[0-9]{1,3})?",
            ),
            (
                PiiKind::Mobile,
                r"(?:(?:\+|00)86[ \-]?)?1[3-9][0-9](?:[0-9]{8}|[ \-][0-9]{4}[ \-][0-9]{4}|[0-9]{4}[ \-][0-9]{4})",
            ),
            (
                PiiKind::Landline,
                r"\(?0(?:10|2[0-9]|[3-9][0-9]{2})\)?[ \-]?[1-9][0-9]{6,7}",
            ),
            (PiiKind::Plate, plate.as_str()),
        ]
        .into_iter()
        .filter_map(|(k, p)| Regex::new(p).ok().map(|r| (k, r)))
        .collect()
    });
    &PATTERNS
}

/// Whether a candidate match at bytes `[s, e)` of the folded text stands on its own and passes
/// its kind's checks.
fn accept(kind: PiiKind, norm: &str, s: usize, e: usize) -> bool {
    let before = norm[..s].chars().next_back();
    let after = norm[e..].chars().next();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let m = &norm[s..e];
    match kind {
        PiiKind::Email => {
            !matches!(before, Some(c) if c.is_ascii_alphanumeric() || "._%+-".contains(c))
        }
        PiiKind::IdNumber => !digit(before) && !word(after) && id_number_valid(m),
        PiiKind::BankCard => {
            let digits: String = m.chars().filter(char::is_ascii_digit).collect();
            // A further digit group after a space: part of a longer number.
            let more = after == Some(' ') && digit(norm[e + 1..].chars().next());
            let standalone = !(digit(before) || digit(after) || more);
            standalone && (16..=19).contains(&digits.len()) && luhn_valid(&digits)
        }
        PiiKind::Mobile => !digit(before) && before != Some('+') && !digit(after),
        PiiKind::Landline => {
            // Parentheses come in pairs.
            let balanced = m.starts_with('(') == m.contains(')');
            balanced && !digit(before) && !digit(after)
        }
        PiiKind::Plate => {
            let tail: String = m.chars().skip(2).collect();
            !word(after) && tail.chars().any(|c| c.is_ascii_digit())
        }
        PiiKind::Watch => true,
    }
}

/// ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number.
pub fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CHECK[(sum % 11) as usize])
}

/// Whether an 18-character string is a plausible resident ID number: a known province code, a
/// real birth date between 1900 and 2099, and the right check character.
pub fn id_number_valid(s: &str) -> bool {
    if s.len() != 18 || !s.is_ascii() {
        return false;
    }
    const PROVINCE: [u32; 35] = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
        52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(province), Some(year), Some(month), Some(day)) =
        (num(0..2), num(6..10), num(10..12), num(12..14))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    PROVINCE.contains(&province)
        && (1900..=2099).contains(&year)
        && (1..=days).contains(&day)
        && id_check_char(&s[..17]) == s[17..].chars().next().map(|c| c.to_ascii_uppercase())
}

/// The Luhn check on a string of ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

#[cfg(test)]
#[path = "pii_tests.rs"]
mod tests;
