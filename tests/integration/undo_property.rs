//! Property: for any sequence of commands, undoing all of them restores the database content
//! exactly, and redoing all of them restores the final state exactly.

use proptest::prelude::*;
use qcw::command::{CodeEdit, CodeFields, Command, NewDocument, execute};
use qcw::model::AttrScope;
use qcw::model::AttrType;
use qcw::model::{DocKind, MemoTarget};
use qcw::store::Project;
use std::collections::BTreeMap;

/// An abstract operation; ids are picked from what exists when it runs.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Import(u8),
    DeleteDoc(u8),
    DocAttr(u8, u8, Option<u8>),
    AddCode(u8, u8),
    Rename(u8, u8),
    Move(u8, Option<u8>),
    Merge(u8, u8),
    DeleteCode(u8, bool),
    Apply(u8, u8, u8, u8, u8),
    Remove(u8),
    Recode(u8, u8),
    CodingMemo(u8, u8),
    Memo(u8, u8),
    AddCase(u8),
    Link(u8, u8, bool),
    CaseAttr(u8, u8),
    Unlink(u8),
    DefineAttr(u8, u8),
    DeleteCase(u8),
    Override(u8, u8, Option<bool>),
    CellMemo(u8, u8, u8),
    Dict(u8, bool),
    Stopword(u8, bool),
    CaseAttrByName(u8, u8),
    InVivo(u8, u8, u8, u8),
    Redact(u8, u8, u8),
    Watch(u8, bool),
}

pub(crate) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::Import),
        any::<u8>().prop_map(Op::DeleteDoc),
        (any::<u8>(), any::<u8>(), any::<Option<u8>>()).prop_map(|(a, b, c)| Op::DocAttr(a, b, c)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::AddCode(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Rename(a, b)),
        (any::<u8>(), any::<Option<u8>>()).prop_map(|(a, b)| Op::Move(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Merge(a, b)),
        (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Op::DeleteCode(a, b)),
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>()
        )
            .prop_map(|(a, b, c, d, e)| Op::Apply(a, b, c, d, e)),
        any::<u8>().prop_map(Op::Remove),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Recode(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::CodingMemo(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Memo(a, b)),
        any::<u8>().prop_map(Op::AddCase),
        (any::<u8>(), any::<u8>(), any::<bool>()).prop_map(|(a, b, c)| Op::Link(a, b, c)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::CaseAttr(a, b)),
        any::<u8>().prop_map(Op::Unlink),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::DefineAttr(a, b)),
        any::<u8>().prop_map(Op::DeleteCase),
        (any::<u8>(), any::<u8>(), any::<Option<bool>>())
            .prop_map(|(a, b, c)| Op::Override(a, b, c)),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Op::CellMemo(a, b, c)),
        (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Op::Dict(a, b)),
        (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Op::Stopword(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::CaseAttrByName(a, b)),
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| Op::InVivo(a, b, c, d)),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Op::Redact(a, b, c)),
        (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Op::Watch(a, b)),
    ]
}

const TEXTS: [&str; 4] = [
    "应急局牵头建设平台，安委办督办。",
    "𠀀𠀁 emoji 😀 混合 text，数据共享。",
    "燃气公司接入后省了一半人力。\n第二段：风险分摊。",
    "短",
];
const NAMES: [&str; 5] = ["权力", "借力", "利益", "价值", "新码"];

fn pick<T: Clone>(items: &[T], i: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[i as usize % items.len()].clone())
}

/// The project's state an op picks its targets from.
struct State {
    doc_ids: Vec<(i64, usize)>,
    codes: Vec<qcw::model::Code>,
    code_ids: Vec<i64>,
    codings: Vec<qcw::model::Coding>,
    cases: Vec<qcw::model::Case>,
    links: Vec<qcw::model::CaseLink>,
}

/// Turns an abstract op into a command against the current state (None if not applicable).
pub(crate) fn to_command(p: &Project, op: &Op) -> Option<Command> {
    let codes = p.codes().ok()?;
    let s = State {
        doc_ids: p
            .documents()
            .ok()?
            .iter()
            .map(|d| (d.id, d.chars))
            .collect(),
        code_ids: codes.iter().map(|c| c.id).collect(),
        codes,
        codings: p.codings(&Default::default()).ok()?,
        cases: p.cases().ok()?,
        links: p.case_links().ok()?,
    };
    match op {
        Op::Import(..)
        | Op::DeleteDoc(..)
        | Op::DocAttr(..)
        | Op::AddCode(..)
        | Op::Rename(..)
        | Op::Move(..)
        | Op::Merge(..)
        | Op::DeleteCode(..) => s.documents_and_codes(op),
        Op::Apply(..)
        | Op::InVivo(..)
        | Op::Remove(..)
        | Op::Recode(..)
        | Op::CodingMemo(..)
        | Op::Memo(..) => s.codings_and_memos(op),
        _ => s.cases_and_words(op),
    }
}

