//! `matrix`, `qca`, `cooccur`, `agreement`, `crosstab`, `attrs`.

use super::args::{AgreementArgs, AttrsCmd, CooccurArgs, CrosstabArgs, MatrixArgs, QcaArgs};
use super::{open_ro, open_rw, print_json};
use anyhow::{Result, bail};
use qcw::analysis::{AgreementOptions, ConditionRule, CooccurRule, Unit};
use qcw::project::{resolve_case, resolve_code, resolve_doc, resolve_group};
use qcw::reports::{
    QcaOptions, Scope, agreement_report, cooccur_report, crosstab_in_group, default_conditions,
    matrix_in_group, qca_report,
};
use std::process::ExitCode;

pub fn matrix(a: MatrixArgs) -> Result<ExitCode> {
    if a.rows != "cases" || a.cols != "codes" {
        bail!("only --rows cases --cols codes is supported");
    }
    let p = open_ro(&a.project)?;
    let ids = if a.codes.is_empty() {
        None
    } else {
        Some(
            a.codes
                .iter()
                .map(|c| resolve_code(&p, c).map(|c| c.id))
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    let group = a
        .group
        .as_deref()
        .map(|g| resolve_group(&p, g))
        .transpose()?;
    let m = matrix_in_group(&p, ids.as_deref(), a.min_source_types, group)?;
    if a.json {
        print_json(&m)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("case\t{}", m.codes.join("\t"));
    for (case, row) in m.cases.iter().zip(&m.cells) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let kinds: Vec<&str> = c.source_types.iter().map(|k| k.as_str()).collect();
                format!(
                    "{}/{}d{}{}",
                    c.codings,
                    c.documents,
                    if c.triangulated { "*" } else { "" },
                    if kinds.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", kinds.join(","))
                    }
                )
            })
            .collect();
        outln!("{case}\t{}", cells.join("\t"));
    }
    outln!(
        "(codings/documents; * = triangulated by at least {} source types)",
        m.min_source_types
    );
    Ok(ExitCode::SUCCESS)
}

