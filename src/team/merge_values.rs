//! The merge's codes, cases, values, codings, memos and the rest (see `merge.rs`).

use super::merge::{Plan, code_paths, used};
use crate::command::{MergeStep, Ref};
use crate::store::MemoRow;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The key of a memo target in the notes map.
pub(super) fn memo_key(kind: &str, target: Ref) -> (String, Ref) {
    (kind.to_owned(), target)
}

/// Two memos of one target combined the same way whichever side is which: one containing the
/// other gives the longer; else the later edit first, the other under a line naming its author
/// and time. Returns the text, its author and time, and whether it was a conflict.
pub(super) fn combine(a: &MemoRow, b: &MemoRow) -> (String, String, String, bool) {
    if a.text.contains(&b.text) {
        return (
            a.text.clone(),
            a.author.clone(),
            a.updated_at.clone(),
            false,
        );
    }
    if b.text.contains(&a.text) {
        return (
            b.text.clone(),
            b.author.clone(),
            b.updated_at.clone(),
            false,
        );
    }
    let (win, lose) = if (&b.updated_at, &b.text) > (&a.updated_at, &a.text) {
        (b, a)
    } else {
        (a, b)
    };
    let text = format!(
        "{}\n\n——— {} {} ———\n{}",
        win.text, lose.author, lose.updated_at, lose.text
    );
    (text, win.author.clone(), win.updated_at.clone(), true)
}

