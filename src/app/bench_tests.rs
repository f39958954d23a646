//! Tests of the frame-time benchmark; the full size on demand (figures only):
//! `cargo test --release --lib frame_bench -- --ignored --nocapture`.
//! A small run is part of the suite: its report must be complete and consistent.

use crate::app::views::CentralTab;

/// The figure after `key` in `text`, which must read `key <number> ms` (e.g. `median 1.234 ms`).
fn ms_after(text: &str, key: &str) -> f64 {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let i = tokens
        .iter()
        .position(|t| *t == key)
        .unwrap_or_else(|| panic!("no {key:?} in {text:?}"));
    assert_eq!(tokens.get(i + 2), Some(&"ms"), "{key:?} in {text:?}");
    let v: f64 = tokens[i + 1]
        .parse()
        .unwrap_or_else(|e| panic!("{key:?} in {text:?}: {e}"));
    assert!(v.is_finite() && v > 0.0, "{key:?} in {text:?}: {v}");
    v
}

/// The whole number after `key` in `text` (`… 20 frames` → `number_before(text, "frames")`).
fn number_before(text: &str, key: &str) -> usize {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .collect();
    let i = tokens
        .iter()
        .position(|t| *t == key)
        .filter(|&i| i > 0)
        .unwrap_or_else(|| panic!("no number before {key:?} in {text:?}"));
    tokens[i - 1]
        .parse()
        .unwrap_or_else(|e| panic!("before {key:?} in {text:?}: {e}"))
}

/// `median ≤ p99 (≤ max)` on one line of figures, all positive.
fn ordered(text: &str) {
    let (median, p99) = (ms_after(text, "median"), ms_after(text, "p99"));
    assert!(median <= p99, "median > p99: {text:?}");
    if text.contains("max") {
        assert!(p99 <= ms_after(text, "max"), "p99 > max: {text:?}");
    }
}

/// The line of `report` that starts (after indentation) with `start`.
fn line<'a>(report: &'a str, start: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{report}"))
}

/// Checks a report of `frame_bench_report(chars, codings, frames)`; `views` is the expected
/// start of its views header (`views: 6 documents × 3000 characters, …`).
fn check_report(report: &str, chars: usize, codings: usize, frames: usize, views: &str) {
    assert!(!report.contains("failed"), "{report}");
    let header = line(report, "gui frame benchmark:");
    assert_eq!(number_before(header, "characters"), chars, "{header}");
    assert_eq!(number_before(header, "codings"), codings, "{header}");
    assert_eq!(number_before(header, "frames"), frames, "{header}");
    let paragraphs = number_before(header, "paragraphs");
    assert!(paragraphs > 1, "{header}");
    ms_after(line(report, "start-up"), "out)");
    ms_after(line(report, "one full layout"), "resize)");
    // The scroll went down to the last paragraph and painted some on every frame.
    let scroll = line(report, "scrolling the reader");
    let deepest = scroll
        .split("down to paragraph ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("{scroll}"));
    assert_eq!(deepest, paragraphs, "{scroll}");
    assert!(number_before(scroll, "paragraphs") >= 1, "{scroll}");
    let lines: Vec<&str> = report.lines().collect();
    let at = lines.iter().position(|l| *l == scroll).unwrap();
    ordered(lines[at + 1]);
    ordered(line(report, "idle frame"));
    ordered(line(report, "baseline: empty frame"));
    // Every centre view but the reader, once each, with consistent figures.
    let header = line(report, "views:");
    assert!(
        header.starts_with(views),
        "{header:?} does not start with {views:?}"
    );
    for tab in CentralTab::ALL.into_iter().skip(1) {
        let name = format!("{tab:?}");
        let rows: Vec<&str> = report
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(name.as_str()))
            .collect();
        assert_eq!(rows.len(), 1, "{name} in\n{report}");
        let (idle, scrolling) = rows[0].split_once("scrolling").expect("a scrolling part");
        ms_after(idle, "report");
        ms_after(idle, "frames");
        ordered(idle);
        ordered(scrolling);
    }
    assert_eq!(
        report.lines().count(),
        8 + CentralTab::ALL.len(),
        "8 reader lines, a views header and one line per view but the reader:\n{report}"
    );
}

#[test]
#[ignore = "benchmark; run with --release --ignored --nocapture"]
fn frame_bench() {
    let report = super::bench::frame_bench_report(30_000, 2_000, 600);
    println!("{report}");
    check_report(
        &report,
        30_000,
        2_000,
        600,
        "views: 60 documents × 20000 characters, 200 codes, 17 cases, 20000 codings",
    );
}

#[test]
fn frame_bench_runs() {
    let report = super::bench::frame_bench_report(3_000, 200, 20);
    check_report(
        &report,
        3_000,
        200,
        20,
        "views: 6 documents × 3000 characters, 40 codes, 17 cases, 2000 codings",
    );
}

#[test]
fn study_bench_runs_small_and_reports_every_figure() {
    let scale = super::bench_views::ViewsScale {
        docs: 8,
        chars: 2_000,
        codes: 40,
        codings: 600,
    };
    let report = super::bench_study::study_report(scale, 10);
    assert!(
        report.starts_with(
            "study-scale benchmark: 8 documents × 2000 characters, 40 codes, 600 codings"
        ),
        "{report}"
    );
    for key in [
        "open → first frame",
        "coding action → next frame",
        "baseline: the same with a full reload",
        "switching documents",
        "empty frame baseline",
        "views: slowest frame",
        "memory: resident",
    ] {
        let line = report
            .lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("{key:?} in\n{report}"));
        if line.split_whitespace().any(|t| t == "median") {
            ordered(line);
        }
    }
    for tab in CentralTab::ALL.into_iter().skip(1) {
        let name = format!("{tab:?}");
        assert!(
            report
                .lines()
                .any(|l| l.split_whitespace().next() == Some(name.as_str())),
            "{name} in\n{report}"
        );
    }
    assert!(!report.contains("failed"), "{report}");
}
