//! The merge's memos (with the conflict notes), QCA overrides, cell memos, dictionary, stop
//! words, watch-list and tombstones (see `merge.rs`).

use super::merge::Plan;
use super::merge_values::{combine, memo_key};
use crate::command::{MergeStep, Ref};
use crate::store::MemoRow;
use std::collections::{BTreeMap, HashMap, HashSet};

impl Plan<'_> {
    /// The memo target of the other project's memo, in the project merged into.
    fn memo_target(&self, m: &MemoRow) -> Option<Ref> {
        match m.target_kind.as_str() {
            "document" => self.docs.get(&m.target_id).copied(),
            "code" => self.codes.get(&m.target_id).copied(),
            "case" => self.cases.get(&m.target_id).copied(),
            _ => Some(Ref::Into(0)),
        }
    }

    pub(super) fn memos(&mut self) {
        let a: HashMap<(String, Ref), &MemoRow> = self
            .a
            .memos
            .iter()
            .map(|m| (memo_key(&m.target_kind, Ref::Into(m.target_id)), m))
            .collect();
        // Every target with a memo on either side or a note, in a stable order.
        let mut targets: BTreeMap<String, ((String, Ref), Option<&MemoRow>)> = BTreeMap::new();
        for m in &self.b.memos {
            if let Some(t) = self.memo_target(m) {
                let key = memo_key(&m.target_kind, t);
                targets.insert(format!("{key:?}"), (key, Some(m)));
            }
        }
        for key in self.notes.keys() {
            targets
                .entry(format!("{key:?}"))
                .or_insert((key.clone(), None));
        }
        let now = crate::clock::now_rfc3339();
        for (_, (key, b)) in targets {
            let a_memo = a.get(&key).copied();
            let (mut text, mut author, mut at, conflict) = match (a_memo, b) {
                (Some(x), Some(y)) => combine(x, y),
                (None, Some(y)) => (
                    y.text.clone(),
                    y.author.clone(),
                    y.updated_at.clone(),
                    false,
                ),
                (Some(x), None) => (
                    x.text.clone(),
                    x.author.clone(),
                    x.updated_at.clone(),
                    false,
                ),
                (None, None) => (String::new(), "qcw merge".into(), now.clone(), false),
            };
            if conflict {
                let outcome = "both kept: the later edit first, the other below it".to_owned();
                self.conflict("memo_edited", &self.memo_name(&key.0, key.1), outcome);
            }
            for line in self.notes.get(&key).into_iter().flatten() {
                if !text.contains(line.as_str()) {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(line);
                    author = "qcw merge".into();
                    at = now.clone();
                }
            }
            if a_memo.is_some_and(|x| x.text == text) || text.is_empty() {
                continue;
            }
            self.steps.push(MergeStep::Memo {
                kind: key.0.clone(),
                target: key.1,
                text,
                author,
                updated_at: at,
            });
            self.report.memos_changed += 1;
        }
    }

    /// QCA overrides, cell memos, dictionary, stop words, watch-list.
    pub(super) fn extras(&mut self) {
        let a_over: HashMap<(i64, i64), &crate::store::QcaOverrideRow> = self
            .a
            .overrides
            .iter()
            .map(|o| ((o.case_id, o.code_id), o))
            .collect();
        for o in &self.b.overrides {
            let (Some(&case), Some(&code)) =
                (self.cases.get(&o.case_id), self.codes.get(&o.code_id))
            else {
                continue;
            };
            if let (Ref::Into(c), Ref::Into(k)) = (case, code)
                && let Some(x) = a_over.get(&(c, k))
            {
                if x.present == o.present && x.reason == o.reason {
                    continue;
                }
                if (&x.updated_at, &x.reason) >= (&o.updated_at, &o.reason) {
                    let outcome = format!(
                        "kept this project's later override; {} had: {}",
                        self.from_name, o.reason
                    );
                    let target = self.override_name(c, k);
                    self.conflict_values("qca_override", &target, (&x.reason, &o.reason), outcome);
                    continue;
                }
                let outcome = format!(
                    "took the later override of {}; this project had: {}",
                    self.from_name, x.reason
                );
                let target = self.override_name(c, k);
                self.conflict_values("qca_override", &target, (&o.reason, &x.reason), outcome);
            }
            self.steps.push(MergeStep::QcaOverride {
                case,
                code,
                present: o.present,
                reason: o.reason.clone(),
                author: o.author.clone(),
                updated_at: o.updated_at.clone(),
            });
            self.report.other_changes += 1;
        }
        let a_cell: HashMap<(i64, i64), &crate::store::CellMemoRow> = self
            .a
            .cell_memos
            .iter()
            .map(|m| ((m.case_id, m.code_id), m))
            .collect();
        for m in &self.b.cell_memos {
            let (Some(&case), Some(&code)) =
                (self.cases.get(&m.case_id), self.codes.get(&m.code_id))
            else {
                continue;
            };
            let mine = match (case, code) {
                (Ref::Into(c), Ref::Into(k)) => a_cell.get(&(c, k)).copied(),
                _ => None,
            };
            let as_memo = |x: &crate::store::CellMemoRow| MemoRow {
                target_kind: "cell".into(),
                target_id: 0,
                text: x.text.clone(),
                author: x.author.clone(),
                updated_at: x.updated_at.clone(),
            };
            let (text, author, updated_at, conflict) = match mine {
                Some(x) => combine(&as_memo(x), &as_memo(m)),
                None => (
                    m.text.clone(),
                    m.author.clone(),
                    m.updated_at.clone(),
                    false,
                ),
            };
            if conflict {
                self.conflict(
                    "memo_edited",
                    &format!(
                        "cell memo case {} × code {}",
                        self.name_of("case", case),
                        self.name_of("code", code)
                    ),
                    "both kept: the later edit first".into(),
                );
            }
            if mine.is_some_and(|x| x.text == text) {
                continue;
            }
            self.steps.push(MergeStep::CellMemo {
                case,
                code,
                text,
                author,
                updated_at,
            });
            self.report.memos_changed += 1;
        }
        self.lists();
    }

    /// Dictionary words, stop words and watch-list terms: the union.
    fn lists(&mut self) {
        let dict: HashSet<&str> = self.a.dict.iter().map(|w| w.word.as_str()).collect();
        for w in self
            .b
            .dict
            .iter()
            .filter(|w| !dict.contains(w.word.as_str()))
        {
            self.steps.push(MergeStep::DictWord {
                word: w.word.clone(),
                freq: w.freq,
                pos: w.pos.clone(),
            });
            self.report.other_changes += 1;
        }
        let stop: HashSet<&str> = self.a.stopwords.iter().map(String::as_str).collect();
        for w in self
            .b
            .stopwords
            .iter()
            .filter(|w| !stop.contains(w.as_str()))
        {
            self.steps.push(MergeStep::Stopword { word: w.clone() });
            self.report.other_changes += 1;
        }
        let pii: HashSet<&str> = self.a.pii.iter().map(|w| w.term.as_str()).collect();
        for w in self.b.pii.iter().filter(|w| !pii.contains(w.term.as_str())) {
            self.steps.push(MergeStep::PiiWatch {
                term: w.term.clone(),
                kind: w.kind.clone(),
            });
            self.report.other_changes += 1;
        }
    }

    /// The other project's tombstones of documents and codes this project does not hold.
    pub(super) fn tombstones(&mut self) {
        let mut live: HashSet<&str> = HashSet::new();
        live.extend(self.a.docs.iter().filter_map(|d| d.uuid.as_deref()));
        live.extend(self.a.codes.iter().filter_map(|c| c.uuid.as_deref()));
        live.extend(self.b.docs.iter().filter_map(|d| d.uuid.as_deref()));
        live.extend(self.b.codes.iter().filter_map(|c| c.uuid.as_deref()));
        let mine: HashSet<&str> = self.a.tombstones.iter().map(|t| t.uuid.as_str()).collect();
        for t in &self.b.tombstones {
            if !live.contains(t.uuid.as_str()) && !mine.contains(t.uuid.as_str()) {
                self.steps.push(MergeStep::Tombstone {
                    uuid: t.uuid.clone(),
                    kind: t.kind.clone(),
                });
            }
        }
    }
}
