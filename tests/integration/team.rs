//! Team work without a server: blinded coder copies, merge (commutative, idempotent, undoable,
//! every conflict kind reported), per-coder undo, consensus.

use qcw::command::{Command, CommandError, execute};
use qcw::model::MemoTarget;
use qcw::reports::Scope;
use qcw::reports::agreement::agreement_report;
use qcw::store::{CodingFilter, Project};
use qcw::team::{self, Resolution};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The demo project and its blinded copies for `coders`.
pub(crate) fn setup(dir: &Path, coders: &[&str]) -> (PathBuf, Vec<PathBuf>) {
    let p = dir.join("study.qcw");
    drop(qcw::demo::build_demo(&p, "李研").unwrap());
    let project = Project::open_read_only(&p).unwrap();
    let names: Vec<String> = coders.iter().map(|c| (*c).to_owned()).collect();
    let copies = team::split(&project, &names, &dir.join("copies")).unwrap();
    (p, copies)
}

pub(crate) fn doc_id(p: &Project, name: &str) -> i64 {
    p.find_document(name).unwrap().unwrap()
}

pub(crate) fn code_id(p: &Project, path: &str) -> i64 {
    p.codes()
        .unwrap()
        .into_iter()
        .find(|c| c.path == path)
        .unwrap()
        .id
}

pub(crate) fn code(p: &mut Project, doc: &str, range: (usize, usize), path: &str, coder: &str) {
    let cmd = Command::ApplyCoding {
        doc_id: doc_id(p, doc),
        start: range.0,
        end: range.1,
        code_id: code_id(p, path),
        coder: coder.into(),
        memo: String::new(),
    };
    execute(p, &cmd).unwrap();
}

/// Everything a merge decides, without ids and names that depend on order.
fn canonical(path: &Path) -> BTreeSet<String> {
    let p = Project::open_read_only(path).unwrap();
    let texts: HashMap<i64, String> = p
        .document_texts()
        .unwrap()
        .into_iter()
        .map(|(id, _, _, t)| (id, qcw::text::sha256_hex(t.as_bytes())))
        .collect();
    let codes: HashMap<i64, String> = p
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.path))
        .collect();
    let mut out = BTreeSet::new();
    for (id, h) in &texts {
        out.insert(format!(
            "doc {h} memo={:?}",
            p.memo(MemoTarget::Document(*id)).unwrap()
        ));
    }
    for (id, path) in &codes {
        out.insert(format!(
            "code {path} memo={:?}",
            p.memo(MemoTarget::Code(*id)).unwrap()
        ));
    }
    for c in p.codings(&CodingFilter::default()).unwrap() {
        out.insert(format!(
            "coding {} {} {} [{}, {}) {:?}",
            texts[&c.doc_id], c.code, c.coder, c.start, c.end, c.memo
        ));
    }
    for c in p.cases().unwrap() {
        out.insert(format!(
            "case {} {:?} memo={:?}",
            c.name,
            c.attributes,
            p.memo(MemoTarget::Case(c.id)).unwrap()
        ));
    }
    for l in p.case_links().unwrap() {
        out.insert(format!(
            "link {} {} {:?} {:?}",
            l.case, texts[&l.doc_id], l.start, l.end
        ));
    }
    out.insert(format!(
        "project memo={:?}",
        p.memo(MemoTarget::Project).unwrap()
    ));
    out
}

fn copy_file(from: &Path, to: &Path) -> PathBuf {
    std::fs::copy(from, to).unwrap();
    to.to_owned()
}

