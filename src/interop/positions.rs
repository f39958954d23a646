//! Vendor rules for `PlainTextSelection` positions, and their conversion into qcw's code points.
//!
//! REFI-QDA 1.5 counts `startPosition`/`endPosition` in Unicode code points of the source text,
//! but exporters differ: NVivo counts UTF-16 code units, ATLAS.ti counts a CRLF line break as one
//! position. Every rule counts on the source text without its BOM. The rule of a source comes
//! from `Project@origin` when it names a known tool ([`rule_for_origin`]), else it is detected by
//! checking the selections against the text ([`detect`]). [`resolve`] then maps vendor positions
//! to code points of the normalised text (BOM dropped, CRLF/CR → LF), as qcw stores it.

use serde::Serialize;

/// How an exporter counts positions in a source text (always without the BOM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionRule {
    /// Unicode code points, a CRLF as two (REFI-QDA 1.5, MAXQDA, QualCoder, qcw).
    CodePoints,
    /// UTF-16 code units (a character outside the BMP counts two), a CRLF as two (NVivo).
    Utf16,
    /// Code points, a CRLF as one position (ATLAS.ti).
    CrlfAsOne,
}

impl PositionRule {
    /// Every rule, in order of preference when the evidence does not tell them apart.
    pub const ALL: [PositionRule; 3] = [
        PositionRule::CodePoints,
        PositionRule::Utf16,
        PositionRule::CrlfAsOne,
    ];

    /// The name used in reports and JSON (`code_points`, `utf16`, `crlf_as_one`).
    pub fn name(self) -> &'static str {
        match self {
            PositionRule::CodePoints => "code_points",
            PositionRule::Utf16 => "utf16",
            PositionRule::CrlfAsOne => "crlf_as_one",
        }
    }
}

impl std::fmt::Display for PositionRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How the rule of a source was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleChoice {
    /// `Project@origin` names a tool whose rule is known.
    Origin,
    /// The selections were checked against the text and one rule fitted best.
    Detected,
    /// Nothing told the rules apart (all give the same positions, or the evidence is even):
    /// REFI-QDA 1.5's code points.
    Default,
}

impl RuleChoice {
    /// The name used in reports and JSON (`origin`, `detected`, `default`).
    pub fn name(self) -> &'static str {
        match self {
            RuleChoice::Origin => "origin",
            RuleChoice::Detected => "detected",
            RuleChoice::Default => "default",
        }
    }
}

/// The position rule used for one imported source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcePositions {
    /// The document (its name in the project).
    pub document: String,
    /// The rule.
    pub rule: PositionRule,
    /// How it was chosen.
    pub decided: RuleChoice,
    /// Why, in words (the origin, or the evidence per rule).
    pub why: String,
}

/// The rule of the tool named by `origin` (case-insensitive), with the tool's name.
pub fn rule_for_origin(origin: &str) -> Option<(PositionRule, &'static str)> {
    let o = origin.to_lowercase();
    // An exporter that states UTF-16 positions in its origin (e.g. a qcw export written with
    // `--positions utf16`) is taken at its word.
    if o.contains("utf16") || o.contains("utf-16") {
        return Some((PositionRule::Utf16, "marked as UTF-16 positions"));
    }
    let known = [
        ("nvivo", "NVivo", PositionRule::Utf16),
        ("atlas.ti", "ATLAS.ti", PositionRule::CrlfAsOne),
        ("atlasti", "ATLAS.ti", PositionRule::CrlfAsOne),
        ("maxqda", "MAXQDA", PositionRule::CodePoints),
        ("qualcoder", "QualCoder", PositionRule::CodePoints),
    ];
    for (needle, tool, rule) in known {
        if o.contains(needle) {
            return Some((rule, tool));
        }
    }
    // qcw writes `origin="qcw 0.1.0"`.
    let first = o.split_whitespace().next().unwrap_or_default();
    (first == "qcw").then_some((PositionRule::CodePoints, "qcw"))
}

/// A vendor position resolved on the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolved {
    /// A code point position of the normalised text.
    At(usize),
    /// Between the CR and the LF of a CRLF (placed after the line break): legal, but a sign
    /// of a wrong rule.
    MidCrlf(usize),
    /// Between the two UTF-16 units of a character outside the BMP: impossible under the rule.
    InsideChar,
    /// Negative or past the end of the text.
    Outside,
}

