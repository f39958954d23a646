//! Hostile inputs (issue 11): a few hundred generated files of every class that has broken an
//! import — truncated and garbage containers, wrong extensions, binary data, NUL bytes, huge
//! lines, deep nesting, bad encodings, weird names. Each gives a correct import or a clear error
//! naming the file, with the project unchanged (compared by a dump), no panic message, and in
//! bounded time. Also: a foreign SQLite file is left byte-identical by every write command.

use crate::util::*;
use qcw::import::{ImportOptions, import_paths};
use qcw::store::Project;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// A tiny deterministic generator (no dependency, same inputs on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A zip archive with these members (deflated).
fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, bytes) in members {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A docx whose body is `body` (raw XML inside `<w:body>`).
pub fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    zip(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>"),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// An odt whose body text is `body` (raw XML inside `<office:text>`).
pub fn odt(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
    ])
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// What an input must give.
enum Expect {
    /// Imported, with exactly this text.
    Text(String),
    /// Refused with an error.
    Fail,
    /// Skipped (not a format qcw imports).
    Skip,
    /// Either imported or refused, as long as it is clean.
    Any,
}

type Input = (String, Vec<u8>, Expect);

/// Every hostile input: (file name, bytes, expectation).
fn inputs() -> Vec<Input> {
    let mut rng = Lcg(11);
    let mut v: Vec<Input> = Vec::new();
    containers(&mut rng, &mut v);
    texts(&mut rng, &mut v);
    names(&mut v);
    v
}

fn good_files() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let good_docx = docx(&(para("第一段访谈") + &para("第二段 &amp; 结尾")));
    let good_odt = odt("<text:p>开放文档</text:p><text:p>第二行</text:p>");
    let hello_pdf = std::fs::read(fixtures().join("formats/hello.pdf")).unwrap();
    (good_docx, good_odt, hello_pdf)
}

/// Truncated, damaged and deeply nested docx, odt and pdf.
fn containers(rng: &mut Lcg, v: &mut Vec<Input>) {
    let (good_docx, good_odt, hello_pdf) = good_files();
    v.push((
        "good.docx".into(),
        good_docx.clone(),
        Expect::Text("第一段访谈\n第二段 & 结尾".into()),
    ));
    v.push((
        "good.odt".into(),
        good_odt.clone(),
        Expect::Text("开放文档\n第二行".into()),
    ));
    // Truncated containers: every cut is an error (a zip without its directory is unreadable).
    for (ext, bytes) in [
        ("docx", &good_docx),
        ("odt", &good_odt),
        ("pdf", &hello_pdf),
    ] {
        for i in 1..=20 {
            let cut = bytes.len() * i / 21;
            v.push((format!("cut{i}.{ext}"), bytes[..cut].to_vec(), Expect::Fail));
        }
        // Random byte flips: imported or refused, never a panic.
        for i in 0..20 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(b.len());
                b[at] = rng.next() as u8;
            }
            v.push((format!("flip{i}.{ext}"), b, Expect::Any));
        }
        for i in 0..5 {
            let n = [0, 1, 22, 512, 70_000][i];
            v.push((format!("garbage{i}.{ext}"), rng.bytes(n), Expect::Fail));
        }
    }
    // Damaged XML inside a valid zip.
    for (i, body) in [
        "<w:p><w:r><w:t>未闭合",
        "<w:p></w:r></w:p>",
        "<w:p><w:t>&undefined;</w:t>",
        "<w:p><w:t>&#xD800;</w:t></w:p>",
        "<w:p a=\"1\" a=\"2\"></w:p>",
        "<w:p><![CDATA[ never closed",
        "<<<>>>",
        "<w:p><w:t>\u{0}</w:t></w:p></w:body>",
    ]
    .iter()
    .enumerate()
    {
        v.push((format!("badxml{i}.docx"), docx(body), Expect::Any));
        v.push((format!("badxml{i}.odt"), odt(body), Expect::Any));
    }
    v.push((
        "nodoc.docx".into(),
        zip(&[("other.xml", b"<x/>")]),
        Expect::Fail,
    ));
    v.push((
        "nocontent.odt".into(),
        zip(&[("mimetype", b"x")]),
        Expect::Fail,
    ));
    v.push((
        "empty-entry.docx".into(),
        zip(&[("word/document.xml", b"")]),
        Expect::Fail,
    ));
    v.push(("empty.docx".into(), docx(""), Expect::Fail));
    v.push((
        "notzip.docx".into(),
        b"PK\x03\x04 but nothing else".to_vec(),
        Expect::Fail,
    ));
    // Deep nesting: no stack overflow, linear time; truncated deep nesting is refused.
    let n = 5_000;
    let deep = "<w:p><w:r><w:t>层</w:t></w:r>".repeat(n);
    v.push((
        "deep.docx".into(),
        docx(&(deep.clone() + &"</w:p>".repeat(n))),
        Expect::Text(vec!["层"; n].join("\n")),
    ));
    v.push(("deep-cut.docx".into(), docx(&deep), Expect::Fail));
    let deep_odt =
        "<text:section>".repeat(n) + "<text:p>深</text:p>" + &"</text:section>".repeat(n);
    v.push(("deep.odt".into(), odt(&deep_odt), Expect::Text("深".into())));
    let too_deep = "<w:p>".repeat(100_000) + &"</w:p>".repeat(100_000);
    v.push(("too-deep.docx".into(), docx(&too_deep), Expect::Fail));
    let too_deep = "<text:span>".repeat(70_000) + &"</text:span>".repeat(70_000);
    v.push(("too-deep.odt".into(), odt(&too_deep), Expect::Fail));
    let tables =
        "<w:tbl><w:tr><w:tc>".repeat(2000) + &para("格") + &"</w:tc></w:tr></w:tbl>".repeat(2000);
    v.push((
        "deep-tables.docx".into(),
        docx(&tables),
        Expect::Text("格".into()),
    ));
}

