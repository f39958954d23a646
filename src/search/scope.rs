//! What a search covers and what coding its hits means, shared by `qcw search`, `qcw code hits`
//! and the search view: the document filters (kind, case, code, attribute) and the ranges a hit
//! stands for (the match, its sentence or its paragraph).

use super::Hit;
use crate::codebook::descendants;
use crate::command::Command;
use crate::model::DocKind;
use crate::store::{CodingFilter, Project, StoreError};
use std::collections::{HashMap, HashSet};

/// Which documents a search looks at (every field `None`: all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only documents of this kind.
    pub kind: Option<DocKind>,
    /// Only documents linked to this case (by id).
    pub case_id: Option<i64>,
    /// Only documents with codings of this code or its sub-codes (by id).
    pub code_id: Option<i64>,
    /// Only documents whose attribute `key` is `value`.
    pub attr: Option<(String, String)>,
    /// Only documents in this document group (by id; an unknown group allows none).
    pub group_id: Option<i64>,
}

impl SearchFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == SearchFilter::default()
    }
}

/// The documents `filter` allows (`None`: all).
pub fn allowed_docs(
    project: &Project,
    filter: &SearchFilter,
) -> Result<Option<HashSet<i64>>, StoreError> {
    if filter.is_empty() {
        return Ok(None);
    }
    let docs = project.documents()?;
    let mut allowed: HashSet<i64> = docs
        .iter()
        .filter(|d| filter.kind.is_none_or(|k| d.kind == k))
        .filter(|d| {
            filter
                .attr
                .as_ref()
                .is_none_or(|(k, v)| d.attributes.get(k) == Some(v))
        })
        .map(|d| d.id)
        .collect();
    if let Some(case_id) = filter.case_id {
        let linked: HashSet<i64> = project
            .case_links()?
            .into_iter()
            .filter(|l| l.case_id == case_id)
            .map(|l| l.doc_id)
            .collect();
        allowed.retain(|id| linked.contains(id));
    }
    if let Some(group_id) = filter.group_id {
        let members: HashSet<i64> = project
            .group_docs(group_id)?
            .unwrap_or_default()
            .into_iter()
            .collect();
        allowed.retain(|id| members.contains(id));
    }
    if let Some(code_id) = filter.code_id {
        let ids = descendants(&project.codes()?, code_id);
        let coded: HashSet<i64> = project
            .codings(&CodingFilter {
                code_ids: Some(ids),
                ..CodingFilter::default()
            })?
            .into_iter()
            .map(|c| c.doc_id)
            .collect();
        allowed.retain(|id| coded.contains(id));
    }
    Ok(Some(allowed))
}

/// What coding a hit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HitScope {
    /// Just the matched characters.
    #[default]
    Match,
    /// The sentence the match starts in (extended to the match's end).
    Sentence,
    /// The paragraph the match starts in (extended to the match's end).
    Paragraph,
}

impl HitScope {
    /// All scopes, in menu order.
    pub const ALL: [HitScope; 3] = [HitScope::Match, HitScope::Sentence, HitScope::Paragraph];

    /// `match`, `sentence` or `paragraph`.
    pub fn parse(s: &str) -> Option<HitScope> {
        match s {
            "match" => Some(HitScope::Match),
            "sentence" => Some(HitScope::Sentence),
            "paragraph" => Some(HitScope::Paragraph),
            _ => None,
        }
    }
}

/// The distinct ranges `(doc_id, start, end)` that coding `hits` with `scope` covers, sorted.
/// `texts` holds the documents' texts by id (hits of documents not in it are skipped).
pub fn hit_ranges(
    hits: &[Hit],
    texts: &HashMap<i64, String>,
    scope: HitScope,
) -> Vec<(i64, usize, usize)> {
    let mut units: HashMap<i64, Vec<(usize, usize)>> = HashMap::new();
    let mut ranges = Vec::with_capacity(hits.len());
    for h in hits {
        let Some(text) = texts.get(&h.doc_id) else {
            continue;
        };
        let (s, e) = match scope {
            HitScope::Match => (h.start, h.end),
            HitScope::Sentence | HitScope::Paragraph => {
                let units = units.entry(h.doc_id).or_insert_with(|| {
                    if scope == HitScope::Sentence {
                        crate::text::sentences(text)
                    } else {
                        crate::text::paragraphs(text)
                    }
                });
                units
                    .iter()
                    .find(|&&(s, e)| s <= h.start && h.start < e)
                    .map_or((h.start, h.end), |&(s, e)| (s, e.max(h.end)))
            }
        };
        ranges.push((h.doc_id, s, e));
    }
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

/// One undoable command coding every range with `code_id` by `coder`.
pub fn code_ranges_command(
    ranges: &[(i64, usize, usize)],
    code_id: i64,
    coder: &str,
    label: String,
) -> Command {
    Command::Batch {
        label,
        commands: ranges
            .iter()
            .map(|&(doc_id, start, end)| Command::ApplyCoding {
                doc_id,
                start,
                end,
                code_id,
                coder: coder.to_owned(),
                memo: String::new(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(doc_id: i64, start: usize, end: usize) -> Hit {
        Hit {
            doc_id,
            start,
            end,
            score: 1.0,
            snippet: String::new(),
        }
    }

    #[test]
    fn scopes_widen_hits_to_their_sentence_or_paragraph() {
        let text = "甲说应急。乙说应急！\n丙说别的。".to_owned();
        let texts = HashMap::from([(1, text)]);
        let hits = [hit(1, 2, 4), hit(1, 7, 9), hit(2, 0, 1)];
        assert_eq!(
            hit_ranges(&hits, &texts, HitScope::Match),
            vec![(1, 2, 4), (1, 7, 9)]
        );
        assert_eq!(
            hit_ranges(&hits, &texts, HitScope::Sentence),
            vec![(1, 0, 5), (1, 5, 10)]
        );
        let para = hit_ranges(&hits, &texts, HitScope::Paragraph);
        assert_eq!(
            para.len(),
            1,
            "both hits are in the first paragraph: {para:?}"
        );
        assert_eq!(para[0].1, 0);
    }

    #[test]
    fn the_command_codes_each_range_once() {
        let Command::Batch { commands, .. } =
            code_ranges_command(&[(1, 0, 2), (3, 4, 6)], 7, "李研", "x".into())
        else {
            panic!("not a batch")
        };
        assert_eq!(commands.len(), 2);
        assert!(matches!(
            commands[1],
            Command::ApplyCoding {
                doc_id: 3,
                start: 4,
                end: 6,
                code_id: 7,
                ..
            }
        ));
    }
}