impl Resolved {
    /// The normalised position, if the vendor position is usable.
    pub(super) fn pos(self) -> Option<usize> {
        match self {
            Resolved::At(p) | Resolved::MidCrlf(p) => Some(p),
            Resolved::InsideChar | Resolved::Outside => None,
        }
    }
}

/// The rules that give different positions on `text`: UTF-16 only if it has a character
/// outside the BMP, CRLF-as-one only if it has a CRLF (else they equal code points).
fn distinct_rules(text: &str) -> Vec<PositionRule> {
    let wide = text.chars().any(|c| c.len_utf16() == 2);
    let crlf = text.contains("\r\n");
    PositionRule::ALL
        .into_iter()
        .filter(|r| match r {
            PositionRule::CodePoints => true,
            PositionRule::Utf16 => wide,
            PositionRule::CrlfAsOne => crlf,
        })
        .collect()
}

/// Resolves the vendor positions `wanted` (in any order) under `rule` on `text` (the source
/// text without BOM, before normalisation); one pass over the text.
pub(super) fn resolve(text: &str, rule: PositionRule, wanted: &[i64]) -> Vec<Resolved> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut out = vec![Resolved::Outside; wanted.len()];
    let mut next = order.iter().take_while(|&&i| wanted[i] < 0).count();
    let (mut unit, mut pos) = (0i64, 0usize);
    let mut prev_cr = false;
    for c in text.chars() {
        if next == order.len() {
            break;
        }
        let lf_of_crlf = c == '\n' && prev_cr;
        let width = match rule {
            PositionRule::CodePoints => 1,
            PositionRule::Utf16 => c.len_utf16() as i64,
            PositionRule::CrlfAsOne => i64::from(!lf_of_crlf),
        };
        while next < order.len() && wanted[order[next]] == unit {
            out[order[next]] = if lf_of_crlf && width > 0 {
                Resolved::MidCrlf(pos)
            } else {
                Resolved::At(pos)
            };
            next += 1;
        }
        while next < order.len() && wanted[order[next]] < unit + width {
            out[order[next]] = Resolved::InsideChar;
            next += 1;
        }
        unit += width;
        pos += usize::from(!lf_of_crlf);
        prev_cr = c == '\r';
    }
    while next < order.len() && wanted[order[next]] == unit {
        out[order[next]] = Resolved::At(pos);
        next += 1;
    }
    out
}

/// A selection as the file gives it: vendor positions and its `name` (ATLAS.ti and others
/// name a selection by the beginning of its quote).
pub(super) struct Selection<'a> {
    /// `startPosition`.
    pub start: i64,
    /// `endPosition`.
    pub end: i64,
    /// The `name` attribute.
    pub name: &'a str,
}

/// How well one rule fits the selections of a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fit {
    /// Selections with an end outside the text, inside a character, or reversed.
    bad: usize,
    /// Selections whose quote begins with the selection's name.
    named: usize,
    /// Ends between the CR and the LF of a line break.
    mid_crlf: usize,
    /// Ends on a word or line boundary.
    boundaries: usize,
}

impl Fit {
    /// Higher is better.
    fn rank(
        &self,
    ) -> (
        std::cmp::Reverse<usize>,
        usize,
        std::cmp::Reverse<usize>,
        usize,
    ) {
        use std::cmp::Reverse;
        (
            Reverse(self.bad),
            self.named,
            Reverse(self.mid_crlf),
            self.boundaries,
        )
    }
}

/// Whether a selection end between `before` and `after` lies on a word or line boundary.
fn is_boundary(before: Option<char>, after: Option<char>) -> bool {
    match (before, after) {
        (Some(a), Some(b)) => !(a.is_alphanumeric() && b.is_alphanumeric()),
        _ => true,
    }
}

/// Whitespace runs folded to one space, trailing `…`/`...` dropped.
fn folded(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_suffix('…')
        .or_else(|| s.strip_suffix("..."))
        .unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte offset of every code point position in `positions` (sorted or not) of `text`;
/// positions past the end give `text.len()`.
fn byte_offsets(text: &str, positions: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| positions[i]);
    let mut out = vec![text.len(); positions.len()];
    let mut next = 0;
    for (n, (b, _)) in text.char_indices().enumerate() {
        while next < order.len() && positions[order[next]] == n {
            out[order[next]] = b;
            next += 1;
        }
        if next == order.len() {
            break;
        }
    }
    out
}

