//! Lossless qcw → `.qdpx` → qcw: export, import into an empty project, export again gives the
//! same archive (GUIDs and timestamps aside, which belong to each project), on the demo with
//! everything qcw has and on random small CJK/emoji/CRLF projects; Taguette codebook CSV.

use crate::util::{TempProject, json, ok};
use proptest::prelude::*;
use qcw::codebook::Template;
use qcw::command::{CodeEdit, CodeFields, Command, NewDocument, execute};
use qcw::demo::build_demo;
use qcw::import::formats::normalize;
use qcw::interop::{ExportOptions, Positions, export_qdpx, export_qdpx_with, import_qdpx};
use qcw::model::{AttrScope, AttrType, DocKind, MemoTarget};
use qcw::project::create_project;
use qcw::store::Project;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

/// The archive's entries with GUIDs replaced by `G1`, `G2`… in order of first appearance in
/// `project.qde` and the `creationDateTime`/`modifiedDateTime` values blanked.
fn canonical(qdpx: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(qdpx).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        files.insert(f.name().to_owned(), s);
    }
    let guid =
        regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let mut names: HashMap<String, String> = HashMap::new();
    for m in guid.find_iter(&files["project.qde"]) {
        let n = names.len() + 1;
        names
            .entry(m.as_str().to_owned())
            .or_insert_with(|| format!("G{n}"));
    }
    let map = |s: &str| {
        guid.replace_all(s, |c: &regex::Captures<'_>| {
            names.get(&c[0]).cloned().unwrap_or_else(|| "G?".into())
        })
        .into_owned()
    };
    let dates = regex::Regex::new(r#"(creationDateTime|modifiedDateTime)="[^"]*""#).unwrap();
    files
        .iter()
        .map(|(k, v)| (map(k), dates.replace_all(&map(v), "$1=\"\"").into_owned()))
        .collect()
}

/// Exports `a`, imports into an empty project, exports that; both canonical archives.
fn round_trip(a: &Project, dir: &Path) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let one = dir.join("one.qdpx");
    export_qdpx(a, &one).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    // The same file name: Project@name is the project file's stem.
    let name = a.path().file_name().unwrap();
    let mut b = create_project(&dir.join("b").join(name), Template::Empty, "tester").unwrap();
    let s = import_qdpx(&mut b, &one, "fallback").unwrap();
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
    let two = dir.join("two.qdpx");
    export_qdpx(&b, &two).unwrap();
    (canonical(&one), canonical(&two))
}

fn assert_same(one: &BTreeMap<String, String>, two: &BTreeMap<String, String>) {
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (k, v) in one {
        assert!(
            v == &two[k],
            "{k} differs:\n--- first\n{v}\n--- second\n{}",
            two[k]
        );
    }
}