#[test]
fn split_copies_are_blinded_and_hold_only_their_coder() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲", "乙"]);
    assert!(Project::open_read_only(&p).unwrap().coders().unwrap().len() >= 2);
    let mut a = Project::open(&copies[0], "甲").unwrap();
    assert_eq!(a.blind_coder().unwrap().as_deref(), Some("甲"));
    assert!(
        a.codings(&CodingFilter::default()).unwrap().is_empty(),
        "others' codings are gone"
    );
    assert!(
        a.log().unwrap().is_empty(),
        "no command log (its row images would show them)"
    );
    code(&mut a, "20230819A01", (0, 20), "权力/赋权", "甲");
    let other = Command::ApplyCoding {
        doc_id: doc_id(&a, "20230819A01"),
        start: 0,
        end: 5,
        code_id: code_id(&a, "权力/赋权"),
        coder: "乙".into(),
        memo: String::new(),
    };
    let err = execute(&mut a, &other).unwrap_err();
    assert!(
        matches!(err, CommandError::Conflict(ref m) if m.contains("甲's blinded copy")),
        "{err}"
    );
    assert_eq!(a.coders().unwrap(), vec!["甲".to_owned()]);
    // The split file holds no trace of the other coders' codings' memos or of the log.
    let bytes = std::fs::read(&copies[1]).unwrap();
    let demo_coder = "王思".as_bytes();
    assert!(
        !bytes.windows(demo_coder.len()).any(|w| w == demo_coder),
        "another coder's name lingers"
    );
    // Merging into a blinded copy is refused: merge into the PI's project.
    let err = team::merge(&mut a, &copies[1]).unwrap_err();
    assert!(err.to_string().contains("blinded copy"), "{err}");
}

/// The demo split for 甲, 乙, 丙; each codes 20230819A01 (甲 and 乙 disagree on 权力/赋权), adds
/// the same new code and case, and codes with the new code.
fn three_coded_copies(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let (p, copies) = setup(dir, &["甲", "乙", "丙"]);
    let work: [(&str, (usize, usize), &str); 3] = [
        ("甲", (0, 20), "权力/赋权"),
        ("乙", (5, 20), "权力/赋权"),
        ("丙", (100, 130), "利益/收益兼容"),
    ];
    for (copy, (coder, range, path)) in copies.iter().zip(work) {
        let mut c = Project::open(copy, coder).unwrap();
        code(&mut c, "20230819A01", range, path, coder);
        // Everyone adds the same new code; each a note on the same new case.
        execute(
            &mut c,
            &Command::AddCode {
                path: "价值/程序正义".into(),
                fields: Default::default(),
            },
        )
        .unwrap();
        execute(
            &mut c,
            &Command::AddCase {
                name: "C市平台".into(),
                description: String::new(),
            },
        )
        .unwrap();
        code(&mut c, "20230821A03", (10, 30), "价值/程序正义", coder);
    }
    (p, copies)
}

#[test]
fn merging_in_every_order_gives_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = three_coded_copies(dir.path());
    let orders: [[usize; 3]; 6] = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let merged_in = |name: &str, order: &[usize]| {
        let target = copy_file(&p, &dir.path().join(name));
        let mut into = Project::open(&target, "李研").unwrap();
        for &i in order {
            let r = team::merge(&mut into, &copies[i]).unwrap();
            assert!(r.changes && r.history_id.is_some());
        }
        drop(into);
        canonical(&target)
    };
    // Two coders, both orders.
    assert_eq!(merged_in("ab.qcw", &[0, 1]), merged_in("ba.qcw", &[1, 0]));
    // Three coders, every order.
    let results: Vec<_> = orders
        .iter()
        .enumerate()
        .map(|(n, order)| merged_in(&format!("merged-{n}.qcw"), order))
        .collect();
    for r in &results[1..] {
        assert_eq!(r, &results[0], "merge order changed the result");
    }
    let merged = &results[0];
    assert_eq!(
        merged
            .iter()
            .filter(|l| l.starts_with("code 价值/程序正义"))
            .count(),
        1,
        "one new code, not three"
    );
    assert_eq!(
        merged
            .iter()
            .filter(|l| l.starts_with("case C市平台"))
            .count(),
        1
    );
    for coder in ["甲", "乙", "丙"] {
        assert!(
            merged
                .iter()
                .any(|l| l.contains(&format!("价值/程序正义 {coder} [10, 30)"))),
            "{coder}'s coding lost"
        );
    }
}