/// Wrong extensions, binary data, NUL bytes, bad encodings, huge lines.
fn texts(rng: &mut Lcg, v: &mut Vec<Input>) {
    let (good_docx, good_odt, hello_pdf) = good_files();
    // Wrong extensions.
    v.push(("really-docx.txt".into(), good_docx.clone(), Expect::Fail));
    v.push(("really-pdf.docx".into(), hello_pdf.clone(), Expect::Fail));
    v.push((
        "really-text.pdf".into(),
        "纯文本".as_bytes().to_vec(),
        Expect::Fail,
    ));
    v.push(("really-odt.docx".into(), good_odt.clone(), Expect::Fail));
    v.push((
        "png.txt".into(),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        Expect::Fail,
    ));
    for ext in ["xlsx", "doc", "rtf", "jpg", "qcw", ""] {
        let name = if ext.is_empty() {
            "noext".to_owned()
        } else {
            format!("sheet.{ext}")
        };
        v.push((name, zip(&[("xl/workbook.xml", b"<w/>")]), Expect::Skip));
    }
    // Binary data, NUL bytes, bad encodings.
    for i in 0..15 {
        let n = 16 + rng.below(5000);
        v.push((format!("random{i}.txt"), rng.bytes(n), Expect::Any));
    }
    for i in 0..5 {
        let mut b = "访谈记录正文".repeat(10).into_bytes();
        for _ in 0..=i {
            let at = rng.below(b.len());
            b[at] = 0;
        }
        v.push((format!("nul{i}.txt"), b, Expect::Any));
    }
    v.push(("zeros.txt".into(), vec![0; 4096], Expect::Fail));
    v.push((
        "bom-only.txt".into(),
        b"\xef\xbb\xbf".to_vec(),
        Expect::Fail,
    ));
    v.push(("spaces.md".into(), b" \n\t\n".to_vec(), Expect::Fail));
    v.push((
        "overlong.txt".into(),
        b"\xc0\xaf\xe0\x80\xaf abc".to_vec(),
        Expect::Any,
    ));
    let mut surrogates = vec![0xff, 0xfe];
    for _ in 0..50 {
        surrogates.extend_from_slice(&[0x00, 0xdc]);
    }
    v.push(("surrogates.txt".into(), surrogates, Expect::Fail));
    v.push((
        "utf32-bad.txt".into(),
        [[0xff, 0xfe, 0, 0], [0xff; 4]].concat(),
        Expect::Any,
    ));
    // Huge lines and many lines.
    let line = "长".repeat(1_000_000);
    v.push((
        "huge-line.txt".into(),
        line.clone().into_bytes(),
        Expect::Text(line),
    ));
    let lines = "一行\n".repeat(200_000);
    v.push((
        "many-lines.md".into(),
        lines.clone().into_bytes(),
        Expect::Text(lines.trim_end().to_owned() + "\n"),
    ));
}