fn id_of_case(p: &Project, name: &str) -> i64 {
    p.cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

/// What the demo lacks of qcw's data model: CRLF and trailing newlines in every kind of text,
/// case memos, a segment-level case link, typed attributes, a QCA override, a cell memo.
fn enrich(p: &mut Project) {
    let docs = p.documents().unwrap();
    let codes = p.codes().unwrap();
    let case = p.cases().unwrap()[0].clone();
    let doc = docs[0].id;
    let mut run = |c: Command| execute(p, &c).unwrap();
    run(Command::EditCode {
        code_id: codes[1].id,
        edit: CodeEdit {
            description: Some("描述\r\n第二行\n".into()),
            example: Some("  示例，前后有空白\n\n".into()),
            ..CodeEdit::default()
        },
    });
    run(Command::SetMemo {
        target: MemoTarget::Case(case.id),
        text: "个案备忘\r\n".into(),
    });
    run(Command::SetMemo {
        target: MemoTarget::Code(codes[0].id),
        text: "代码备忘\n".into(),
    });
    run(Command::SetMemo {
        target: MemoTarget::Project,
        text: "项目备忘\r\n\r\n".into(),
    });
    run(Command::SetMemo {
        target: MemoTarget::Document(doc),
        text: "文档备忘 😀\n".into(),
    });
    run(Command::AddCase {
        name: "片段个案".into(),
        description: "只链接片段\r\n".into(),
    });
    run(Command::LinkCase {
        case: "片段个案".into(),
        doc_id: doc,
        range: Some((2, 9)),
    });
    run(Command::SetCaseAttribute {
        case_id: case.id,
        key: "年龄".into(),
        value: Some("42".into()),
    });
    run(Command::DefineAttribute {
        scope: AttrScope::Case,
        name: "年龄".into(),
        ty: AttrType::Integer,
    });
    run(Command::DefineAttribute {
        scope: AttrScope::Case,
        name: "级别".into(),
        ty: AttrType::Category(vec!["市".into(), "区".into()]),
    });
    run(Command::SetQcaOverride {
        case_id: case.id,
        code_id: codes[2].id,
        value: Some((true, "访谈外的证据\n".into())),
    });
    run(Command::SetCellMemo {
        case_id: case.id,
        code_id: codes[2].id,
        text: "单元格备忘\r\n".into(),
    });
}

#[test]
fn demo_export_import_export_is_identical_with_everything_qcw_has() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    let mut a = build_demo(&dir.path().join("a/p.qcw"), "tester").unwrap();
    enrich(&mut a);
    let (one, two) = round_trip(&a, dir.path());
    let ext = &one["qcw/extensions.json"];
    for needle in [
        "\"kind\": \"observation\"",
        "\"kind\": \"document\"",
        "个案备忘\\r\\n",
        "\"segments\": [\n        {",
        "\"type\": \"integer\"",
        "\"allowed\": [",
        "访谈外的证据",
        "单元格备忘\\r\\n",
        "  示例，前后有空白\\n\\n",
    ] {
        assert!(ext.contains(needle), "{needle} not in the extensions");
    }
    assert!(one["project.qde"].contains("描述&#13;\n第二行"));
    assert!(one["project.qde"].contains("<IntegerValue>42</IntegerValue>"));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("one.qdpx")).unwrap()).unwrap();
    let mut raw = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut raw)
        .unwrap();
    let qde = dir.path().join("enriched.qde");
    std::fs::write(&qde, raw).unwrap();
    crate::interop::assert_schema_valid(&qde);
    assert_same(&one, &two);
    // And the imported project holds the values themselves.
    let dir_b = dir.path().join("b/p.qcw");
    let b = Project::open_read_only(&dir_b).unwrap();
    let case = id_of_case(&b, &a.cases().unwrap()[0].name);
    assert_eq!(b.memo(MemoTarget::Case(case)).unwrap(), "个案备忘\r\n");
    assert_eq!(b.memo(MemoTarget::Project).unwrap(), "项目备忘\r\n\r\n");
    assert_eq!(b.qca_overrides().unwrap().len(), 1);
    assert_eq!(b.cell_memos().unwrap()[0].text, "单元格备忘\r\n");
    assert!(
        b.case_links()
            .unwrap()
            .iter()
            .any(|l| l.start == Some(2) && l.end == Some(9))
    );
    let kinds = |p: &Project| {
        p.documents()
            .unwrap()
            .into_iter()
            .map(|d| (d.name, d.kind))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(kinds(&a), kinds(&b));
}

#[test]
fn a_utf16_export_imports_back_onto_the_same_characters() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        docs: vec![(0, "𠮷野家😀好\r\n👩\u{200d}👧 一家人".into())],
        codes: vec![("a".into(), String::new())],
        codings: vec![
            (0, 3, 4, 0, false, "备忘\r\n".into()),
            (0, 9, 3, 0, true, String::new()),
        ],
        case_memo: String::new(),
    };
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    let a = build(&spec, &dir.path().join("a/p.qcw"));
    let out = dir.path().join("u.qdpx");
    let options = ExportOptions {
        positions: Positions::Utf16,
    };
    export_qdpx_with(&a, &out, options).unwrap();
    let mut b = create_project(&dir.path().join("b.qcw"), Template::Empty, "tester").unwrap();
    import_qdpx(&mut b, &out, "fallback").unwrap();
    let codings = |p: &Project| {
        p.codings(&qcw::store::CodingFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| (c.doc, c.start, c.end, c.code, c.coder, c.memo, c.text))
            .collect::<Vec<_>>()
    };
    assert_eq!(codings(&a).len(), 2);
    assert_eq!(codings(&a), codings(&b));
}

