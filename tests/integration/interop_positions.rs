//! REFI-QDA import under each vendor's position rule: NVivo (UTF-16 code units), ATLAS.ti (CRLF
//! as one position), REFI-QDA 1.5 (code points), and detection when the origin names no known
//! tool. Every fixture is built here from a text and the quotes the "vendor" coded; every
//! selection must quote exactly that text.

use crate::interop::{refi, texts, zip_files};
use crate::util::json;
use qcw::interop::{ImportSummary, PositionRule, RuleChoice, import_qdpx};
use qcw::store::{CodingFilter, Project};
use std::path::Path;

/// NVivo-style text: a BOM, CRLF, a CJK Extension B character (𠮷), a ZWJ family emoji and
/// other characters outside the BMP early in the text.
const NVIVO_TEXT: &str = "\u{feff}𠮷野家的👩\u{200d}👩\u{200d}👧\u{200d}👦故事\r\n第二行：张𠀀说，😀 很好。\r\nThird line with words.\r\n最后一行 𠮷 end";
const NVIVO_QUOTES: [&str; 7] = [
    "𠮷野家",
    "👩\u{200d}👩\u{200d}👧\u{200d}👦",
    "故事\r\n第二行",
    "张𠀀",
    "😀 很好",
    "words",
    "𠮷 end",
];

/// ATLAS.ti-style text: CRLF line breaks (and no BOM).
const ATLAS_TEXT: &str = "Breakfast is mayhem.\r\nThe baby has porridge, I have coffee.\r\n\r\nSimon: I did try the gluten free bread,\r\nbut it was always so soggy.";
const ATLAS_QUOTES: [&str; 5] = [
    "Breakfast is mayhem.",
    "porridge",
    "coffee.\r\n\r\nSimon",
    "gluten free bread",
    "always so soggy",
];

/// The position of byte offset `b` of `text` (without BOM) under `rule`.
fn units(text: &str, b: usize, rule: PositionRule) -> usize {
    let before = &text[..b];
    match rule {
        PositionRule::CodePoints => before.chars().count(),
        PositionRule::Utf16 => before.encode_utf16().count(),
        PositionRule::CrlfAsOne => before.replace("\r\n", "\n").chars().count(),
    }
}

/// A `project.qde` with one text source `src.txt` and one selection per quote, its positions
/// counted under `rule`, each coded with one code by one user. `named`: the selections carry
/// their quote as `name`, as ATLAS.ti writes them.
fn qde(
    origin: Option<&str>,
    text: &str,
    quotes: &[&str],
    rule: PositionRule,
    named: bool,
) -> String {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sels = String::new();
    for (i, q) in quotes.iter().enumerate() {
        let b = body.find(q).unwrap();
        let (s, e) = (units(body, b, rule), units(body, b + q.len(), rule));
        let name = if named {
            q.replace("\r\n", " ").replace('&', "&amp;")
        } else {
            format!("Quotation {i}")
        };
        sels.push_str(&format!(
            "<PlainTextSelection guid=\"00000000-0000-0000-0000-0000000001{i:02}\" name=\"{name}\" startPosition=\"{s}\" endPosition=\"{e}\">\
             <Coding guid=\"00000000-0000-0000-0000-0000000002{i:02}\" creatingUser=\"00000000-0000-0000-0000-000000000001\">\
             <CodeRef targetGUID=\"00000000-0000-0000-0000-000000000003\"/></Coding></PlainTextSelection>\n"
        ));
    }
    let origin = origin
        .map(|o| format!(" origin=\"{o}\""))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"{origin}>\
         <Users><User guid=\"00000000-0000-0000-0000-000000000001\" name=\"Vendor Coder\"/></Users>\
         <CodeBook><Codes><Code guid=\"00000000-0000-0000-0000-000000000003\" name=\"quote\" isCodable=\"true\"/></Codes></CodeBook>\
         <Sources><TextSource guid=\"00000000-0000-0000-0000-000000000004\" name=\"doc\" plainTextPath=\"internal://src.txt\">\n{sels}</TextSource></Sources></Project>"
    )
}