#[test]
fn merging_again_changes_nothing_and_one_undo_restores_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = three_coded_copies(dir.path());
    let target = copy_file(&p, &dir.path().join("merged-0.qcw"));
    let mut into = Project::open(&target, "李研").unwrap();
    for c in &copies {
        team::merge(&mut into, c).unwrap();
    }
    drop(into);
    // Idempotent: merging a copy again changes nothing.
    let mut into = Project::open(&target, "李研").unwrap();
    let before = into.dump_domain().unwrap();
    let again = team::merge(&mut into, &copies[1]).unwrap();
    assert!(!again.changes && again.history_id.is_none(), "{again:?}");
    assert_eq!(again.codings_present, 2);
    assert_eq!(into.dump_domain().unwrap(), before);
    drop(into);
    // One undo step restores the exact previous state; redo brings it back.
    let fresh = copy_file(&p, &dir.path().join("undo.qcw"));
    let mut into = Project::open(&fresh, "李研").unwrap();
    let before = into.dump_domain().unwrap();
    team::merge(&mut into, &copies[0]).unwrap();
    let after = into.dump_domain().unwrap();
    assert_ne!(before, after);
    assert_eq!(into.undo().unwrap().as_deref(), Some("merge study-甲.qcw"));
    assert_eq!(into.dump_domain().unwrap(), before);
    into.redo().unwrap();
    assert_eq!(into.dump_domain().unwrap(), after);
    drop(into);
}