/// A random small project: documents of CJK, emoji, ZWJ sequences and CRLF (normalised as
/// qcw's import does), codes with CRLF fields, codings with memos by two coders, a case with a
/// memo and a segment link.
#[derive(Debug, Clone)]
struct Spec {
    docs: Vec<(u8, String)>,
    codes: Vec<(String, String)>,
    codings: Vec<(usize, usize, usize, usize, bool, String)>,
    case_memo: String,
}

const ALPHABET: &[&str] = &[
    "中",
    "文",
    "𠮷",
    "😀",
    "👩\u{200d}👧",
    "a",
    " ",
    "\r\n",
    "\n",
    "\r",
    "é",
    "，",
];

fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), min..max).prop_map(|v| v.concat())
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((0u8..3, text(1, 30)), 1..4),
        prop::collection::vec(("[a-z]{1,4}", text(0, 6)), 1..4),
        prop::collection::vec(
            (
                0usize..4,
                0usize..40,
                1usize..8,
                0usize..4,
                any::<bool>(),
                text(0, 5),
            ),
            0..8,
        ),
        text(0, 6),
    )
        .prop_map(|(docs, codes, codings, case_memo)| Spec {
            docs,
            codes,
            codings,
            case_memo,
        })
}

fn build(spec: &Spec, path: &Path) -> Project {
    let mut p = create_project(path, Template::Empty, "tester").unwrap();
    let mut names = Vec::new();
    for (i, (kind, raw)) in spec.docs.iter().enumerate() {
        let text = format!("第{i}份{}", normalize(raw));
        let name = format!("文档{i}");
        execute(
            &mut p,
            &Command::ImportDocument(Box::new(NewDocument {
                name: name.clone(),
                kind: DocKind::ALL[usize::from(*kind) % 3],
                text: text.clone(),
                sha256: format!("{i}"),
                source_path: "mem".into(),
                format: "txt".into(),
                attributes: BTreeMap::new(),
                cases: vec![],
            })),
        )
        .unwrap();
        names.push((name, text.chars().count()));
    }
    let mut paths = Vec::new();
    for (i, (name, desc)) in spec.codes.iter().enumerate() {
        let path = format!("{name}{i}");
        execute(
            &mut p,
            &Command::AddCode {
                path: path.clone(),
                fields: CodeFields {
                    description: desc.clone(),
                    definition: format!("{desc}\r\n"),
                    ..CodeFields::default()
                },
            },
        )
        .unwrap();
        paths.push(path);
    }
    for (doc, start, len, code, second, memo) in &spec.codings {
        let (name, chars) = &names[doc % names.len()];
        let start = start % chars;
        let end = (start + len).min(*chars);
        if end > start {
            execute(
                &mut p,
                &Command::ApplyCodingByName {
                    doc: name.clone(),
                    start,
                    end,
                    code_path: paths[code % paths.len()].clone(),
                    coder: if *second { "王思" } else { "李研" }.into(),
                    memo: memo.clone(),
                },
            )
            .unwrap();
        }
    }
    let first = p.documents().unwrap()[0].id;
    execute(
        &mut p,
        &Command::LinkCase {
            case: "个案".into(),
            doc_id: first,
            range: Some((0, 1)),
        },
    )
    .unwrap();
    let case = id_of_case(&p, "个案");
    execute(
        &mut p,
        &Command::SetMemo {
            target: MemoTarget::Case(case),
            text: spec.case_memo.clone(),
        },
    )
    .unwrap();
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_cjk_emoji_crlf_projects_round_trip_identically(spec in spec()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        let a = build(&spec, &dir.path().join("a/p.qcw"));
        let (one, two) = round_trip(&a, dir.path());
        assert_same(&one, &two);
    }
}

