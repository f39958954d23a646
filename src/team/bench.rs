//! `qcw bench merge` (feature `bench`): merging two coders' copies of a generated study-sized
//! project, against the time of copying the project file (the least a merge can cost: reading one
//! copy). Figures only, no pass/fail.

use super::{TeamError, merge, split};
use crate::command::{CodeFields, Command, NewDocument, execute};
use crate::model::DocKind;
use crate::store::Project;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "平台", "应急", "管理", "预警", "部门", "数据", "协同", "风险", "城市", "监测", "基层", "共享",
];

/// A project at `path` with `docs` documents of about `chars` characters and `codes` codes
/// (three levels), no codings.
pub(crate) fn base(path: &Path, docs: usize, chars: usize, codes: usize) -> Result<(), TeamError> {
    let mut p = Project::create(path, "bench")?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut commands = Vec::new();
    for i in 0..docs {
        let mut text = String::with_capacity(chars * 3);
        while text.chars().count() < chars {
            text.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
            if rng.below(12) == 0 {
                text.push_str("。\n");
            }
        }
        commands.push(Command::ImportDocument(Box::new(NewDocument {
            name: format!("20230819B{i:03}"),
            kind: DocKind::Interview,
            sha256: format!("{i:064x}"),
            text,
            source_path: format!("{i}.txt"),
            format: "txt".into(),
            attributes: Default::default(),
            cases: vec![format!("城市{}", i % 12)],
        })));
    }
    for i in 0..codes {
        commands.push(Command::AddCode {
            path: format!("维度{}/机制{}/码{i}", i % 3, i % 17),
            fields: CodeFields::default(),
        });
    }
    execute(
        &mut p,
        &Command::Batch {
            label: "bench".into(),
            commands,
        },
    )?;
    Ok(())
}

/// `n` codings by `coder` over the copy at `path` (one undo step).
fn code_copy(path: &Path, coder: &str, n: usize, seed: u64) -> Result<(), TeamError> {
    let mut p = Project::open(path, coder)?;
    let docs: Vec<(i64, usize)> = p.documents()?.iter().map(|d| (d.id, d.chars)).collect();
    let codes: Vec<i64> = p
        .codes()?
        .iter()
        .filter(|c| c.path.matches('/').count() == 2)
        .map(|c| c.id)
        .collect();
    let mut rng = Rng(seed);
    let commands = (0..n)
        .map(|_| {
            let (doc_id, len) = docs[rng.below(docs.len())];
            let start = rng.below(len.saturating_sub(10).max(1));
            Command::ApplyCoding {
                doc_id,
                start,
                end: (start + 10 + rng.below(390)).min(len),
                code_id: codes[rng.below(codes.len())],
                coder: coder.to_owned(),
                memo: String::new(),
            }
        })
        .collect();
    execute(
        &mut p,
        &Command::Batch {
            label: "bench codings".into(),
            commands,
        },
    )?;
    Ok(())
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Generates the project (`docs` documents of `chars` characters, `codes` codes), splits it for two
/// coders, gives each copy `codings` codings, then times: copying a copy's file (baseline),
/// previewing and merging the first copy, merging the second, and merging the first again
/// (nothing new). Meant to be run in release mode.
///
/// # Errors
/// The temporary folder or a project cannot be written.
pub fn merge_bench(
    docs: usize,
    chars: usize,
    codes: usize,
    codings: usize,
) -> Result<String, TeamError> {
    merge_bench_figures(docs, chars, codes, codings, &mut Vec::new())
}

/// [`merge_bench`], also collecting each step as a [`Figure`] against copying the file.
///
/// # Errors
/// As [`merge_bench`].
pub fn merge_bench_figures(
    docs: usize,
    chars: usize,
    codes: usize,
    codings: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> Result<String, TeamError> {
    let dir = tempfile::tempdir().map_err(|source| crate::store::StoreError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    let io = |source| crate::store::StoreError::Io {
        path: dir.path().to_owned(),
        source,
    };
    let mut out = String::new();
    let t = Instant::now();
    let path = dir.path().join("study.qcw");
    base(&path, docs, chars, codes)?;
    let copies = split(
        &Project::open_read_only(&path)?,
        &["甲".into(), "乙".into()],
        &dir.path().join("copies"),
    )?;
    code_copy(&copies[0], "甲", codings, 0x9E37_79B9_7F4A_7C15)?;
    code_copy(&copies[1], "乙", codings, 0xD1B5_4A32_D192_ED03)?;
    let size = std::fs::metadata(&copies[0]).map_err(io)?.len() as f64 / 1e6;
    let _ = writeln!(
        out,
        "project: {docs} documents × {chars} characters, {codes} codes; two copies with {codings} codings each ({size:.1} MB each; generated in {:.1} s)",
        secs(t)
    );
    let t = Instant::now();
    std::fs::copy(&copies[0], dir.path().join("copy.qcw")).map_err(io)?;
    let copy_s = secs(t);
    let _ = writeln!(out, "baseline: copying one copy's file: {:.3} s", copy_s);
    let mut into = Project::open(&path, "PI")?;
    let t = Instant::now();
    let preview = super::preview(&into, &copies[0])?;
    let preview_s = secs(t);
    let mut row = |what: &str, s: f64, detail: String| {
        figures.push(crate::bench::Figure::new(
            format!("merge: {what}"),
            s * 1e3,
            "copying the project file",
            copy_s * 1e3,
        ));
        let _ = writeln!(
            out,
            "{what:<34} {s:>8.3} s  {:>7.1}× copy  {detail}",
            s / copy_s.max(1e-9)
        );
    };
    row(
        "preview merge of copy 1",
        preview_s,
        format!("{} codings to add", preview.codings_added),
    );
    let t = Instant::now();
    let r1 = merge(&mut into, &copies[0])?;
    row(
        "merge copy 1 (one undo step)",
        secs(t),
        format!("{} codings added", r1.codings_added),
    );
    let t = Instant::now();
    let r2 = merge(&mut into, &copies[1])?;
    row(
        "merge copy 2",
        secs(t),
        format!("{} codings added", r2.codings_added),
    );
    let t = Instant::now();
    let r3 = merge(&mut into, &copies[0])?;
    row(
        "merge copy 1 again (no change)",
        secs(t),
        format!("{} already there", r3.codings_present),
    );
    let t = Instant::now();
    into.undo()?;
    row("undo the last merge", secs(t), String::new());
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_small_merge_bench_runs_and_reports_every_step() {
        let out = super::merge_bench(4, 300, 12, 200).unwrap();
        for line in [
            "baseline: copying",
            "merge copy 1 (one undo step)",
            "merge copy 2",
            "no change",
            "codings added",
        ] {
            assert!(out.contains(line), "{line} in {out}");
        }
    }
}
