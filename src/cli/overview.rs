//! `qcw overview`: the document × code overview (MAXQDA's Code Matrix Browser).

use super::{open_ro, print_json};
use anyhow::{Result, bail};
use clap::Args;
use qcw::reports::{Measure, OverviewBy, OverviewOptions, overview_report};
use std::path::PathBuf;
use std::process::ExitCode;

/// `qcw overview P [--by document|group] [--measure count|coverage] [--coder C] [--group G]`.
#[derive(Debug, Args)]
pub struct OverviewArgs {
    pub project: PathBuf,
    /// Rows: document or group (documents in no group are left out).
    #[arg(long, default_value = "document")]
    pub by: String,
    /// Cell value: count (codings) or coverage (percent of the row's characters).
    #[arg(long, default_value = "count")]
    pub measure: String,
    /// Only this coder's codings.
    #[arg(long)]
    pub coder: Option<String>,
    /// Only the documents of this group.
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn overview(a: OverviewArgs) -> Result<ExitCode> {
    let by = match a.by.as_str() {
        "document" => OverviewBy::Document,
        "group" => OverviewBy::Group,
        other => bail!("--by must be document or group, not {other:?}"),
    };
    let measure = match a.measure.as_str() {
        "count" => Measure::Count,
        "coverage" => Measure::Coverage,
        other => bail!("--measure must be count or coverage, not {other:?}"),
    };
    let p = open_ro(&a.project)?;
    let opts = OverviewOptions {
        by,
        measure,
        coder: a.coder,
        group: a.group,
    };
    let r = overview_report(&p, &opts)?;
    if a.json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    let paths: Vec<&str> = r.codes.iter().map(|c| c.path.as_str()).collect();
    outln!("{}\t{}", r.by, paths.join("\t"));
    for row in &r.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| match measure {
                Measure::Count => c.codings.to_string(),
                Measure::Coverage => format!("{:.1}%", c.coverage),
            })
            .collect();
        outln!("{}\t{}", row.name, cells.join("\t"));
    }
    Ok(ExitCode::SUCCESS)
}
