//! `export`: evidence tables as XLSX, CSV, Markdown or HTML.

use super::args::ExportArgs;
use super::{open_ro, print_json};
use anyhow::Result;
use qcw::export::{CitationPatterns, ExportOptions, build_report, parse_outcome, write_report};
use std::process::ExitCode;

pub fn run(a: ExportArgs) -> Result<ExitCode> {
    // Refuse an unknown extension before reading the project.
    qcw::export::Format::from_path(&a.evidence)?;
    let opts = ExportOptions {
        cases: a.cases,
        codes: a.codes,
        outcome: a.outcome.as_deref().map(parse_outcome).transpose()?,
        min_source_types: a.min_source_types,
        citations: CitationPatterns {
            interview: a.interview_cite,
            document: a.document_cite,
            observation: a.observation_cite,
        },
        coder: a.coder,
    };
    let p = open_ro(&a.project)?;
    let report = build_report(&p, &opts)?;
    let written = write_report(&report, &a.evidence)?;
    let tables = report.tables();
    if a.json {
        print_json(&serde_json::json!({
            "path": a.evidence,
            "files": written,
            "tables": tables.iter().map(|t| &t.name).collect::<Vec<_>>(),
            "rows": report.evidence.len(),
            "cases": report.cases.len(),
            "codes": report.codes,
            "outcome": report.qca.as_ref().map(|q| &q.outcome),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let quotes: usize = report.evidence.iter().map(|r| r.quotes.len()).sum();
    outln!(
        "wrote {} evidence rows ({} cases × {} codes, {quotes} quotes) to {}",
        report.evidence.len(),
        report.cases.len(),
        report.codes.len(),
        a.evidence.display()
    );
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    outln!("tables: {}", names.join(", "));
    for f in written.iter().filter(|f| **f != a.evidence) {
        outln!("also wrote {}", f.display());
    }
    if let Some(q) = &report.qca {
        outln!("QCA outcome: {}", q.outcome);
    }
    Ok(ExitCode::SUCCESS)
}