/// Builds the `.qdpx` at `dir/name` and imports it into a new project.
fn import(
    dir: &Path,
    name: &str,
    qde: &str,
    text: &str,
) -> (Project, ImportSummary, std::path::PathBuf) {
    let file = dir.join(name);
    zip_files(
        &file,
        &[
            ("project.qde", qde.as_bytes()),
            ("sources/src.txt", text.as_bytes()),
        ],
    );
    let mut p = crate::interop::empty_project(dir, &format!("{name}.qcw"));
    let s = import_qdpx(&mut p, &file, "fallback").unwrap();
    (p, s, file)
}

/// Asserts that the codings of `p` quote exactly `quotes` (line breaks normalised to LF).
fn assert_quotes(p: &Project, quotes: &[&str]) {
    let mut got: Vec<String> = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| {
            assert_eq!(c.coder, "Vendor Coder");
            c.text
        })
        .collect();
    let mut want: Vec<String> = quotes.iter().map(|q| q.replace("\r\n", "\n")).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn nvivo_utf16_positions_quote_exactly_what_nvivo_coded() {
    let dir = tempfile::tempdir().unwrap();
    let x = qde(
        Some("NVivo 14.23.0 (Windows)"),
        NVIVO_TEXT,
        &NVIVO_QUOTES,
        PositionRule::Utf16,
        false,
    );
    let (p, s, _) = import(dir.path(), "nvivo.qdpx", &x, NVIVO_TEXT);
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
    assert_eq!(s.codings, NVIVO_QUOTES.len());
    assert_quotes(&p, &NVIVO_QUOTES);
    assert_eq!(
        texts(&p)["doc"],
        NVIVO_TEXT
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
    );
    assert_eq!(s.positions.len(), 1);
    let r = &s.positions[0];
    assert_eq!(
        (r.rule, r.decided),
        (PositionRule::Utf16, RuleChoice::Origin)
    );
    assert_eq!(r.document, "doc");
    assert!(r.why.contains("NVivo"), "{}", r.why);
}

#[test]
fn read_as_code_points_the_same_file_would_drift() {
    // The check can fail: NVivo's positions under the REFI-QDA 1.5 rule quote other text.
    let dir = tempfile::tempdir().unwrap();
    let x = qde(
        Some("MAXQDA 24"),
        NVIVO_TEXT,
        &NVIVO_QUOTES,
        PositionRule::Utf16,
        false,
    );
    let (p, s, _) = import(dir.path(), "drift.qdpx", &x, NVIVO_TEXT);
    assert_eq!(s.positions[0].rule, PositionRule::CodePoints);
    // The last selection ends past the text: the report warns about the origin's rule.
    assert!(
        s.positions[0]
            .why
            .contains("warning: 1 of 7 selections are impossible"),
        "{}",
        s.positions[0].why
    );
    let quoted: Vec<String> = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert!(!quoted.contains(&"words".to_owned()), "{quoted:?}");
}

#[test]
fn atlas_ti_counts_crlf_as_one_position() {
    let dir = tempfile::tempdir().unwrap();
    let x = qde(
        Some("ATLAS.ti for Windows 23.2.3.27778"),
        ATLAS_TEXT,
        &ATLAS_QUOTES,
        PositionRule::CrlfAsOne,
        true,
    );
    let (p, s, _) = import(dir.path(), "atlas.qdpx", &x, ATLAS_TEXT);
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
    assert_quotes(&p, &ATLAS_QUOTES);
    let r = &s.positions[0];
    assert_eq!(
        (r.rule, r.decided),
        (PositionRule::CrlfAsOne, RuleChoice::Origin)
    );
}