#[test]
fn agreement_and_consensus_work_right_after_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let (target, copies) = three_coded_copies(dir.path());
    let mut into = Project::open(&target, "李研").unwrap();
    for c in &copies {
        team::merge(&mut into, c).unwrap();
    }
    drop(into);
    // Agreement between the coders works right after the merge.
    let coders = vec!["甲".to_owned(), "乙".to_owned()];
    let mut into = Project::open(&target, "李研").unwrap();
    let s = agreement_report(&into, &coders, &Scope::default(), &Default::default()).unwrap();
    assert!(!s.report.rows.is_empty() && s.report.rows.iter().all(|r| r.percent < 1.0 + 1e-9));
    assert!(
        !s.report.disagreements.is_empty(),
        "甲 [0,20) vs 乙 [5,20) disagree"
    );
    // Consensus: the disagreement resolved into the consensus layer, undoable.
    let (list, progress) = team::disagreements(&into, "甲", "乙", false).unwrap();
    let unit = list.iter().find(|d| d.code == "权力/赋权").unwrap().unit;
    assert_eq!(progress.resolved, 0);
    let before = into.dump_domain().unwrap();
    team::resolve(&mut into, ("甲", "乙"), unit, Some(Resolution::B)).unwrap();
    let (list, progress) = team::disagreements(&into, "甲", "乙", false).unwrap();
    let d = list.iter().find(|d| d.unit == unit).unwrap();
    assert_eq!(
        (d.decision.as_deref(), d.consensus.clone()),
        (Some("b"), vec![(5, 20)])
    );
    assert_eq!(progress.resolved, 1);
    let consensus = into
        .codings(&CodingFilter {
            coder: Some("consensus".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(consensus.len(), 1);
    into.undo().unwrap();
    assert_eq!(into.dump_domain().unwrap(), before);
}

/// Every kind of conflict between the PI's project and 甲's copy; returns the case whose
/// attribute conflicts.
fn make_conflicts(pi: &mut Project, a: &mut Project) -> qcw::model::Case {
    // A case attribute with two values.
    let case = pi.cases().unwrap()[0].clone();
    let key = "负责人".to_owned();
    execute(
        pi,
        &Command::SetCaseAttributeByName {
            case: case.name.clone(),
            key: key.clone(),
            value: Some("张三".into()),
        },
    )
    .unwrap();
    execute(
        a,
        &Command::SetCaseAttributeByName {
            case: case.name.clone(),
            key: key.clone(),
            value: Some("另一值".into()),
        },
    )
    .unwrap();
    // A code renamed differently on both sides.
    let id = code_id(pi, "权力/借力");
    execute(
        pi,
        &Command::EditCode {
            code_id: id,
            edit: qcw::command::CodeEdit {
                name: Some("借势".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let id = code_id(a, "权力/借力");
    execute(
        a,
        &Command::EditCode {
            code_id: id,
            edit: qcw::command::CodeEdit {
                name: Some("借用".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    // A code moved to different places on both sides.
    for (side, parent) in [(&mut *pi, "利益"), (&mut *a, "权力")] {
        let cmd = Command::MoveCode {
            code_id: code_id(side, "价值/价值共创"),
            parent: Some(code_id(side, parent)),
        };
        execute(side, &cmd).unwrap();
    }
    // A memo edited on both sides.
    execute(
        pi,
        &Command::SetMemo {
            target: MemoTarget::Project,
            text: "PI 的备忘".into(),
        },
    )
    .unwrap();
    execute(
        a,
        &Command::SetMemo {
            target: MemoTarget::Project,
            text: "甲的备忘".into(),
        },
    )
    .unwrap();
    // A code deleted here and used there; a code deleted there and used here; one deleted
    // there and unused here.
    let gone_here = code_id(pi, "价值/共同认知");
    execute(
        pi,
        &Command::DeleteCode {
            code_id: gone_here,
            force: true,
        },
    )
    .unwrap();
    code(a, "20230819A02", (0, 10), "价值/共同认知", "甲");
    let used_here = code_id(a, "利益/风险分摊");
    execute(
        a,
        &Command::DeleteCode {
            code_id: used_here,
            force: true,
        },
    )
    .unwrap();
    case
}

#[test]
fn every_conflict_kind_has_its_outcome_and_a_report_line() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲"]);
    let mut pi = Project::open(&p, "李研").unwrap();
    let mut a = Project::open(&copies[0], "甲").unwrap();
    let case = make_conflicts(&mut pi, &mut a);
    let key = "负责人".to_owned();
    drop(a);
    let report = team::merge(&mut pi, &copies[0]).unwrap();
    let kinds: BTreeSet<&str> = report.conflicts.iter().map(|c| c.kind.as_str()).collect();
    for k in [
        "case_attribute",
        "code_renamed",
        "memo_edited",
        "deleted_here_used_there",
        "deleted_there_used_here",
    ] {
        assert!(kinds.contains(k), "no {k} line in {:#?}", report.conflicts);
    }
    // Outcomes: this project's value and name stay, the others are noted, nothing is lost.
    let case_now = pi
        .cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == case.name)
        .unwrap();
    assert_eq!(case_now.attributes[&key], "张三");
    assert!(
        pi.memo(MemoTarget::Case(case.id))
            .unwrap()
            .contains("另一值")
    );
    let paths: Vec<String> = pi.codes().unwrap().into_iter().map(|c| c.path).collect();
    assert!(paths.contains(&"权力/借势".to_owned()) && !paths.contains(&"权力/借用".to_owned()));
    assert!(
        paths.contains(&"利益/价值共创".to_owned()) && !paths.contains(&"权力/价值共创".to_owned())
    );
    let moved = report
        .conflicts
        .iter()
        .find(|c| c.target == "利益/价值共创")
        .unwrap();
    assert_eq!(
        (moved.kind.as_str(), moved.other.as_str()),
        ("code_renamed", "权力/价值共创")
    );
    let memo = pi
        .memo(MemoTarget::Code(code_id(&pi, "权力/借势")))
        .unwrap();
    assert!(memo.contains("权力/借用"), "{memo}");
    let project_memo = pi.memo(MemoTarget::Project).unwrap();
    assert!(
        project_memo.contains("PI 的备忘") && project_memo.contains("甲的备忘"),
        "{project_memo}"
    );
    assert!(
        paths.contains(&"价值/共同认知".to_owned()),
        "restored with 甲's coding"
    );
    assert!(
        paths.contains(&"利益/风险分摊".to_owned()),
        "kept: coded here"
    );
    let restored = pi
        .codings(&CodingFilter {
            coder: Some("甲".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(restored.iter().any(|c| c.code == "价值/共同认知"));
    // And again: nothing changes, no note is added twice.
    let before = pi.dump_domain().unwrap();
    let again = team::merge(&mut pi, &copies[0]).unwrap();
    assert!(!again.changes, "{again:#?}");
    assert_eq!(pi.dump_domain().unwrap(), before);
}

/// The report names what a conflict is about: the memo's target, the coding's code, range,
/// document and coder, the QCA cell's case and code; never an internal id.
#[test]
fn conflict_lines_name_their_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲"]);
    let mut pi = Project::open(&p, "李研").unwrap();
    let mut a = Project::open(&copies[0], "甲").unwrap();
    let case = pi.cases().unwrap().into_iter().next().unwrap().name;
    for (side, memo, present) in [(&mut pi, "PI 的看法", true), (&mut a, "甲的看法", false)]
    {
        code(side, "20230819A02", (3, 12), "权力/赋权", "甲");
        let coding = side
            .codings(&CodingFilter {
                coder: Some("甲".into()),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .find(|c| (c.doc.as_str(), c.start, c.end) == ("20230819A02", 3, 12))
            .unwrap();
        execute(
            side,
            &Command::SetCodingMemo {
                coding_id: coding.id,
                memo: memo.into(),
            },
        )
        .unwrap();
        let case_id = side
            .cases()
            .unwrap()
            .into_iter()
            .find(|c| c.name == case)
            .unwrap()
            .id;
        let code_id = code_id(side, "权力/赋权");
        let reason = format!("{memo}：复核");
        execute(
            side,
            &Command::SetQcaOverride {
                case_id,
                code_id,
                value: Some((present, reason)),
            },
        )
        .unwrap();
        execute(
            side,
            &Command::SetMemo {
                target: MemoTarget::Case(case_id),
                text: memo.into(),
            },
        )
        .unwrap();
    }
    drop(a);
    let report = team::merge(&mut pi, &copies[0]).unwrap();
    let target = |kind: &str| -> Vec<&str> {
        report
            .conflicts
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.target.as_str())
            .collect()
    };
    assert_eq!(
        target("coding_memo"),
        ["coding 权力/赋权 [3, 12) in 20230819A02 by 甲"]
    );
    let cell = format!("case {case} × code 权力/赋权");
    assert_eq!(target("qca_override"), [cell.as_str()]);
    let memo = format!("memo on case {case}");
    assert_eq!(target("memo_edited"), [memo.as_str()]);
    for c in &report.conflicts {
        assert!(
            !c.target.contains('#') && !c.target.contains("Into("),
            "{c:?}"
        );
    }
}

#[test]
fn deletion_of_an_unused_code_carries_over() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲"]);
    let mut pi = Project::open(&p, "李研").unwrap();
    execute(
        &mut pi,
        &Command::AddCode {
            path: "试用码".into(),
            fields: Default::default(),
        },
    )
    .unwrap();
    drop(pi);
    // The copy is made after the code exists; 甲 deletes it unused.
    std::fs::remove_file(&copies[0]).unwrap();
    let copies = team::split(
        &Project::open_read_only(&p).unwrap(),
        &["甲".into()],
        &dir.path().join("copies"),
    )
    .unwrap();
    let mut a = Project::open(&copies[0], "甲").unwrap();
    let id = code_id(&a, "试用码");
    execute(
        &mut a,
        &Command::DeleteCode {
            code_id: id,
            force: false,
        },
    )
    .unwrap();
    drop(a);
    let mut pi = Project::open(&p, "李研").unwrap();
    let report = team::merge(&mut pi, &copies[0]).unwrap();
    assert!(
        report
            .conflicts
            .iter()
            .any(|c| c.kind == "deleted_there" && c.target == "试用码")
    );
    assert!(!pi.codes().unwrap().iter().any(|c| c.path == "试用码"));
}