/// Weird file names.
fn names(v: &mut Vec<Input>) {
    // Weird names.
    for (i, name) in [
        "带 空格 的 名字.txt",
        "-dash.txt",
        "new\nline.txt",
        "tab\there.txt",
        "emoji 😀.txt",
        "x.TXT",
        "a.b.c.md",
        "#hash%percent&amp.txt",
    ]
    .iter()
    .enumerate()
    {
        v.push((
            (*name).to_owned(),
            format!("名字测试 {i}").into_bytes(),
            Expect::Text(format!("名字测试 {i}")),
        ));
    }
    let long = format!("{}.txt", "长".repeat(80));
    v.push((
        long,
        "长名字".as_bytes().to_vec(),
        Expect::Text("长名字".into()),
    ));
}

/// The project's state for comparison: its domain tables and its log.
fn state(p: &Project) -> (String, usize) {
    (p.dump_domain().unwrap(), p.log().unwrap().len())
}

fn import_one(p: &mut Project, path: &Path) -> qcw::import::ImportReport {
    import_paths(
        p,
        &[path.to_owned()],
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[test]
fn hostile_inputs_import_cleanly_or_fail_clearly() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("in");
    std::fs::create_dir(&files).unwrap();
    let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
    let inputs = inputs();
    assert!(inputs.len() >= 200, "only {} inputs", inputs.len());
    let (mut imported, mut failed, mut skipped) = (0, 0, 0);
    for (name, bytes, expect) in &inputs {
        let path = files.join(name);
        std::fs::write(&path, bytes).unwrap();
        let before = state(&p);
        let t = Instant::now();
        let report = import_one(&mut p, &path);
        let took = t.elapsed();
        assert!(took < Duration::from_secs(5), "{name}: took {took:?}");
        if let Some(problem) = report.failed.first() {
            failed += 1;
            assert_eq!(problem.path, path);
            assert!(!problem.reason.trim().is_empty(), "{name}");
            assert!(
                !problem.reason.contains("panicked"),
                "{name}: {}",
                problem.reason
            );
            assert_eq!(
                state(&p),
                before,
                "{name}: project changed by a failed import"
            );
            assert!(
                matches!(expect, Expect::Fail | Expect::Any),
                "{name}: refused: {}",
                problem.reason
            );
        } else if let Some(problem) = report.skipped.first() {
            skipped += 1;
            assert_eq!(problem.path, path);
            assert_eq!(state(&p), before, "{name}");
            assert!(
                matches!(expect, Expect::Skip),
                "{name}: skipped: {}",
                problem.reason
            );
        } else if let Some(doc) = report.imported.first() {
            imported += 1;
            let (_, text) = p.document_text(doc.doc_id).unwrap().unwrap();
            match expect {
                Expect::Text(want) => assert!(&text == want, "{name}: wrong text"),
                Expect::Any => {}
                Expect::Fail | Expect::Skip => panic!("{name}: imported, expected a refusal"),
            }
            // Remove it again, so that later inputs are not duplicates of it.
            p.undo().unwrap();
        } else {
            // Same content as an earlier input (the flips may leave a file unchanged).
            assert_eq!(report.duplicates.len(), 1, "{name}: {report:?}");
        }
    }
    eprintln!(
        "{} hostile inputs: {imported} imported, {failed} refused, {skipped} skipped in {:?}",
        inputs.len(),
        started.elapsed()
    );
    // The same folder through the CLI: no panic message, every error line names its file.
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    let out = qcw(&["import", t.p(), files.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    for line in stderr.lines().filter(|l| l.starts_with("qcw: error: ")) {
        assert!(line.contains(files.to_str().unwrap()), "{line}");
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// Nested paragraphs import in linear time with the right text up to qcw's nesting limit
/// (10 000 levels); 100 000 levels, or a deep document cut short, are refused with a clear error
/// before anything is stored — no stack or counter overflow.
#[test]
fn a_very_deeply_nested_docx_imports_or_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
    let mut times = Vec::new();
    for n in [2_400, 9_600] {
        let open = "<w:p><w:r><w:t>段</w:t></w:r>".repeat(n);
        let path = dir.path().join(format!("deep{n}.docx"));
        std::fs::write(&path, docx(&(open.clone() + &"</w:p>".repeat(n)))).unwrap();
        let t = Instant::now();
        let report = import_one(&mut p, &path);
        times.push(t.elapsed());
        let doc = &report.imported[0];
        let (_, text) = p.document_text(doc.doc_id).unwrap().unwrap();
        assert_eq!(text.lines().count(), n);
        assert!(text.lines().all(|l| l == "段"));
        let cut = dir.path().join(format!("cut{n}.docx"));
        std::fs::write(&cut, docx(&open)).unwrap();
        let before = state(&p);
        let report = import_one(&mut p, &cut);
        let reason = &report.failed[0].reason;
        assert!(
            reason.contains("bad XML") || reason.contains("truncated"),
            "{reason}"
        );
        assert_eq!(state(&p), before);
    }
    eprintln!(
        "nested docx: 2 400 levels {:?}, 9 600 levels {:?}",
        times[0], times[1]
    );
    // Linear: four times the depth, well under sixteen times the time.
    assert!(
        times[1] < times[0] * 10 + Duration::from_millis(200),
        "{times:?}"
    );
    let n = 100_000;
    let deep = "<w:p><w:r><w:t>段</w:t></w:r>".repeat(n) + &"</w:p>".repeat(n);
    let path = dir.path().join("deep100000.docx");
    std::fs::write(&path, docx(&deep)).unwrap();
    let before = state(&p);
    let t = Instant::now();
    let report = import_one(&mut p, &path);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(report.failed[0].path, path);
    let reason = &report.failed[0].reason;
    assert!(reason.contains("more than 10000 levels deep"), "{reason}");
    assert_eq!(state(&p), before);
}

/// Another application's SQLite file stays byte-identical after every write subcommand, with no
/// file left beside it.
#[test]
fn a_foreign_sqlite_file_is_untouched_by_every_write_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('秘密');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let p = path.to_str().unwrap();
    let doc = write(dir.path(), "a.txt", "访谈".as_bytes());
    let d = doc.to_str().unwrap();
    let book = write(dir.path(), "book.csv", "path\n权力\n".as_bytes());
    let cmds: Vec<Vec<&str>> = vec![
        vec!["import", p, d],
        vec!["code", "add", p, "权力"],
        vec!["code", "rename", p, "权力", "权"],
        vec!["code", "move", p, "权力", "--to", "上级"],
        vec!["code", "merge", p, "权力", "资源"],
        vec!["code", "delete", p, "权力"],
        vec!["code", "import", p, book.to_str().unwrap()],
        vec!["code", "apply", p, "a", "0", "1", "权力"],
        vec!["memo", p, "--doc", "a", "备忘"],
        vec!["case", "add", p, "A市"],
        vec!["case", "delete", p, "A市"],
        vec!["case", "link", p, "A市", "a"],
        vec!["attrs", "set", p, "--doc", "a", "k=v"],
        vec!["dict", "add", p, "数据共享"],
        vec!["stopwords", "add", p, "的"],
        vec!["undo", p],
        vec!["redo", p],
        vec!["reindex", p],
        vec!["qdpx", "import", p, d],
        vec!["docs", p],
        vec!["codes", p],
        vec!["export", p, "--evidence", "/nonexistent-dir/e.csv"],
    ];
    for args in &cmds {
        let out = qcw(args);
        assert!(
            !out.status.success(),
            "{args:?} succeeded on a foreign file"
        );
        assert!(
            std::fs::read(&path).unwrap() == before,
            "{args:?} changed the file"
        );
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("other"))
        .collect();
    assert_eq!(names, ["other.db"]);
}
