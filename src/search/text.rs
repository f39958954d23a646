//! Character classes, case folding, exact occurrence scanning and KWIC
//! helpers shared by the tokenizers, the query verifier and the benchmark.
//!
//! All offsets exposed by this module are **Unicode code-point offsets**
//! unless a name says `byte`.

use std::borrow::Cow;

/// Folds one character to lower case **without changing the number of
/// code points**: a character whose lower-case form is a single character
/// is replaced by it, every other character (CJK, punctuation, characters
/// like `İ` whose lower case is two characters) is kept as is.
///
/// Keeping the fold 1:1 is what lets folded text and original text share
/// code-point offsets.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_caseless(c) {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Fast check for large blocks without case mappings (general punctuation,
/// CJK, kana, Hangul, CJK compatibility, full-width punctuation and digits,
/// supplementary ideographs); verified against Unicode's lower-case table.
fn is_caseless(c: char) -> bool {
    let u = c as u32;
    (0x2000..0x2100).contains(&u)
        || (0x2D00..0xA640).contains(&u)
        || (0xA800..0xFF21).contains(&u)
        || (0xFF3B..0x1_0400).contains(&u)
        || u >= 0x1_E922
}

/// Case-folds a string with [`fold_char`]; borrows when nothing changes.
pub fn fold_str(text: &str) -> Cow<'_, str> {
    match text.char_indices().find(|&(_, c)| fold_char(c) != c) {
        None => Cow::Borrowed(text),
        Some((first, _)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..first]);
            out.extend(text[first..].chars().map(fold_char));
            Cow::Owned(out)
        }
    }
}

/// True for characters that form *words*: letters and digits of alphabetic
/// scripts (Latin, Greek, Cyrillic, …, including full-width Ａ-Ｚ/０-９).
/// Words are matched whole. CJK ideographs, kana and Hangul are **not** word
/// characters: they are matched as substrings.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = c as u32;
    if (0xFF10..=0xFF19).contains(&u)
        || (0xFF21..=0xFF3A).contains(&u)
        || (0xFF41..=0xFF5A).contains(&u)
    {
        return true;
    }
    u < 0x2E80 && c.is_alphanumeric()
}

/// True for characters indexed as character uni-/bigrams: everything that is
/// neither whitespace nor a [word character](is_word_char) (CJK, punctuation,
/// symbols).
pub fn is_gram_char(c: char) -> bool {
    !c.is_whitespace() && !is_word_char(c)
}

/// A search pattern prepared for exact matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written by the user (quotes removed).
    pub text: String,
    /// The case-folded pattern ([`fold_str`]).
    pub folded: String,
    /// Length in code points.
    pub char_len: usize,
    /// The pattern starts with a word character, so the character before a
    /// match must not be one (whole-word semantics).
    pub word_start: bool,
    /// The pattern ends with a word character, so the character after a
    /// match must not be one.
    pub word_end: bool,
    /// Some character of the pattern could be the case-folded form of
    /// another character, so documents must be folded before matching.
    /// False for CJK and punctuation: such patterns are searched in the raw
    /// text (no document character folds *into* a caseless character).
    pub needs_fold: bool,
}

impl Pattern {
    /// Prepares `text` (must not be empty) for matching.
    pub fn new(text: &str) -> Pattern {
        let folded = fold_str(text).into_owned();
        Pattern {
            text: text.to_owned(),
            char_len: folded.chars().count(),
            word_start: folded.chars().next().is_some_and(is_word_char),
            word_end: folded.chars().next_back().is_some_and(is_word_char),
            needs_fold: folded.chars().any(|c| {
                c.is_ascii_alphabetic() || (!c.is_ascii() && !is_caseless(c) && c.is_alphanumeric())
            }),
            folded,
        }
    }
}

/// Finds every occurrence of `pat` in `folded_text` (which must already be
/// folded with [`fold_str`] when [`Pattern::needs_fold`]) and returns
/// `[start, end)` code-point ranges in text order.
///
/// Overlapping occurrences are all reported (the scan advances one character
/// after each match), so `啊啊` occurs twice in `啊啊啊`. Word edges of the
/// pattern require a non-word character (or the text boundary) next to the
/// match, so `cat` does not match inside `concat` or `cats`.
pub fn find_occurrences(folded_text: &str, pat: &Pattern) -> Vec<(usize, usize)> {
    find_in_utf8(folded_text.as_bytes(), pat)
}

/// True for UTF-8 continuation bytes (`10xx_xxxx`).
fn is_continuation(b: u8) -> bool {
    (b as i8) < -0x40
}

/// Number of code points in UTF-8 bytes (counts non-continuation bytes).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| !is_continuation(b)).count()
}