#[test]
fn taguette_codebook_csv_round_trips_through_the_cli() {
    let a = TempProject::new();
    ok(&["demo", a.p()]);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("codebook.csv");
    let csv_s = csv.to_str().unwrap();
    let out = json(&["codebook", "export", a.p(), csv_s]);
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(
        written.starts_with("tag,description,number of highlights\n"),
        "{written}"
    );
    let codes = json(&["codes", a.p()]);
    let n = codes.as_array().map_or(0, Vec::len);
    assert_eq!(out["codes"], n);
    let b = TempProject::new();
    ok(&["new", b.p(), "--template", "empty"]);
    let s = json(&["codebook", "import", b.p(), csv_s]);
    assert_eq!(s["added"], n);
    let pa = Project::open_read_only(Path::new(a.p())).unwrap();
    let pb = Project::open_read_only(Path::new(b.p())).unwrap();
    let fields = |p: &Project| {
        p.codes()
            .unwrap()
            .into_iter()
            .map(|c| (c.path, c.description))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(fields(&pa), fields(&pb));
    // Again: nothing new. Taguette's other header (name + description) reads too; two tag
    // columns are refused with a clear error and nothing changes.
    let s = json(&["codebook", "import", b.p(), csv_s]);
    assert_eq!(
        (s["added"].as_u64(), s["existing"].as_u64()),
        (Some(0), Some(n as u64))
    );
    std::fs::write(&csv, "name,description\n新/子,\"多行\r\n描述\"\n").unwrap();
    json(&["codebook", "import", b.p(), csv_s]);
    let pb = Project::open_read_only(Path::new(b.p())).unwrap();
    assert_eq!(fields(&pb)["新/子"], "多行\r\n描述");
    std::fs::write(&csv, "tag,path\nx,y\n").unwrap();
    let err = crate::util::fails(&["codebook", "import", b.p(), csv_s]);
    assert!(
        err.contains("codebook.csv") && err.contains("more than one"),
        "{err}"
    );
}

#[test]
fn cli_export_positions_flag_is_reported_and_written_into_the_origin() {
    let a = TempProject::new();
    ok(&["demo", a.p()]);
    let out = a.dir.path().join("u.qdpx");
    let out_s = out.to_str().unwrap();
    let s = json(&["qdpx", "export", a.p(), out_s, "--positions", "utf16"]);
    assert_eq!(s["summary"]["positions"], "utf16");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut qde = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    assert!(qde.contains("; positions=utf16\""), "{}", &qde[..300]);
    let s = json(&["qdpx", "export", a.p(), out_s]);
    assert_eq!(s["summary"]["positions"], "codepoints");
    let err = crate::util::fails(&["qdpx", "export", a.p(), out_s, "--positions", "bytes"]);
    assert!(err.contains("expected codepoints or utf16"), "{err}");
}

/// Document groups are written as REFI-QDA `Sets` (valid against `Project.xsd`) and come back as
/// the same groups when the export is imported into an empty project.
#[test]
fn groups_travel_as_sets() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = qcw::demo::build_demo(&dir.path().join("a.qcw"), "tester").unwrap();
    let docs = a.documents().unwrap();
    let (one, two) = (docs[0].id, docs[1].id);
    for (name, ids) in [("城市/上海", vec![one, two]), ("试点", vec![two])] {
        let id = qcw::command::execute(
            &mut a,
            &qcw::command::Command::CreateGroup { name: name.into() },
        )
        .unwrap()
        .ids[0];
        qcw::command::execute(
            &mut a,
            &qcw::command::Command::AddToGroup {
                group_id: id,
                doc_ids: ids,
            },
        )
        .unwrap();
    }
    let out = dir.path().join("g.qdpx");
    qcw::interop::export_qdpx(&a, &out).unwrap();
    let xml = crate::interop::qde_of(&out);
    assert!(
        xml.contains("<Sets>") && xml.contains("name=\"城市/上海\""),
        "{xml}"
    );
    assert_eq!(xml.matches("<MemberSource ").count(), 3);
    let qde = dir.path().join("project.qde");
    std::fs::write(&qde, &xml).unwrap();
    crate::interop::assert_schema_valid(&qde);

    let mut b = crate::interop::empty_project(dir.path(), "b.qcw");
    let s = qcw::interop::import_qdpx(&mut b, &out, "t").unwrap();
    assert!(
        !s.skipped.iter().any(|k| k.what.starts_with("Set ")),
        "{s:?}"
    );
    let names = |p: &qcw::store::Project| -> Vec<(String, Vec<String>)> {
        let docs = p.documents().unwrap();
        p.groups()
            .unwrap()
            .into_iter()
            .map(|g| {
                let mut members: Vec<String> = g
                    .docs
                    .iter()
                    .map(|id| docs.iter().find(|d| d.id == *id).unwrap().name.clone())
                    .collect();
                members.sort();
                (g.name, members)
            })
            .collect()
    };
    assert_eq!(names(&b), names(&a));
    // One undo removes the import with its groups.
    b.undo().unwrap();
    assert!(b.groups().unwrap().is_empty());
}
