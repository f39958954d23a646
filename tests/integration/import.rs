//! Import of every supported format through the library pipeline, with fixtures written here.

use crate::util::write;
use qcw::import::{ImportOptions, ImportReport, import_paths};
use qcw::store::Project;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

fn import(files: &[PathBuf]) -> (tempfile::TempDir, Project, ImportReport) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
    let report = import_paths(
        &mut p,
        files,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    (dir, p, report)
}

fn text_of(p: &Project, name: &str) -> String {
    let id = p
        .find_document(name)
        .unwrap()
        .unwrap_or_else(|| panic!("no document {name}"));
    p.document_text(id).unwrap().unwrap().1
}

/// A minimal .docx with two paragraphs and a 2×2 table.
pub fn make_docx() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>问：平台</w:t></w:r><w:r><w:t xml:space="preserve"> 谁牵头？</w:t></w:r></w:p>
<w:p><w:r><w:t>答：应急局&amp;安委办</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>城市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>结果</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>A市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>运转有效</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>完</w:t></w:r></w:p></w:body></w:document>"#.as_bytes()).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn text_encodings_and_line_endings_are_normalized_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zh = "应急管理局负责监测预警平台的建设。\n数据共享机制尚未建立，部门之间的协调依靠安委办。";
    let (gbk, _, _) = encoding_rs::GBK.encode(zh);
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(zh.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend("大端序文本".encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend("带BOM的文本".as_bytes());
    let files = vec![
        write(d, "gbk.txt", &gbk),
        write(d, "utf16le.txt", &utf16le),
        write(d, "utf16be.txt", &utf16be),
        write(d, "bom8.md", &bom8),
        write(d, "crlf.txt", "第一行\r\n第二行\r第三行\r\n".as_bytes()),
        write(
            d,
            "nonbmp.txt",
            "𠀀字😀表情\u{1F468}\u{200D}\u{1F469}".as_bytes(),
        ),
        write(d, "doc.docx", &make_docx()),
    ];
    let (_t, p, report) = import(&files);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.imported.len(), 7);
    assert_eq!(text_of(&p, "gbk"), zh);
    assert_eq!(text_of(&p, "utf16le"), zh);
    assert_eq!(text_of(&p, "utf16be"), "大端序文本");
    assert_eq!(text_of(&p, "bom8"), "带BOM的文本");
    assert_eq!(text_of(&p, "crlf"), "第一行\n第二行\n第三行\n");
    assert_eq!(text_of(&p, "nonbmp").chars().count(), 8);
    let docx = text_of(&p, "doc");
    assert_eq!(
        docx,
        "问：平台 谁牵头？\n答：应急局&安委办\n城市\t结果\nA市\t运转有效\n完"
    );
}

#[test]
fn markdown_is_imported_as_plain_text_and_a_comment_only_file_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let md = "<!-- 转录：已匿名 -->\n## 访谈 A01\n\n问：**平台**怎么样？\n\n- 数据对接慢\n- 部门*配合*\n";
    let files = vec![
        write(d, "a01.md", md.as_bytes()),
        write(d, "note.md", b"<!-- only a comment -->\n"),
    ];
    let (_t, p, report) = import(&files);
    assert_eq!(report.imported.len(), 1, "{:?}", report.failed);
    assert_eq!(
        text_of(&p, "a01"),
        "访谈 A01\n\n问：平台怎么样？\n\n• 数据对接慢\n• 部门配合\n"
    );
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].path, files[1]);
    assert!(
        report.failed[0].reason.contains("empty"),
        "{:?}",
        report.failed
    );
}

#[test]
fn bad_files_are_reported_by_path_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let files = vec![
        write(d, "empty.txt", b""),
        write(d, "blank.txt", b"  \n\t \n"),
        write(d, "junk.txt", &junk),
        write(d, "corrupt.docx", b"PK\x03\x04 this is not really a zip"),
        write(d, "ok.txt", "正常文件".as_bytes()),
    ];
    let (_t, p, report) = import(&files);
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.failed.len(), 4, "{:?}", report.failed);
    for f in &report.failed {
        assert!(!f.reason.is_empty());
        assert!(files.contains(&f.path));
    }
    assert_eq!(p.documents().unwrap().len(), 1);
    assert_eq!(p.log().unwrap().len(), 1, "failed files leave no history");
}

#[test]
fn same_stem_gets_a_unique_name_and_folders_are_walked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("a/b")).unwrap();
    write(&d.join("a"), "访谈.txt", "一".as_bytes());
    write(&d.join("a/b"), "访谈.txt", "二".as_bytes());
    write(&d.join("a/b"), "访谈.md", "三".as_bytes());
    write(&d.join("a/b"), "notes.xyz", b"skip me");
    let (_t, p, report) = import(&[d.join("a")]);
    assert_eq!(report.imported.len(), 3);
    assert_eq!(report.skipped.len(), 1);
    let names: Vec<String> = p.documents().unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(names, vec!["访谈", "访谈-2", "访谈-3"]);
}