impl State {
    /// Documents and the codebook.
    fn documents_and_codes(&self, op: &Op) -> Option<Command> {
        Some(match *op {
            Op::Import(i) => {
                let text = TEXTS[i as usize % TEXTS.len()];
                Command::ImportDocument(Box::new(NewDocument {
                    name: format!("doc{}", i % 3),
                    kind: DocKind::ALL[i as usize % 3],
                    text: text.to_owned(),
                    sha256: format!("{i}"),
                    source_path: "mem".into(),
                    format: "txt".into(),
                    attributes: BTreeMap::from([("city".to_owned(), format!("{}", i % 2))]),
                    cases: if i % 2 == 0 {
                        vec![format!("case{}", i % 3)]
                    } else {
                        vec![]
                    },
                }))
            }
            Op::DeleteDoc(i) => Command::DeleteDocument {
                doc_id: pick(&self.doc_ids, i)?.0,
            },
            Op::DocAttr(i, k, v) => Command::SetDocAttribute {
                doc_id: pick(&self.doc_ids, i)?.0,
                key: format!("k{}", k % 3),
                value: v.map(|v| format!("v{}", v % 4)),
            },
            Op::AddCode(n, parent) => {
                let name = NAMES[n as usize % NAMES.len()];
                let path = match pick(&self.codes, parent).filter(|_| parent % 2 == 0) {
                    Some(c) => format!("{}/{name}", c.path),
                    None => name.to_owned(),
                };
                Command::AddCode {
                    path,
                    fields: CodeFields::default(),
                }
            }
            Op::Rename(i, n) => Command::EditCode {
                code_id: pick(&self.code_ids, i)?,
                edit: CodeEdit {
                    name: Some(NAMES[n as usize % NAMES.len()].to_owned()),
                    definition: Some(format!("d{n}")),
                    ..Default::default()
                },
            },
            Op::Move(i, to) => Command::MoveCode {
                code_id: pick(&self.code_ids, i)?,
                parent: to.and_then(|t| pick(&self.code_ids, t)),
            },
            Op::Merge(a, b) => Command::MergeCode {
                src: pick(&self.code_ids, a)?,
                dst: pick(&self.code_ids, b)?,
            },
            Op::DeleteCode(i, force) => Command::DeleteCode {
                code_id: pick(&self.code_ids, i)?,
                force,
            },
            _ => return None,
        })
    }

    /// Codings and memos.
    fn codings_and_memos(&self, op: &Op) -> Option<Command> {
        Some(match *op {
            Op::Apply(d, c, s, l, who) => {
                let (doc_id, chars) = pick(&self.doc_ids, d)?;
                let start = s as usize % chars;
                let end = (start + 1 + l as usize % 5).min(chars);
                Command::ApplyCoding {
                    doc_id,
                    start,
                    end,
                    code_id: pick(&self.code_ids, c)?,
                    coder: ["李研", "王思"][who as usize % 2].to_owned(),
                    memo: if who % 3 == 0 {
                        format!("memo{who}")
                    } else {
                        String::new()
                    },
                }
            }
            Op::InVivo(d, s, l, n) => {
                // In-vivo coding: a new code and its first coding in one batch (refused whole when
                // the code exists).
                let (doc_id, chars) = pick(&self.doc_ids, d)?;
                let start = s as usize % chars;
                let end = (start + 1 + l as usize % 5).min(chars);
                let path = format!("实境{}", n % 6);
                Command::Batch {
                    label: format!("in-vivo {path}"),
                    commands: vec![
                        Command::AddCode {
                            path: path.clone(),
                            fields: CodeFields::default(),
                        },
                        Command::ApplyCodingToPath {
                            doc_id,
                            start,
                            end,
                            code_path: path,
                            coder: "李研".to_owned(),
                            memo: String::new(),
                        },
                    ],
                }
            }
            Op::Remove(i) => Command::RemoveCoding {
                coding_id: pick(&self.codings, i)?.id,
            },
            Op::Recode(i, c) => Command::RecodeCoding {
                coding_id: pick(&self.codings, i)?.id,
                code_id: pick(&self.code_ids, c)?,
            },
            Op::CodingMemo(i, m) => Command::SetCodingMemo {
                coding_id: pick(&self.codings, i)?.id,
                memo: format!("m{}", m % 3),
            },
            Op::Memo(kind, i) => {
                let target = match kind % 4 {
                    0 => MemoTarget::Document(pick(&self.doc_ids, i)?.0),
                    1 => MemoTarget::Code(pick(&self.code_ids, i)?),
                    2 => MemoTarget::Case(pick(&self.cases, i)?.id),
                    _ => MemoTarget::Project,
                };
                Command::SetMemo {
                    target,
                    text: if i % 4 == 0 {
                        String::new()
                    } else {
                        format!("备忘{i}")
                    },
                }
            }
            _ => return None,
        })
    }