/// The character ending at byte `end` (None at the start or if invalid).
fn char_before(bytes: &[u8], end: usize) -> Option<char> {
    let start = (end.saturating_sub(4)..end)
        .rev()
        .find(|&i| !is_continuation(bytes[i]))?;
    std::str::from_utf8(&bytes[start..end]).ok()?.chars().next()
}

/// The character starting at byte `start` (None at the end or if invalid).
fn char_at(bytes: &[u8], start: usize) -> Option<char> {
    let end = (start + 1..bytes.len().min(start + 4))
        .find(|&i| !is_continuation(bytes[i]))
        .unwrap_or(bytes.len().min(start + 4));
    std::str::from_utf8(bytes.get(start..end)?)
        .ok()?
        .chars()
        .next()
}

/// Calls `found(i)` for every byte offset where `needle` occurs in `hay`
/// (overlapping), using Boyer-Moore-Horspool.
fn for_each_match(hay: &[u8], needle: &[u8], mut found: impl FnMut(usize)) {
    let m = needle.len();
    if m == 0 || hay.len() < m {
        return;
    }
    let mut shift = [m; 256];
    for (i, &b) in needle[..m - 1].iter().enumerate() {
        shift[usize::from(b)] = m - 1 - i;
    }
    let (last, prefix) = (needle[m - 1], &needle[..m - 1]);
    let mut i = 0;
    while i + m <= hay.len() {
        let b = hay[i + m - 1];
        if b == last && hay[i..i + m - 1] == *prefix {
            found(i);
            i += 1;
        } else {
            i += shift[usize::from(b)];
        }
    }
}

/// [`find_occurrences`] on UTF-8 bytes, so stored text can be searched
/// without validating it first (a valid UTF-8 needle can only match at
/// character boundaries of valid UTF-8 text).
pub(super) fn find_in_utf8(hay: &[u8], pat: &Pattern) -> Vec<(usize, usize)> {
    let needle = pat.folded.as_bytes();
    let mut out = Vec::new();
    let (mut counted_byte, mut counted_chars) = (0, 0);
    for_each_match(hay, needle, |start| {
        let end = start + needle.len();
        let ok_start = !pat.word_start || !char_before(hay, start).is_some_and(is_word_char);
        let ok_end = !pat.word_end || !char_at(hay, end).is_some_and(is_word_char);
        if ok_start && ok_end {
            counted_chars += count_chars(&hay[counted_byte..start]);
            counted_byte = start;
            out.push((counted_chars, counted_chars + pat.char_len));
        }
    });
    out
}

