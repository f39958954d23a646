//! The consensus layer: where two coders' codings of a code differ, the PI decides (accept A,
//! accept B, both, neither, or an edited range); the result is the codings of the coder
//! `consensus`, which the evidence export and QCA can use alone (`--coder consensus`).
//!
//! A unit is a document, a code and a stretch of text where the two coders' codings of that code
//! overlap one another (connected); it is a disagreement unless both coded exactly the same
//! ranges in it.

use super::TeamError;
use crate::command::{Applied, CONSENSUS_CODER, Command, execute};
use crate::store::{CodingFilter, Project};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A disagreement between two coders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// Its number in the list (1-based), for `qcw consensus resolve --unit N`.
    pub unit: usize,
    /// The document's id.
    pub doc_id: i64,
    /// The document's name.
    pub doc: String,
    /// The code's id.
    pub code_id: i64,
    /// The code's path.
    pub code: String,
    /// The unit's start (code points).
    pub start: usize,
    /// The unit's end (exclusive).
    pub end: usize,
    /// Coder A's ranges in the unit.
    pub a: Vec<(usize, usize)>,
    /// Coder B's ranges in the unit.
    pub b: Vec<(usize, usize)>,
    /// The decision taken, if resolved (`a`, `b`, `both`, `neither`, `range`).
    pub decision: Option<String>,
    /// The consensus codings in the unit.
    pub consensus: Vec<(usize, usize)>,
    /// The unit's text.
    pub text: String,
}

/// How many disagreements are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Resolved.
    pub resolved: usize,
    /// All.
    pub total: usize,
}

/// A decision on a disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Coder A's ranges.
    A,
    /// Coder B's ranges.
    B,
    /// The union of both.
    Both,
    /// No coding.
    Neither,
    /// One range `[start, end)` inside the unit.
    Range(usize, usize),
}

type Ranges = Vec<(usize, usize)>;

/// Units of one document and code: `(start, end, a's ranges, b's ranges)`.
fn units(a: &[(usize, usize)], b: &[(usize, usize)]) -> Vec<(usize, usize, Ranges, Ranges)> {
    let mut all: Vec<(usize, usize, bool)> = a.iter().map(|&(s, e)| (s, e, true)).collect();
    all.extend(b.iter().map(|&(s, e)| (s, e, false)));
    all.sort_unstable();
    let mut out: Vec<(usize, usize, Ranges, Ranges)> = Vec::new();
    for (s, e, is_a) in all {
        match out.last_mut() {
            Some(u) if s < u.1 => {
                u.1 = u.1.max(e);
                if is_a {
                    u.2.push((s, e))
                } else {
                    u.3.push((s, e))
                }
            }
            _ => {
                let (ra, rb) = if is_a {
                    (vec![(s, e)], vec![])
                } else {
                    (vec![], vec![(s, e)])
                };
                out.push((s, e, ra, rb));
            }
        }
    }
    out
}