#[test]
fn code_points_with_bom_and_crlf_follow_refi_qda_1_5() {
    let dir = tempfile::tempdir().unwrap();
    let x = qde(
        Some("QualCoder 3.6"),
        NVIVO_TEXT,
        &NVIVO_QUOTES,
        PositionRule::CodePoints,
        false,
    );
    let (p, s, _) = import(dir.path(), "qc.qdpx", &x, NVIVO_TEXT);
    assert_quotes(&p, &NVIVO_QUOTES);
    assert_eq!(
        (s.positions[0].rule, s.positions[0].decided),
        (PositionRule::CodePoints, RuleChoice::Origin)
    );
}

#[test]
fn an_unknown_origin_is_decided_by_the_selections() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            None,
            NVIVO_TEXT,
            &NVIVO_QUOTES[..],
            PositionRule::Utf16,
            false,
        ),
        (
            Some("Quirkos 2.5"),
            ATLAS_TEXT,
            &ATLAS_QUOTES[..],
            PositionRule::CrlfAsOne,
            false,
        ),
        (
            Some("Some Tool"),
            ATLAS_TEXT,
            &ATLAS_QUOTES[..],
            PositionRule::CrlfAsOne,
            true,
        ),
        (
            Some(""),
            NVIVO_TEXT,
            &NVIVO_QUOTES[..],
            PositionRule::CodePoints,
            false,
        ),
        (
            Some("Some Tool"),
            ATLAS_TEXT,
            &ATLAS_QUOTES[..],
            PositionRule::CodePoints,
            true,
        ),
    ];
    for (i, (origin, text, quotes, rule, named)) in cases.into_iter().enumerate() {
        let x = qde(origin, text, quotes, rule, named);
        let (p, s, _) = import(dir.path(), &format!("unknown{i}.qdpx"), &x, text);
        let r = &s.positions[0];
        assert_eq!(
            (r.rule, r.decided),
            (rule, RuleChoice::Detected),
            "case {i}: {}",
            r.why
        );
        assert!(r.why.contains("selections"), "{}", r.why);
        assert_quotes(&p, quotes);
    }
}

#[test]
fn the_cli_reports_the_rule_per_source() {
    let dir = tempfile::tempdir().unwrap();
    let x = qde(None, NVIVO_TEXT, &NVIVO_QUOTES, PositionRule::Utf16, false);
    let file = dir.path().join("cli.qdpx");
    zip_files(
        &file,
        &[
            ("project.qde", x.as_bytes()),
            ("sources/src.txt", NVIVO_TEXT.as_bytes()),
        ],
    );
    let p = dir.path().join("p.qcw");
    let (p_s, f_s) = (p.to_str().unwrap(), file.to_str().unwrap());
    crate::util::ok(&["new", p_s, "--template", "empty"]);
    let j = json(&["qdpx", "import", p_s, f_s]);
    assert_eq!(j["positions"][0]["document"], "doc");
    assert_eq!(j["positions"][0]["rule"], "utf16");
    assert_eq!(j["positions"][0]["decided"], "detected");
    assert!(j["positions"][0]["why"].as_str().unwrap().contains("utf16"));
    let q = dir.path().join("q.qcw");
    crate::util::ok(&["new", q.to_str().unwrap(), "--template", "empty"]);
    let text = crate::util::ok(&["qdpx", "import", q.to_str().unwrap(), f_s]);
    assert!(
        text.contains("positions of \"doc\": utf16 (detected"),
        "{text}"
    );
}

#[test]
fn real_exports_report_their_vendor_rule() {
    // The MAXQDA export: ten sources, code points by origin, texts byte for byte.
    if let Some(file) = refi("paper_themes_maxqda/ICLS_Conf_Themes_ALL_just10.qdpx") {
        let dir = tempfile::tempdir().unwrap();
        let mut p = crate::interop::empty_project(dir.path(), "m.qcw");
        let s = import_qdpx(&mut p, &file, "tester").unwrap();
        assert_eq!(s.positions.len(), 10);
        assert!(
            s.positions
                .iter()
                .all(|r| r.rule == PositionRule::CodePoints
                    && r.decided == RuleChoice::Origin
                    && r.why.contains("MAXQDA"))
        );
    }
}