    /// Cases, attributes, QCA, the dictionary.
    fn cases_and_words(&self, op: &Op) -> Option<Command> {
        Some(match *op {
            Op::AddCase(i) => Command::AddCase {
                name: format!("case{}", i % 4),
                description: String::new(),
            },
            Op::Link(c, d, seg) => {
                let (doc_id, chars) = pick(&self.doc_ids, d)?;
                Command::LinkCase {
                    case: format!("case{}", c % 4),
                    doc_id,
                    range: seg.then_some((0, chars.min(2))),
                }
            }
            Op::CaseAttr(c, v) => Command::SetCaseAttribute {
                case_id: pick(&self.cases, c)?.id,
                key: "结果".into(),
                value: (v % 3 != 0).then(|| format!("{}", v % 2)),
            },
            Op::DefineAttr(scope, t) => Command::DefineAttribute {
                scope: if scope % 2 == 0 {
                    AttrScope::Case
                } else {
                    AttrScope::Document
                },
                name: ["结果", "k0", "k1"][scope as usize % 3].to_owned(),
                ty: [
                    AttrType::Text,
                    AttrType::Integer,
                    AttrType::Category(vec!["0".into(), "1".into()]),
                ][t as usize % 3]
                    .clone(),
            },
            Op::DeleteCase(i) => Command::DeleteCase {
                case_id: pick(&self.cases, i)?.id,
            },
            Op::Override(c, k, v) => Command::SetQcaOverride {
                case_id: pick(&self.cases, c)?.id,
                code_id: pick(&self.code_ids, k)?,
                value: v.map(|b| (b, format!("理由{c}"))),
            },
            Op::CellMemo(c, k, m) => Command::SetCellMemo {
                case_id: pick(&self.cases, c)?.id,
                code_id: pick(&self.code_ids, k)?,
                text: if m % 3 == 0 {
                    String::new()
                } else {
                    format!("单元格{m}")
                },
            },
            Op::Dict(w, on) => {
                let word = ["一网统管", "两断三同步", "城运"][w as usize % 3].to_owned();
                if on {
                    Command::AddDictWord {
                        word,
                        freq: (w % 2 == 0).then_some(i64::from(w) + 1),
                        pos: None,
                    }
                } else {
                    Command::RemoveDictWord { word }
                }
            }
            Op::Stopword(w, on) => Command::SetStopword {
                word: ["的", "了", "平台"][w as usize % 3].to_owned(),
                on,
            },
            Op::CaseAttrByName(c, v) => Command::SetCaseAttributeByName {
                case: format!("case{}", c % 4),
                key: "k1".into(),
                value: Some(format!("{}", v % 3)),
            },
            Op::Redact(d, s, l) => {
                let (doc_id, chars) = pick(&self.doc_ids, d)?;
                let start = s as usize % chars;
                Command::Redact {
                    doc_id,
                    start,
                    end: (start + 1 + l as usize % 6).min(chars),
                }
            }
            Op::Watch(w, on) => {
                let term = ["张伟", "杨家村", "平台"][w as usize % 3].to_owned();
                if on {
                    Command::AddPiiWatch {
                        term,
                        kind: ["name", "place"][w as usize % 2].to_owned(),
                    }
                } else {
                    Command::RemovePiiWatch { term }
                }
            }
            Op::Unlink(i) => Command::UnlinkCase {
                link_id: pick(&self.links, i)?.id,
            },
            _ => return None,
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_identical_content(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("p.qcw"), "prop").unwrap();
        // A starting state with content, so undo must not go below it.
        execute(&mut p, &Command::AddCode { path: "权力/赋权".into(), fields: CodeFields::default() }).unwrap();
        let initial = p.dump_domain().unwrap();
        let mut applied = 0;
        for op in &ops {
            let Some(cmd) = to_command(&p, op) else { continue };
            let before = p.dump_domain().unwrap();
            match execute(&mut p, &cmd) {
                Ok(a) => if a.history_id.is_some() { applied += 1 },
                // A refused command changes nothing.
                Err(_) => prop_assert_eq!(&before, &p.dump_domain().unwrap()),
            }
        }
        let final_state = p.dump_domain().unwrap();
        for _ in 0..applied {
            prop_assert!(p.undo().unwrap().is_some());
        }
        prop_assert_eq!(&initial, &p.dump_domain().unwrap());
        for _ in 0..applied {
            prop_assert!(p.redo().unwrap().is_some());
        }
        prop_assert_eq!(&final_state, &p.dump_domain().unwrap());
        prop_assert!(p.redo().unwrap().is_none());
    }
}