/// Merged (union) intervals.
fn union(mut r: Ranges) -> Ranges {
    r.sort_unstable();
    let mut out: Ranges = Vec::new();
    for (s, e) in r {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The disagreements between `coder_a` and `coder_b` (by document name, code path, position)
/// and how many are resolved; with `agreed`, the units where they agree instead.
///
/// # Errors
/// A coder has no codings, or the store fails.
pub fn disagreements(
    project: &Project,
    coder_a: &str,
    coder_b: &str,
    agreed: bool,
) -> Result<(Vec<Disagreement>, Progress), TeamError> {
    let coders = project.coders()?;
    for c in [coder_a, coder_b] {
        if !coders.iter().any(|x| x == c) {
            return Err(TeamError::UnknownCoder {
                path: project.path().to_owned(),
                coder: c.to_owned(),
                known: coders.join(", "),
            });
        }
    }
    type Key = (String, String, i64, i64);
    let mut by: BTreeMap<Key, [Ranges; 3]> = BTreeMap::new();
    // Only the two coders' and the consensus layer's codings are read.
    for (slot, coder) in [coder_a, coder_b, CONSENSUS_CODER].into_iter().enumerate() {
        let filter = CodingFilter {
            coder: Some(coder.to_owned()),
            ..CodingFilter::default()
        };
        for c in project.codings(&filter)? {
            by.entry((c.doc, c.code, c.doc_id, c.code_id)).or_default()[slot]
                .push((c.start, c.end));
        }
    }
    let decisions: HashMap<(i64, i64, i64, i64), String> = project
        .consensus_decisions()?
        .into_iter()
        .map(|d| ((d.doc_id, d.code_id, d.start, d.end), d.decision))
        .collect();
    let mut texts: HashMap<i64, Vec<char>> = HashMap::new();
    let mut out = Vec::new();
    for ((doc, code, doc_id, code_id), [a, b, cons]) in by {
        for (start, end, mut ra, mut rb) in units(&a, &b) {
            ra.sort_unstable();
            rb.sort_unstable();
            if (ra == rb) != agreed {
                continue;
            }
            let chars = match texts.entry(doc_id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(
                    project
                        .document_text(doc_id)?
                        .map(|(_, t)| t.chars().collect())
                        .unwrap_or_default(),
                ),
            };
            let text: String = chars
                .get(start..end.min(chars.len()))
                .unwrap_or_default()
                .iter()
                .collect();
            let mut consensus: Ranges = cons
                .iter()
                .copied()
                .filter(|&(s, e)| s >= start && e <= end)
                .collect();
            consensus.sort_unstable();
            out.push(Disagreement {
                unit: out.len() + 1,
                doc_id,
                doc: doc.clone(),
                code_id,
                code: code.clone(),
                start,
                end,
                a: ra,
                b: rb,
                decision: decisions
                    .get(&(doc_id, code_id, start as i64, end as i64))
                    .cloned(),
                consensus,
                text,
            });
        }
    }
    let progress = Progress {
        resolved: out.iter().filter(|d| d.decision.is_some()).count(),
        total: out.len(),
    };
    Ok((out, progress))
}

/// The command resolving `d` with `r` (`None` reopens it).
pub fn resolution_command(d: &Disagreement, r: Option<Resolution>) -> Result<Command, TeamError> {
    let (decision, ranges) = match r {
        None => (None, Vec::new()),
        Some(Resolution::A) => (Some("a"), d.a.clone()),
        Some(Resolution::B) => (Some("b"), d.b.clone()),
        Some(Resolution::Both) => (Some("both"), union([d.a.clone(), d.b.clone()].concat())),
        Some(Resolution::Neither) => (Some("neither"), Vec::new()),
        Some(Resolution::Range(s, e)) => {
            if s >= e || s < d.start || e > d.end {
                return Err(TeamError::RangeOutside {
                    start: s,
                    end: e,
                    unit: d.unit,
                    unit_start: d.start,
                    unit_end: d.end,
                });
            }
            (Some("range"), vec![(s, e)])
        }
    };
    Ok(Command::DecideConsensus {
        doc_id: d.doc_id,
        code_id: d.code_id,
        start: d.start,
        end: d.end,
        decision: decision.map(str::to_owned),
        ranges,
    })
}

/// Resolves disagreement number `unit` (as listed by [`disagreements`]) as one undo step.
///
/// # Errors
/// No such unit, a range outside the unit, or the store fails.
pub fn resolve(
    project: &mut Project,
    coders: (&str, &str),
    unit: usize,
    r: Option<Resolution>,
) -> Result<Applied, TeamError> {
    let (list, _) = disagreements(project, coders.0, coders.1, false)?;
    let d = list
        .iter()
        .find(|d| d.unit == unit)
        .ok_or(TeamError::NoUnit {
            unit,
            count: list.len(),
        })?;
    Ok(execute(project, &resolution_command(d, r)?)?)
}

/// Copies every unit where the two coders agree into the consensus layer, as one undo step.
///
/// # Errors
/// As [`disagreements`].
pub fn take_agreed(project: &mut Project, coders: (&str, &str)) -> Result<Applied, TeamError> {
    let (list, _) = disagreements(project, coders.0, coders.1, true)?;
    let commands = list
        .iter()
        .flat_map(|d| {
            d.a.iter().map(|&(s, e)| Command::ApplyCoding {
                doc_id: d.doc_id,
                start: s,
                end: e,
                code_id: d.code_id,
                coder: CONSENSUS_CODER.to_owned(),
                memo: String::new(),
            })
        })
        .collect();
    Ok(execute(
        project,
        &Command::Batch {
            label: format!(
                "consensus: take what {} and {} agree on",
                coders.0, coders.1
            ),
            commands,
        },
    )?)
}