impl Plan<'_> {
    pub(super) fn codes(&mut self) {
        let a_paths = code_paths(&self.a.codes);
        let b_paths = code_paths(&self.b.codes);
        let (_, a_used) = used(self.a);
        let (_, b_used) = used(self.b);
        let a_tomb: HashSet<&str> = self.a.tombstones.iter().map(|t| t.uuid.as_str()).collect();
        let b_tomb: HashSet<&str> = self.b.tombstones.iter().map(|t| t.uuid.as_str()).collect();
        let by_uuid: HashMap<&str, &crate::store::CodeRow> = self
            .a
            .codes
            .iter()
            .filter_map(|c| c.uuid.as_deref().map(|u| (u, c)))
            .collect();
        let by_path: HashMap<&str, i64> = a_paths.iter().map(|(id, p)| (p.as_str(), *id)).collect();
        let mut order: Vec<&crate::store::CodeRow> = self.b.codes.iter().collect();
        let depth = |id: i64| b_paths.get(&id).map_or(0, |p| p.matches('/').count());
        order.sort_by_key(|c| (depth(c.id), c.position, c.id));
        let mut matched = HashSet::new();
        for c in order {
            let uuid = c.uuid.as_deref().unwrap_or_default();
            let path = b_paths.get(&c.id).cloned().unwrap_or_default();
            let found = by_uuid
                .get(uuid)
                .map(|ac| ac.id)
                .or_else(|| by_path.get(path.as_str()).copied())
                .filter(|id| !matched.contains(id));
            if let Some(id) = found {
                matched.insert(id);
                self.codes.insert(c.id, Ref::Into(id));
                self.match_code(id, c, &a_paths, &path);
                continue;
            }
            if a_tomb.contains(uuid) {
                if !b_used.contains(&c.id) {
                    self.conflict(
                        "deleted_here",
                        &path,
                        "stays deleted: nothing codes it".into(),
                    );
                    continue;
                }
                self.steps.push(MergeStep::Revive {
                    uuid: uuid.to_owned(),
                });
                let outcome = format!("restored with the codings of {}", self.from_name);
                self.conflict("deleted_here_used_there", &path, outcome);
            }
            self.steps.push(MergeStep::AddCode {
                from: c.id,
                parent: c.parent_id.and_then(|p| self.codes.get(&p).copied()),
                name: c.name.clone(),
                color: c.color.clone(),
                description: c.description.clone(),
                definition: c.definition.clone(),
                inclusion: c.inclusion.clone(),
                exclusion: c.exclusion.clone(),
                example: c.example.clone(),
                uuid: c.uuid.clone(),
            });
            self.codes.insert(c.id, Ref::From(c.id));
            self.report.codes_added += 1;
        }
        // Codes the other project deleted: deleted here too unless coded here (deepest first).
        let mut gone: Vec<&crate::store::CodeRow> = self
            .a
            .codes
            .iter()
            .filter(|c| !matched.contains(&c.id))
            .filter(|c| c.uuid.as_deref().is_some_and(|u| b_tomb.contains(u)))
            .collect();
        gone.sort_by_key(|c| {
            std::cmp::Reverse(a_paths.get(&c.id).map_or(0, |p| p.matches('/').count()))
        });
        let gone_ids: HashSet<i64> = gone.iter().map(|c| c.id).collect();
        for c in gone {
            let path = a_paths.get(&c.id).cloned().unwrap_or_default();
            let has_live_child = self
                .a
                .codes
                .iter()
                .any(|k| k.parent_id == Some(c.id) && !gone_ids.contains(&k.id));
            if a_used.contains(&c.id) || has_live_child {
                let outcome = format!("kept: coded here (deleted in {})", self.from_name);
                self.conflict("deleted_there_used_here", &path, outcome);
            } else {
                self.steps.push(MergeStep::DeleteCode { id: c.id });
                let outcome = format!("deleted, as in {}: nothing codes it", self.from_name);
                self.conflict("deleted_there", &path, outcome);
            }
        }
    }

    fn match_code(
        &mut self,
        id: i64,
        c: &crate::store::CodeRow,
        a_paths: &HashMap<i64, String>,
        path: &str,
    ) {
        let a_path = a_paths.get(&id).cloned().unwrap_or_default();
        if a_path != path {
            let outcome = format!(
                "kept {a_path}; {} calls it {path} (noted in the code's memo)",
                self.from_name
            );
            self.conflict_values("code_renamed", &a_path, (&a_path, path), outcome);
            let line = format!("[merge] {} calls this code {path}", self.from_name);
            self.note("code", Ref::Into(id), line);
        }
        let Some(ac) = self.a.codes.iter().find(|x| x.id == id) else {
            return;
        };
        let fills = [
            (&ac.description, &c.description),
            (&ac.definition, &c.definition),
            (&ac.inclusion, &c.inclusion),
            (&ac.exclusion, &c.exclusion),
            (&ac.example, &c.example),
        ];
        if fills.iter().any(|(a, b)| a.is_empty() && !b.is_empty()) {
            self.steps.push(MergeStep::FillCode {
                id,
                description: c.description.clone(),
                definition: c.definition.clone(),
                inclusion: c.inclusion.clone(),
                exclusion: c.exclusion.clone(),
                example: c.example.clone(),
            });
            self.report.other_changes += 1;
        }
    }

    pub(super) fn cases(&mut self) {
        let by_name: HashMap<&str, i64> = self
            .a
            .cases
            .iter()
            .map(|c| (c.name.as_str(), c.id))
            .collect();
        for c in &self.b.cases {
            if let Some(&id) = by_name.get(c.name.as_str()) {
                self.cases.insert(c.id, Ref::Into(id));
            } else {
                self.steps.push(MergeStep::AddCase {
                    from: c.id,
                    name: c.name.clone(),
                    description: c.description.clone(),
                });
                self.cases.insert(c.id, Ref::From(c.id));
                self.report.cases_added += 1;
            }
        }
    }

    /// Document and case attribute values and case links.
    pub(super) fn values(&mut self) {
        let a_doc: HashMap<(i64, &str), &str> = self
            .a
            .doc_attrs
            .iter()
            .map(|x| ((x.doc_id, x.key.as_str()), x.value.as_str()))
            .collect();
        let doc_names: HashMap<i64, &str> = self
            .a
            .docs
            .iter()
            .map(|d| (d.id, d.name.as_str()))
            .collect();
        for x in &self.b.doc_attrs {
            let Some(&doc) = self.docs.get(&x.doc_id) else {
                continue;
            };
            let existing = match doc {
                Ref::Into(id) => a_doc.get(&(id, x.key.as_str())).copied(),
                Ref::From(_) => None,
            };
            match existing {
                None => {
                    self.steps.push(MergeStep::DocAttr {
                        doc,
                        key: x.key.clone(),
                        value: x.value.clone(),
                    });
                    self.report.other_changes += 1;
                }
                Some(v) if v != x.value => {
                    let name = match doc {
                        Ref::Into(id) => doc_names.get(&id).copied().unwrap_or_default(),
                        Ref::From(_) => "",
                    };
                    let outcome = format!(
                        "kept {}={v}; {} has {} (noted in the document's memo)",
                        x.key, self.from_name, x.value
                    );
                    let (kept, other) =
                        (format!("{}={v}", x.key), format!("{}={}", x.key, x.value));
                    self.conflict_values("document_attribute", name, (&kept, &other), outcome);
                    let line = format!("[merge] {}: {}={}", self.from_name, x.key, x.value);
                    self.note("document", doc, line);
                }
                Some(_) => {}
            }
        }
        let a_case: HashMap<(i64, &str), &str> = self
            .a
            .case_attrs
            .iter()
            .map(|x| ((x.case_id, x.key.as_str()), x.value.as_str()))
            .collect();
        let case_names: HashMap<i64, &str> = self
            .b
            .cases
            .iter()
            .map(|c| (c.id, c.name.as_str()))
            .collect();
        for x in &self.b.case_attrs {
            let Some(&case) = self.cases.get(&x.case_id) else {
                continue;
            };
            let existing = match case {
                Ref::Into(id) => a_case.get(&(id, x.key.as_str())).copied(),
                Ref::From(_) => None,
            };
            match existing {
                None => {
                    self.steps.push(MergeStep::CaseAttr {
                        case,
                        key: x.key.clone(),
                        value: x.value.clone(),
                    });
                    self.report.other_changes += 1;
                }
                Some(v) if v != x.value => {
                    let name = case_names.get(&x.case_id).copied().unwrap_or_default();
                    let outcome = format!(
                        "kept {}={v}; {} has {} (noted in the case's memo)",
                        x.key, self.from_name, x.value
                    );
                    let (kept, other) =
                        (format!("{}={v}", x.key), format!("{}={}", x.key, x.value));
                    self.conflict_values("case_attribute", name, (&kept, &other), outcome);
                    let line = format!("[merge] {}: {}={}", self.from_name, x.key, x.value);
                    self.note("case", case, line);
                }
                Some(_) => {}
            }
        }
        let a_links: HashSet<(i64, i64, Option<i64>, Option<i64>)> = self
            .a
            .links
            .iter()
            .map(|l| (l.case_id, l.doc_id, l.start, l.end))
            .collect();
        for l in &self.b.links {
            let (Some(&case), Some(&doc)) = (self.cases.get(&l.case_id), self.docs.get(&l.doc_id))
            else {
                continue;
            };
            if let (Ref::Into(c), Ref::Into(d)) = (case, doc)
                && a_links.contains(&(c, d, l.start, l.end))
            {
                continue;
            }
            self.steps.push(MergeStep::LinkCase {
                case,
                doc,
                start: l.start,
                end: l.end,
            });
            self.report.other_changes += 1;
        }
    }

    pub(super) fn codings(&mut self) {
        type Key<'k> = (i64, i64, &'k str, i64, i64);
        let a: HashMap<Key<'_>, (i64, &str)> = self
            .a
            .codings
            .iter()
            .map(|c| {
                (
                    (c.doc_id, c.code_id, c.coder.as_str(), c.start, c.end),
                    (c.id, c.memo.as_str()),
                )
            })
            .collect();
        let mut coders = BTreeSet::new();
        for c in &self.b.codings {
            let (Some(&doc), Some(&code)) = (self.docs.get(&c.doc_id), self.codes.get(&c.code_id))
            else {
                continue;
            };
            if self.short_docs.get(&c.doc_id).is_some_and(|&n| c.end > n) {
                continue;
            }
            if let (Ref::Into(d), Ref::Into(k)) = (doc, code)
                && let Some(&(id, memo)) = a.get(&(d, k, c.coder.as_str(), c.start, c.end))
            {
                self.report.codings_present += 1;
                if memo != c.memo && !memo.contains(&c.memo) {
                    let merged = if c.memo.contains(memo) {
                        c.memo.clone()
                    } else {
                        let mut two = [memo, c.memo.as_str()];
                        two.sort_unstable();
                        let target = format!(
                            "coding {} [{}, {}) in {} by {}",
                            self.name_of("code", Ref::Into(k)),
                            c.start,
                            c.end,
                            self.name_of("document", Ref::Into(d)),
                            c.coder
                        );
                        self.conflict("coding_memo", &target, "both memos kept".into());
                        format!("{}\n{}", two[0], two[1])
                    };
                    self.steps.push(MergeStep::CodingMemo { id, memo: merged });
                    self.report.memos_changed += 1;
                }
                continue;
            }
            coders.insert(c.coder.clone());
            self.steps.push(MergeStep::AddCoding {
                doc,
                code,
                start: c.start,
                end: c.end,
                coder: c.coder.clone(),
                memo: c.memo.clone(),
                created_at: c.created_at.clone(),
            });
            self.report.codings_added += 1;
        }
        self.report.coders = coders.into_iter().collect();
    }
}
