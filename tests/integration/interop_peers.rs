//! qcw's `.qdpx` export read by other tools: pyqdpx itself (a Python venv with pyqdpx from PyPI,
//! made by `.ci/run`), and every requirement of QualCoder's importer (`src/qualcoder/refi.py`
//! in ccbogel/QualCoder, which needs a Qt GUI and is not on PyPI) checked on the export.

use crate::util::under_ci;
use qcw::command::{Command, NewDocument, execute};
use qcw::demo::build_demo;
use qcw::interop::{ExportOptions, Positions, export_qdpx_with};
use qcw::model::{DocKind, MemoTarget};
use qcw::store::{CodingFilter, Project};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The demo project plus a document with characters outside the BMP, a ZWJ emoji sequence and
/// the same range coded by two coders.
fn demo_with_astral_text(dir: &Path) -> Project {
    let mut p = build_demo(&dir.join("demo.qcw"), "tester").unwrap();
    let text = "𠮷野家的老板说：“😀好”。\n👩‍👩‍👧 一家人；𠀀𠀁 结束。";
    execute(
        &mut p,
        &Command::ImportDocument(Box::new(NewDocument {
            name: "补充访谈𠮷".into(),
            kind: DocKind::Interview,
            text: text.into(),
            sha256: "x".into(),
            source_path: "mem".into(),
            format: "txt".into(),
            attributes: BTreeMap::new(),
            cases: vec![],
        })),
    )
    .unwrap();
    let code = p.codes().unwrap()[0].path.clone();
    for (start, end, coder) in [
        (0, 3, "李研"),
        (0, 3, "王思"),
        (8, 10, "李研"),
        (14, 19, "王思"),
    ] {
        execute(
            &mut p,
            &Command::ApplyCodingByName {
                doc: "补充访谈𠮷".into(),
                start,
                end,
                code_path: code.clone(),
                coder: coder.into(),
                memo: "备忘\r\n第二行\n".into(),
            },
        )
        .unwrap();
    }
    p
}

/// The Python of the venv with pyqdpx (`QCW_REFI_PYTHON`, else `.venv-refi/bin/python` in the
/// checkout); `None` after a note when missing locally, a failure under CI.
fn refi_python() -> Option<PathBuf> {
    let path = std::env::var_os("QCW_REFI_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-refi/bin/python"),
        PathBuf::from,
    );
    if path.exists() {
        return Some(path);
    }
    assert!(
        !under_ci(),
        "{} is missing: .ci/run creates the venv with pyqdpx",
        path.display()
    );
    eprintln!(
        "note: {} is missing (run: PYENV_VERSION=3.12.1 python3.12 -m venv .venv-refi && \
         .venv-refi/bin/pip install pyqdpx); skipping the pyqdpx check",
        path.display()
    );
    None
}