pub fn qca(a: QcaArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    let Some((attr, value)) = a.outcome.split_once('=') else {
        bail!("--outcome must be ATTR=VALUE, e.g. 运行结果=运转有效");
    };
    let conditions = if a.conditions.is_empty() {
        default_conditions(&p)?
    } else {
        a.conditions
            .iter()
            .map(|c| resolve_code(&p, c).map(|c| c.id))
            .collect::<Result<Vec<_>, _>>()?
    };
    let opts = QcaOptions {
        outcome_attr: attr.trim().to_owned(),
        outcome_value: value.trim().to_owned(),
        conditions,
        rule: ConditionRule {
            min_codings: a.min_codings,
            require_triangulated: a.triangulated,
            min_source_types: 0,
        },
        coder: a.coder.clone(),
        group_id: a
            .group
            .as_deref()
            .map(|g| resolve_group(&p, g))
            .transpose()?,
    };
    let r = qca_report(&p, &opts)?;
    if a.json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("outcome: {}", r.outcome);
    outln!("case\t{}\toutcome", r.conditions.join("\t"));
    for c in &r.cases {
        let cells: Vec<String> = c
            .cells
            .iter()
            .map(|x| {
                format!(
                    "{}{}",
                    u8::from(x.present),
                    if x.override_reason.is_some() { "!" } else { "" }
                )
            })
            .collect();
        outln!("{}\t{}\t{}", c.case, cells.join("\t"), u8::from(c.outcome));
    }
    outln!("\ntruth table:");
    for row in &r.truth_table.rows {
        outln!(
            "  {:<40} n={} outcome={} consistency={:.3}",
            row.label,
            row.n,
            row.n_outcome,
            row.consistency
        );
    }
    outln!("\ncondition        necessity cons/cov    sufficiency cons/cov");
    let f = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.3}"));
    for fit in &r.fits {
        let name = if fit.negated {
            format!("~{}", fit.condition)
        } else {
            fit.condition.clone()
        };
        outln!(
            "{name:<16} {} / {}          {} / {}",
            f(fit.necessity_consistency),
            f(fit.necessity_coverage),
            f(fit.sufficiency_consistency),
            f(fit.sufficiency_coverage)
        );
    }
    if !r.excluded.is_empty() {
        outln!(
            "\nexcluded (no {} value): {}",
            opts.outcome_attr,
            r.excluded.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn cooccur(a: CooccurArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    let rule: CooccurRule = a.rule.parse()?;
    let mut scope = Scope {
        coder: a.coder,
        ..Scope::default()
    };
    if let Some(c) = &a.case {
        scope.case_id = Some(resolve_case(&p, c)?);
    }
    if let Some(kv) = &a.attr {
        let Some((k, v)) = kv.split_once('=') else {
            bail!("--attr must be key=value")
        };
        scope.doc_attr = Some((k.trim().to_owned(), v.trim().to_owned()));
    }
    if let Some(g) = &a.group {
        scope.group_id = Some(resolve_group(&p, g)?);
    }
    let r = cooccur_report(&p, &rule, &scope)?;
    if a.json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("co-occurrence by {} ({}):", a.rule, r.matrix.unit);
    outln!("\t{}", r.codes.join("\t"));
    for (i, code) in r.codes.iter().enumerate() {
        let cells: Vec<String> = (0..r.codes.len())
            .map(|j| {
                if a.jaccard {
                    format!("{:.2}", r.matrix.jaccard[i][j])
                } else {
                    r.matrix.counts[i][j].to_string()
                }
            })
            .collect();
        outln!("{code}\t{}", cells.join("\t"));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn agreement(a: AgreementArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    if a.coders.len() < 2 {
        bail!("--coders needs at least two names, e.g. --coders 李研,王思");
    }
    let unit: Unit = a.unit.parse()?;
    let mut scope = Scope::default();
    if let Some(d) = &a.doc {
        scope.doc_id = Some(resolve_doc(&p, d)?);
    }
    if let Some(g) = &a.group {
        scope.group_id = Some(resolve_group(&p, g)?);
    }
    if let Some(c) = &a.code {
        scope.code_ids = Some(vec![resolve_code(&p, c)?.id]);
    }
    let opts = AgreementOptions {
        unit,
        exclude_uncoded: a.exclude_uncoded,
        overlap_threshold: a.threshold,
    };
    let s = agreement_report(&p, &a.coders, &scope, &opts)?;
    if a.json {
        print_json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let f = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.3}"));
    outln!(
        "agreement of {} ({} level{})",
        s.report.coders.join(", "),
        a.unit,
        if a.exclude_uncoded {
            ", uncoded text excluded"
        } else {
            ""
        }
    );
    outln!(
        "{:<20} {:>8} {:>8} {:>8} {:>8} {:>12}",
        "code",
        "units",
        "percent",
        "kappa",
        "alpha",
        "coded-only %"
    );
    for (i, (row, code)) in s.report.rows.iter().zip(&s.codes).enumerate() {
        let coded = s.report.coded_only.get(i);
        outln!(
            "{:<20} {:>8} {:>8.3} {:>8} {:>8} {:>12}",
            code.as_deref().unwrap_or("(overall)"),
            row.units,
            row.percent,
            f(row.kappa),
            f(row.alpha),
            f(coded.map(|c| c.percent))
        );
    }
    outln!("{} disagreement spans", s.report.disagreements.len());
    Ok(ExitCode::SUCCESS)
}

pub fn crosstab(a: CrosstabArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    let by_case = match a.by.as_str() {
        "case" => true,
        "document" => false,
        other => bail!("--by must be case or document, not {other:?}"),
    };
    let group = a
        .group
        .as_deref()
        .map(|g| resolve_group(&p, g))
        .transpose()?;
    let r = crosstab_in_group(&p, &a.attr, by_case, group)?;
    if a.json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("code\t{}\ttotal", r.table.categories.join("\t"));
    for (i, code) in r.codes.iter().enumerate() {
        let cells: Vec<String> = r.table.counts[i]
            .iter()
            .zip(&r.table.row_percent[i])
            .map(|(n, pct)| format!("{n} ({pct:.0}%)"))
            .collect();
        outln!("{code}\t{}\t{}", cells.join("\t"), r.table.row_totals[i]);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn attrs(c: AttrsCmd) -> Result<ExitCode> {
    match c {
        AttrsCmd::Import { project, file } => {
            let mut p = open_rw(&project)?;
            let n = qcw::cases::sheet::import_sheet(&mut p, &file)?;
            outln!("imported attributes of {n} cases from {}", file.display());
        }
        AttrsCmd::Export { project, file } => {
            let p = open_ro(&project)?;
            qcw::cases::sheet::export_sheet(&p, &file)?;
            outln!("wrote {}", file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