/// Byte offset `n` code points after byte offset `byte` (clamped).
fn forward(text: &[u8], byte: usize, n: usize) -> usize {
    let mut seen = 0;
    for (i, &b) in text.iter().enumerate().skip(byte) {
        if !is_continuation(b) {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    text.len()
}

/// Byte offset `n` code points before byte offset `byte` (clamped).
fn backward(text: &[u8], byte: usize, n: usize) -> usize {
    let mut seen = 0;
    let mut i = byte;
    while seen < n && i > 0 {
        i -= 1;
        if !is_continuation(text[i]) {
            seen += 1;
        }
    }
    i
}

fn flatten_newlines(s: &[u8]) -> String {
    String::from_utf8_lossy(s).replace(['\r', '\n'], " ")
}

/// Cuts KWIC snippets for hits in increasing `start` order, converting
/// code-point offsets to byte offsets incrementally (one pass over the text
/// up to the last hit instead of an index of every character). Works on
/// UTF-8 bytes; only the snippet pieces are decoded.
pub(super) struct KwicCursor<'a> {
    text: &'a [u8],
    cp: usize,
    byte: usize,
}

impl<'a> KwicCursor<'a> {
    pub(super) fn new(text: &'a [u8]) -> KwicCursor<'a> {
        KwicCursor {
            text,
            cp: 0,
            byte: 0,
        }
    }

    /// `(left, match, right)` for `[start, end)`; out-of-range offsets clamp.
    pub(super) fn kwic(
        &mut self,
        start: usize,
        end: usize,
        width: usize,
    ) -> (String, String, String) {
        let text = self.text;
        self.byte = if start >= self.cp {
            forward(text, self.byte, start - self.cp)
        } else {
            forward(text, 0, start)
        };
        self.cp = start;
        let b1 = self.byte;
        let b0 = backward(text, b1, width);
        let b2 = forward(text, b1, end.saturating_sub(start));
        let b3 = forward(text, b2, width);
        (
            flatten_newlines(&text[b0..b1]),
            flatten_newlines(&text[b1..b2]),
            flatten_newlines(&text[b2..b3]),
        )
    }
}

/// Key-word-in-context: returns `(left, match, right)` where `match` is the
/// code-point range `[start, end)` of `text`, `left`/`right` are at most
/// `width` code points of context, and newlines are replaced by spaces.
/// Out-of-range offsets are clamped, never panic.
pub fn kwic(text: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    KwicCursor::new(text.as_bytes()).kwic(start, end, width)
}

/// Formats a KWIC triple as a one-line snippet `left【match】right`.
pub fn snippet(parts: &(String, String, String)) -> String {
    format!("{}【{}】{}", parts.0, parts.1, parts.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(text: &str, pat: &str) -> Vec<(usize, usize)> {
        find_occurrences(&fold_str(text), &Pattern::new(pat))
    }

    #[test]
    fn folding_keeps_code_point_count() {
        assert_eq!(fold_char('A'), 'a');
        assert_eq!(fold_char('Ä'), 'ä');
        assert_eq!(fold_char('应'), '应');
        assert_eq!(fold_char('Ｑ'), 'ｑ');
        // 'İ' lower-cases to two chars: kept unchanged.
        assert_eq!(fold_char('İ'), 'İ');
        assert!(matches!(fold_str("应急，（）：“”"), Cow::Borrowed(_)));
        assert_eq!(fold_char('Ａ'), 'ａ');
        assert_eq!(fold_char('Ⅻ'), 'ⅻ');
        assert_eq!(fold_char('\u{212A}'), 'k'); // Kelvin sign
        assert!(!Pattern::new("应急，").needs_fold);
        assert!(Pattern::new("应急a").needs_fold && Pattern::new("ⅻ").needs_fold);
        assert_eq!(fold_str("应急 GIS"), "应急 gis");
    }

    #[test]
    fn char_classes() {
        assert!(is_word_char('a') && is_word_char('9') && is_word_char('é') && is_word_char('Ｂ'));
        assert!(
            !is_word_char('应') && !is_word_char('，') && !is_word_char('-') && !is_word_char(' ')
        );
        assert!(is_gram_char('应') && is_gram_char('，') && is_gram_char('-'));
        assert!(!is_gram_char(' ') && !is_gram_char('x'));
    }

    #[test]
    fn overlapping_occurrences_count_separately() {
        assert_eq!(occ("啊啊啊", "啊啊"), vec![(0, 2), (1, 3)]);
        assert_eq!(occ("应急管理局和应急局", "应急"), vec![(0, 2), (6, 8)]);
        assert!(occ("应急", "应急管理").is_empty());
    }

    #[test]
    fn latin_is_whole_word_and_case_insensitive() {
        assert_eq!(
            occ("Cat concat CAT cats cat.", "cat"),
            vec![(0, 3), (11, 14), (20, 23)]
        );
        assert_eq!(occ("用GIS系统，gis2", "gis"), vec![(1, 4)]);
        assert_eq!(occ("成L型，XL型", "L型"), vec![(1, 3)]);
        assert_eq!(occ("Hello World", "hello world"), vec![(0, 11)]);
    }

    #[test]
    fn byte_helpers_decode_neighbours() {
        let t = "a应b".as_bytes();
        assert_eq!(
            (char_before(t, 0), char_before(t, 1), char_before(t, 4)),
            (None, Some('a'), Some('应'))
        );
        assert_eq!(
            (char_at(t, 1), char_at(t, 4), char_at(t, 5)),
            (Some('应'), Some('b'), None)
        );
        assert_eq!(count_chars(t), 3);
        assert_eq!(
            (
                forward(t, 0, 2),
                forward(t, 1, 9),
                backward(t, 4, 1),
                backward(t, 4, 9)
            ),
            (4, 5, 1, 0)
        );
        let mut hits = Vec::new();
        for_each_match(b"abababa", b"aba", |i| hits.push(i));
        assert_eq!(hits, vec![0, 2, 4]);
        assert_eq!(occ("x应急应急应", "应急应"), vec![(1, 4), (3, 6)]);
        assert_eq!(occ("2020年，12020年", "2020年"), vec![(0, 5)]);
    }

    #[test]
    fn kwic_clamps_and_flattens() {
        let t = "第一行\n应急管理局负责\n第三行";
        let (l, m, r) = kwic(t, 4, 9, 3);
        assert_eq!(
            (l.as_str(), m.as_str(), r.as_str()),
            ("一行 ", "应急管理局", "负责 ")
        );
        assert_eq!(kwic(t, 0, 1, 5).0, "");
        let (_, m, r) = kwic(t, 100, 200, 5);
        assert_eq!((m.as_str(), r.as_str()), ("", ""));
        assert_eq!(snippet(&kwic("abc", 1, 2, 1)), "a【b】c");
        let mut cur = KwicCursor::new("甲乙丙丁戊己".as_bytes());
        assert_eq!(cur.kwic(3, 4, 1), ("丙".into(), "丁".into(), "戊".into()));
        assert_eq!(
            cur.kwic(1, 2, 5),
            ("甲".into(), "乙".into(), "丙丁戊己".into())
        );
        assert_eq!(cur.kwic(5, 9, 2), ("丁戊".into(), "己".into(), "".into()));
    }
}