/// How well `rule` fits `selections` on `raw` (without BOM) whose normalised form is `norm`.
fn fit(raw: &str, norm: &str, rule: PositionRule, selections: &[Selection<'_>]) -> Fit {
    let wanted: Vec<i64> = selections.iter().flat_map(|s| [s.start, s.end]).collect();
    let resolved = resolve(raw, rule, &wanted);
    let mut f = Fit::default();
    let mut good = Vec::new();
    for (s, pair) in selections.iter().zip(resolved.chunks(2)) {
        match (pair[0].pos(), pair[1].pos()) {
            (Some(a), Some(b)) if a < b => good.push((s, a, b)),
            _ => f.bad += 1,
        }
        f.mid_crlf += pair
            .iter()
            .filter(|r| matches!(r, Resolved::MidCrlf(_)))
            .count();
    }
    let ends: Vec<usize> = good.iter().flat_map(|(_, a, b)| [*a, *b]).collect();
    let bytes = byte_offsets(norm, &ends);
    for ((s, _, _), b) in good.iter().zip(bytes.chunks(2)) {
        for &at in b {
            let before = norm[..at].chars().next_back();
            let after = norm[at..].chars().next();
            f.boundaries += usize::from(is_boundary(before, after));
        }
        let name = folded(s.name);
        if name.chars().count() >= 4 {
            let quote = folded(&norm[b[0]..b[1]]);
            f.named += usize::from(quote.starts_with(&name));
        }
    }
    f
}

/// Chooses the rule for a source whose `Project@origin` names no known tool: the rule under
/// which fewest selections are impossible, then most quotes begin with their selection's name,
/// then fewest ends split a CRLF, then most ends lie on word or line boundaries. Returns the rule,
/// how it was chosen and why.
pub(super) fn detect(
    raw: &str,
    norm: &str,
    selections: &[Selection<'_>],
) -> (PositionRule, RuleChoice, String) {
    if selections.is_empty() {
        return (
            PositionRule::CodePoints,
            RuleChoice::Default,
            "no selections to check".into(),
        );
    }
    let rules = distinct_rules(raw);
    if rules.len() == 1 {
        return (
            PositionRule::CodePoints,
            RuleChoice::Default,
            "the text has no CRLF and no character outside the BMP: every rule gives the same positions"
                .into(),
        );
    }
    let fits: Vec<(PositionRule, Fit)> = rules
        .into_iter()
        .map(|r| (r, fit(raw, norm, r, selections)))
        .collect();
    let n = selections.len();
    let evidence = fits
        .iter()
        .map(|(r, f)| {
            format!(
                "{r}: {} of {n} selections impossible, {} quotes begin with their name, {} ends split a CRLF, {} of {} ends on word/line boundaries",
                f.bad,
                f.named,
                f.mid_crlf,
                f.boundaries,
                2 * (n - f.bad)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let best = fits.iter().map(|(_, f)| f.rank()).max();
    let winners: Vec<PositionRule> = fits
        .iter()
        .filter(|(_, f)| Some(f.rank()) == best)
        .map(|(r, _)| *r)
        .collect();
    match winners.as_slice() {
        [rule] => (*rule, RuleChoice::Detected, evidence),
        _ => (
            PositionRule::CodePoints,
            RuleChoice::Default,
            format!("the selections fit several rules equally ({evidence})"),
        ),
    }
}

/// The rule for a source of a file from `origin`: the origin's tool's rule, else [`detect`].
pub(super) fn choose(
    origin: &str,
    raw: &str,
    norm: &str,
    selections: &[Selection<'_>],
) -> (PositionRule, RuleChoice, String) {
    match rule_for_origin(origin) {
        Some((rule, tool)) => {
            let mut why = format!("origin \"{}\" is {tool}", origin.trim());
            if !selections.is_empty() && distinct_rules(raw).len() > 1 {
                let bad = fit(raw, norm, rule, selections).bad;
                if bad > 0 {
                    why.push_str(&format!(
                        "; warning: {bad} of {} selections are impossible under this rule",
                        selections.len()
                    ));
                }
            }
            (rule, RuleChoice::Origin, why)
        }
        None => {
            let (rule, how, why) = detect(raw, norm, selections);
            let origin = if origin.trim().is_empty() {
                "the file names no origin".to_owned()
            } else {
                format!("origin \"{}\" is not a known tool", origin.trim())
            };
            (rule, how, format!("{origin}; {why}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::normalize;

    fn at(text: &str, rule: PositionRule, wanted: &[i64]) -> Vec<Option<usize>> {
        resolve(text, rule, wanted)
            .into_iter()
            .map(Resolved::pos)
            .collect()
    }

    #[test]
    fn each_rule_maps_onto_normalised_code_points() {
        // a 𠮷 \r \n b : normalised "a𠮷\nb" (positions 0..=4)
        let t = "a𠮷\r\nb";
        assert_eq!(
            at(t, PositionRule::CodePoints, &[0, 1, 2, 3, 4, 5, 6]),
            [Some(0), Some(1), Some(2), Some(3), Some(3), Some(4), None]
        );
        assert_eq!(
            at(t, PositionRule::Utf16, &[0, 1, 2, 3, 4, 5, 6, 7]),
            [
                Some(0),
                Some(1),
                None,
                Some(2),
                Some(3),
                Some(3),
                Some(4),
                None
            ]
        );
        assert_eq!(
            at(t, PositionRule::CrlfAsOne, &[0, 1, 2, 3, 4, 5]),
            [Some(0), Some(1), Some(2), Some(3), Some(4), None]
        );
        assert_eq!(
            resolve(t, PositionRule::CodePoints, &[3, -1]),
            [Resolved::MidCrlf(3), Resolved::Outside]
        );
        assert_eq!(
            resolve(t, PositionRule::Utf16, &[2]),
            [Resolved::InsideChar]
        );
    }

    #[test]
    fn origins_name_their_rules() {
        assert_eq!(
            rule_for_origin("NVivo 14 (Windows)").map(|r| r.0),
            Some(PositionRule::Utf16)
        );
        assert_eq!(
            rule_for_origin("ATLAS.ti 8.4.0 573 , macOS").map(|r| r.0),
            Some(PositionRule::CrlfAsOne)
        );
        assert_eq!(
            rule_for_origin("MAXQDA 24 (Release 24.7.0)").map(|r| r.0),
            Some(PositionRule::CodePoints)
        );
        assert_eq!(
            rule_for_origin("qcw 0.1.0").map(|r| r.0),
            Some(PositionRule::CodePoints)
        );
        assert_eq!(
            rule_for_origin("qcw 0.2.0 (positions: UTF-16)").map(|r| r.0),
            Some(PositionRule::Utf16)
        );
        assert_eq!(rule_for_origin("Quirkos"), None);
        assert_eq!(rule_for_origin(""), None);
    }

    fn utf16_of(text: &str, needle: &str) -> (i64, i64) {
        let b = text.find(needle).unwrap();
        let s = text[..b].encode_utf16().count() as i64;
        (s, s + needle.encode_utf16().count() as i64)
    }

    #[test]
    fn detection_finds_utf16_and_crlf_as_one() {
        let raw = "𠮷野家 👩‍👩‍👧 is here.\r\nThe second line has words.\r\nA third line, last.";
        let norm = normalize(raw);
        let needles = ["second line", "words", "third line", "last"];
        let sels: Vec<Selection<'_>> = needles
            .iter()
            .map(|n| {
                let (start, end) = utf16_of(raw, n);
                Selection {
                    start,
                    end,
                    name: "",
                }
            })
            .collect();
        let (rule, how, why) = detect(raw, &norm, &sels);
        assert_eq!(
            (rule, how),
            (PositionRule::Utf16, RuleChoice::Detected),
            "{why}"
        );
        // The same quotes counted ATLAS.ti's way: code points, CRLF as one.
        let one: String = raw.replace("\r\n", "\n");
        let sels: Vec<Selection<'_>> = needles
            .iter()
            .map(|n| {
                let b = one.find(n).unwrap();
                let s = one[..b].chars().count() as i64;
                Selection {
                    start: s,
                    end: s + n.chars().count() as i64,
                    name: n,
                }
            })
            .collect();
        let (rule, how, why) = detect(raw, &norm, &sels);
        assert_eq!(
            (rule, how),
            (PositionRule::CrlfAsOne, RuleChoice::Detected),
            "{why}"
        );
        // Without CR or non-BMP characters there is nothing to decide.
        let plain = "just text";
        let s = [Selection {
            start: 0,
            end: 4,
            name: "",
        }];
        assert_eq!(detect(plain, plain, &s).1, RuleChoice::Default);
    }
}