#[test]
fn project_fixtures_import_or_fail_clearly() {
    let dir = crate::util::fixtures().join("formats");
    let (_t, p, report) = import(&[dir]);
    let names = |paths: Vec<&std::path::Path>| -> Vec<String> {
        let mut v: Vec<String> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(report.imported.iter().map(|d| d.path.as_path()).collect()),
        [
            "crlf.txt",
            "gbk.txt",
            "hello.pdf",
            "nonbmp.txt",
            "simple.odt",
            "table.docx",
            "utf16be_bom.txt",
            "utf16le_bom.txt",
            "utf8_bom.txt",
        ]
    );
    assert_eq!(
        names(report.failed.iter().map(|f| f.path.as_path()).collect()),
        [
            "corrupt.docx",
            "corrupt_no_mediabox.pdf",
            "empty.txt",
            "junk.bin.txt",
            "no_text.pdf",
        ],
        "{:?}",
        report.failed
    );
    for f in &report.failed {
        assert!(
            f.reason.len() > 10,
            "unclear reason for {:?}: {}",
            f.path,
            f.reason
        );
    }
    assert_eq!(
        names(report.skipped.iter().map(|f| f.path.as_path()).collect()),
        ["generate.py"]
    );
    assert!(report.duplicates.is_empty(), "{:?}", report.duplicates);
    assert_eq!(p.documents().unwrap().len(), report.imported.len());
}

/// Links back to the folder (`self -> .`, `up -> ..`), a link to a sibling folder, to a file beside
/// it and a dangling one: the walk ends and every file is imported once, from its real path; hidden
/// entries are left out.
#[cfg(unix)]
#[test]
fn a_folder_with_symlink_loops_imports_each_file_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::create_dir_all(a.join("b")).unwrap();
    std::fs::create_dir_all(a.join(".hidden")).unwrap();
    write(&a, "x.txt", "甲".as_bytes());
    write(&a.join("b"), "y.txt", "乙".as_bytes());
    write(&a.join(".hidden"), "z.txt", "丙".as_bytes());
    write(&a, "~$lock.txt", "丁".as_bytes());
    symlink(".", a.join("self")).unwrap();
    symlink("..", a.join("b/up")).unwrap();
    symlink("b", a.join("alias")).unwrap();
    symlink("../x.txt", a.join("b/x-again.txt")).unwrap();
    symlink("nowhere", a.join("dangling.txt")).unwrap();

    let files = qcw::import::collect_files(std::slice::from_ref(&a)).unwrap();
    assert_eq!(files, [a.join("b/y.txt"), a.join("x.txt")]);

    let (_t, p, report) = import(std::slice::from_ref(&a));
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert!(report.duplicates.is_empty(), "{:?}", report.duplicates);
    let skipped: Vec<&PathBuf> = report.skipped.iter().map(|s| &s.path).collect();
    assert_eq!(
        skipped,
        [
            &a.join(".hidden"),
            &a.join("dangling.txt"),
            &a.join("~$lock.txt")
        ]
    );
    let mut names: Vec<String> = p.documents().unwrap().into_iter().map(|d| d.name).collect();
    names.sort();
    assert_eq!(names, ["x", "y"]);
    assert_eq!(text_of(&p, "x"), "甲");
}

/// A link out of the imported folder is not followed — reported as skipped — while the folder
/// itself may be reached through a link.
#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_skipped_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let (a, outside) = (dir.path().join("a"), dir.path().join("outside"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(outside.join("sub")).unwrap();
    write(&a, "in.txt", "内".as_bytes());
    write(&outside, "secret.txt", "外".as_bytes());
    write(&outside.join("sub"), "deep.txt", "深".as_bytes());
    symlink("../outside", a.join("out")).unwrap();
    symlink("../outside/secret.txt", a.join("secret.txt")).unwrap();
    symlink("a", dir.path().join("via-link")).unwrap();

    for root in [a.clone(), dir.path().join("via-link")] {
        let files = qcw::import::collect_files(std::slice::from_ref(&root)).unwrap();
        assert_eq!(files, [root.join("in.txt")]);
        let (_t, p, report) = import(std::slice::from_ref(&root));
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        let names: Vec<String> = p.documents().unwrap().into_iter().map(|d| d.name).collect();
        assert_eq!(names, ["in"]);
        let skipped: Vec<&PathBuf> = report.skipped.iter().map(|s| &s.path).collect();
        assert_eq!(skipped, [&root.join("out"), &root.join("secret.txt")]);
        for s in &report.skipped {
            assert!(s.reason.contains("out of the imported folder"), "{s:?}");
        }
    }
}