#[test]
fn pyqdpx_reads_every_selection_of_the_demo_export_with_the_same_quote() {
    let Some(python) = refi_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let p = demo_with_astral_text(dir.path());
    let out = dir.path().join("demo.qdpx");
    let options = ExportOptions {
        positions: Positions::Utf16,
    };
    export_qdpx_with(&p, &out, options).unwrap();
    let codes: HashMap<i64, String> = p
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let codings = p.codings(&CodingFilter::default()).unwrap();
    assert!(codings.len() > 100);
    let expected: Vec<serde_json::Value> = codings
        .iter()
        .map(|c| {
            serde_json::json!({
                "source": c.doc, "code": codes[&c.code_id], "coder": c.coder, "quote": c.text
            })
        })
        .collect();
    let exp = dir.path().join("expected.json");
    std::fs::write(&exp, serde_json::to_vec(&expected).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/pyqdpx_read.py");
    let run = std::process::Command::new(&python)
        .arg(&script)
        .arg(&out)
        .arg(&exp)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "pyqdpx: {stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let line = stdout.lines().last().unwrap();
    let counts: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(counts["selections"], codings.len());
    assert_eq!(counts["sources"], p.documents().unwrap().len());
    assert_eq!(counts["users"], 3, "{counts}");

    // With code points (the default) the astral quotes come out shifted in pyqdpx: the flag
    // matters.
    export_qdpx_with(&p, &out, ExportOptions::default()).unwrap();
    let run = std::process::Command::new(&python)
        .arg(&script)
        .arg(&out)
        .arg(&exp)
        .output()
        .unwrap();
    assert!(!run.status.success());
}

/// A minimal DOM of `project.qde` (local names only, like ElementTree after the namespace).
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: HashMap<String, String>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.get(k).map(String::as_str)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn first(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    fn walk<'a>(&'a self, out: &mut Vec<&'a El>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

fn parse(xml: &str) -> El {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().expand_empty_elements = true;
    let mut stack = vec![El::default()];
    loop {
        match r.read_event().unwrap() {
            Event::Start(s) => {
                let mut el = El {
                    name: String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
                    ..El::default()
                };
                for a in s.attributes() {
                    let a = a.unwrap();
                    let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                    let raw = std::str::from_utf8(&a.value).unwrap();
                    let v = quick_xml::escape::unescape(raw).unwrap().into_owned();
                    el.attrs.insert(k, v);
                }
                stack.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.decode().unwrap(),
            Event::GeneralRef(g) => {
                let s = match g.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&g.decode().unwrap())
                        .unwrap()
                        .to_owned(),
                };
                stack.last_mut().unwrap().text += &s;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap().children.pop().unwrap()
}

fn entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

/// Each check names the lines of QualCoder's `refi.py` (RefiImport) it stands for.
#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one check per requirement, in refi.py's order"
)]
fn qualcoder_importer_requirements_hold_for_the_demo_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = demo_with_astral_text(dir.path());
    let case = p.cases().unwrap()[0].id;
    execute(
        &mut p,
        &Command::SetMemo {
            target: MemoTarget::Case(case),
            text: "个案备忘".into(),
        },
    )
    .unwrap();
    execute(
        &mut p,
        &Command::SetMemo {
            target: MemoTarget::Project,
            text: "项目日志\n第二段".into(),
        },
    )
    .unwrap();
    let out = dir.path().join("demo.qdpx");
    export_qdpx_with(&p, &out, ExportOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let root = parse(&entry(&mut zip, "project.qde").unwrap());
    let mut all = Vec::new();
    root.walk(&mut all);

    // parse_users: User guid and name.
    let users: HashMap<&str, &str> = root
        .first("Users")
        .unwrap()
        .all("User")
        .map(|u| (u.attr("guid").unwrap(), u.attr("name").unwrap()))
        .collect();
    for coder in p.coders().unwrap() {
        assert!(
            users.values().any(|n| *n == coder),
            "coder {coder} is a User"
        );
    }
    // sub_codes: isCodable="true" (else a category), a colour, the memo in Description.
    let codes: Vec<&&El> = all.iter().filter(|e| e.name == "Code").collect();
    assert_eq!(codes.len(), p.codes().unwrap().len());
    let code_guids: HashSet<&str> = codes.iter().map(|c| c.attr("guid").unwrap()).collect();
    for c in &codes {
        assert_eq!(c.attr("isCodable"), Some("true"));
        assert!(c.attr("color").is_some_and(|x| x.starts_with('#')));
    }
    // parse_variables: unique names (attribute_type.name is unique in QualCoder).
    let vars: Vec<&str> = root
        .first("Variables")
        .unwrap()
        .all("Variable")
        .map(|v| v.attr("name").unwrap())
        .collect();
    assert_eq!(
        vars.len(),
        vars.iter().collect::<HashSet<_>>().len(),
        "{vars:?}"
    );
    // parse_cases: a name (a nameless Case is read as file variables), the memo in Description,
    // and no Case GUID equal to a Code GUID (clean_up_case_codes deletes such codes).
    let cases: Vec<&El> = root.first("Cases").unwrap().all("Case").collect();
    assert_eq!(cases.len(), p.cases().unwrap().len());
    for c in &cases {
        assert!(c.attr("name").is_some_and(|n| !n.is_empty()));
        assert!(!code_guids.contains(c.attr("guid").unwrap()));
    }
    assert!(cases.iter().any(|c| {
        c.first("Description")
            .is_some_and(|d| d.text.contains("个案备忘"))
    }));
    // load_text_source: plainTextPath internal:// into the `sources` folder, the document memo
    // in Description; the first line break must not be CRLF (QualCoder would shift positions);
    // seltext = fulltext[pos0:pos1] in code points; the coder from PlainTextSelection@creatingUser;
    // the coding memo from PlainTextSelection/Description; list(Coding)[0] is the CodeRef.
    let docs = p.documents().unwrap();
    let codings = p.codings(&CodingFilter::default()).unwrap();
    let mut read = Vec::new();
    for src in root.first("Sources").unwrap().all("TextSource") {
        let path = src.attr("plainTextPath").unwrap();
        let file = path.strip_prefix("internal://").unwrap();
        let text = entry(&mut zip, &format!("sources/{file}")).unwrap();
        assert!(!text.contains("\r\n"));
        let chars: Vec<char> = text.chars().collect();
        let name = src.attr("name").unwrap();
        let doc = docs.iter().find(|d| d.name == name).unwrap();
        let memo = p.memo(MemoTarget::Document(doc.id)).unwrap();
        let desc = src.first("Description").map_or("", |d| d.text.as_str());
        assert_eq!(desc.trim(), memo.trim());
        for sel in src.all("PlainTextSelection") {
            let pos = |a| sel.attr(a).unwrap().parse::<usize>().unwrap();
            let quote: String = chars[pos("startPosition")..pos("endPosition")]
                .iter()
                .collect();
            let coder = users[sel.attr("creatingUser").unwrap()];
            assert!(sel.attr("creationDateTime").is_some());
            let codings_in: Vec<&El> = sel.all("Coding").collect();
            assert_eq!(codings_in.len(), 1);
            let code_ref = &codings_in[0].children[0];
            assert_eq!(code_ref.name, "CodeRef");
            assert!(code_guids.contains(code_ref.attr("targetGUID").unwrap()));
            let memo = sel.first("Description").map_or("", |d| d.text.as_str());
            read.push((name.to_owned(), quote, coder.to_owned(), memo.to_owned()));
        }
    }
    let mut want: Vec<_> = codings
        .iter()
        .map(|c| {
            let memo = if c.memo.trim().is_empty() {
                ""
            } else {
                c.memo.as_str()
            };
            (
                c.doc.clone(),
                c.text.clone(),
                c.coder.clone(),
                memo.to_owned(),
            )
        })
        .collect();
    want.sort();
    read.sort();
    assert_eq!(read, want, "every coding, both coders, every coding memo");
    // code_text is unique on (cid, fid, pos0, pos1, owner): two coders on one range stay two.
    assert!(
        read.iter()
            .filter(|r| r.0 == "补充访谈𠮷" && r.1 == "𠮷野家")
            .count()
            == 2
    );
    // parse_notes: every Note has creationDateTime or modifiedDateTime; a Note with a
    // plainTextPath, a name, and no NoteRef from a TextSource is a journal read from the file.
    let source_refs: HashSet<&str> = root
        .first("Sources")
        .unwrap()
        .all("TextSource")
        .flat_map(|s| s.all("NoteRef"))
        .map(|r| r.attr("targetGUID").unwrap())
        .collect();
    let mut journals = Vec::new();
    for n in root.first("Notes").unwrap().all("Note") {
        assert!(n.attr("creationDateTime").is_some() || n.attr("modifiedDateTime").is_some());
        if let Some(path) = n.attr("plainTextPath")
            && !n.attr("name").unwrap_or_default().is_empty()
            && !source_refs.contains(n.attr("guid").unwrap())
        {
            let file = path.strip_prefix("internal://").unwrap();
            journals.push(entry(&mut zip, &format!("sources/{file}")).unwrap());
        }
    }
    assert_eq!(journals, vec!["项目日志\n第二段".to_owned()]);
}
