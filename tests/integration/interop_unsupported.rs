//! Nothing is dropped silently: sets, links, graphs, picture/audio/video sources and PDF region
//! selections are reported one line each with counts; a PDF's plain-text representation is
//! imported as its document with its codings.

use crate::interop::{refi, texts, zip_files};
use crate::util::json;
use qcw::interop::{Skipped, import_qdpx};
use qcw::store::CodingFilter;

const U: &str = "00000000-0000-0000-0000-000000000001";
const CODE: &str = "00000000-0000-0000-0000-000000000002";

fn coding() -> String {
    format!("<Coding guid=\"{{g}}\" creatingUser=\"{U}\"><CodeRef targetGUID=\"{CODE}\"/></Coding>")
}

/// A project with every kind of thing qcw does not import, and a PDF with a text representation.
fn qde() -> String {
    let c = coding();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="mixed" origin="ATLAS.ti 9">
<Users><User guid="{U}" name="Ana"/></Users>
<CodeBook><Codes><Code guid="{CODE}" name="granola" isCodable="true"/></Codes></CodeBook>
<Sources>
 <PDFSource guid="10000000-0000-0000-0000-000000000001" name="recipe.pdf" path="internal://recipe.pdf">
  <PDFSelection guid="10000000-0000-0000-0000-000000000002" page="0" firstX="1" firstY="1" secondX="9" secondY="9">{c}</PDFSelection>
  <Representation guid="10000000-0000-0000-0000-000000000003" plainTextPath="internal://rep.txt">
   <PlainTextSelection guid="10000000-0000-0000-0000-000000000004" startPosition="13" endPosition="20">{c}</PlainTextSelection>
  </Representation>
 </PDFSource>
 <PDFSource guid="10000000-0000-0000-0000-000000000005" name="scan.pdf" path="internal://scan.pdf"/>
 <PictureSource guid="20000000-0000-0000-0000-000000000001" name="photo.jpg" path="internal://photo.jpg">
  <PictureSelection guid="20000000-0000-0000-0000-000000000002" firstX="1" firstY="1" secondX="2" secondY="2">{c}{c}</PictureSelection>
 </PictureSource>
 <AudioSource guid="30000000-0000-0000-0000-000000000001" name="talk.m4a" path="relative:///talk.m4a"/>
 <VideoSource guid="40000000-0000-0000-0000-000000000001" name="ad.mp4" path="relative:///ad.mp4">
  <Transcript guid="40000000-0000-0000-0000-000000000002" plainTextPath="internal://t.txt">
   <TranscriptSelection guid="40000000-0000-0000-0000-000000000003" fromSyncPoint="a" toSyncPoint="b">{c}</TranscriptSelection>
  </Transcript>
  <VideoSelection guid="40000000-0000-0000-0000-000000000004" begin="1" end="2">{c}</VideoSelection>
  <VideoSelection guid="40000000-0000-0000-0000-000000000005" begin="3" end="4"/>
 </VideoSource>
</Sources>
<Links><Link guid="50000000-0000-0000-0000-000000000001" name="Memo-Quotation" direction="OneWay" originGUID="A" targetGUID="B"/></Links>
<Sets>
 <Set guid="60000000-0000-0000-0000-000000000001" name="PDFs"><MemberSource targetGUID="10000000-0000-0000-0000-000000000001"/><MemberSource targetGUID="10000000-0000-0000-0000-000000000005"/><MemberCode targetGUID="{CODE}"/></Set>
</Sets>
</Project>"#
    )
    .replace("{g}", "70000000-0000-0000-0000-000000000001")
}

fn line<'a>(skipped: &'a [Skipped], what: &str) -> &'a Skipped {
    skipped
        .iter()
        .find(|k| k.what == what)
        .unwrap_or_else(|| panic!("no line for {what}: {skipped:#?}"))
}

#[test]
fn every_unsupported_thing_is_a_line_and_pdf_text_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mixed.qdpx");
    let x = qde();
    let rep = "Pay de Limón\r\ngranola y miel";
    zip_files(
        &file,
        &[
            ("project.qde", x.as_bytes()),
            ("sources/rep.txt", rep.as_bytes()),
        ],
    );
    let mut p = crate::interop::empty_project(dir.path(), "p.qcw");
    let s = import_qdpx(&mut p, &file, "t").unwrap();
    // The PDF's representation is its document; its text coding quotes "granola" (ATLAS.ti:
    // CRLF as one position).
    assert_eq!(s.documents, 1);
    assert_eq!(texts(&p)["recipe.pdf"], "Pay de Limón\ngranola y miel");
    let quotes: Vec<String> = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(quotes, ["granola"]);
    let k = &s.skipped;
    assert!(
        line(k, "PDFSource \"recipe.pdf\"")
            .reason
            .contains("1 region selection with 1 coding")
    );
    assert!(
        line(k, "PDFSource \"scan.pdf\"")
            .reason
            .contains("no plain-text representation")
    );
    assert!(
        line(k, "PictureSource \"photo.jpg\"")
            .reason
            .contains("1 selection, 2 codings")
    );
    assert!(
        line(k, "AudioSource \"talk.m4a\"")
            .reason
            .contains("0 selections, 0 codings")
    );
    assert!(
        line(k, "VideoSource \"ad.mp4\"")
            .reason
            .contains("3 selections, 2 codings, 1 transcript")
    );
    assert!(
        line(k, "Link \"Memo-Quotation\"")
            .reason
            .contains("from A to B")
    );
    // The set's imported documents became a group; its code is reported.
    // (source …05 is not imported, so it is reported with the code).
    let reason = &line(k, "Set \"PDFs\"").reason;
    assert!(reason.starts_with("1 document, 1 code:"), "{reason}");
    let pdfs = p.groups().unwrap();
    assert_eq!(pdfs.len(), 1);
    assert_eq!((pdfs[0].name.as_str(), pdfs[0].docs.len()), ("PDFs", 1));
    // The CLI's JSON carries the same lines.
    let q = dir.path().join("q.qcw");
    crate::util::ok(&["new", q.to_str().unwrap(), "--template", "empty"]);
    let j = json(&[
        "qdpx",
        "import",
        q.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    let whats: Vec<&str> = j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["what"].as_str().unwrap())
        .collect();
    assert_eq!(whats.len(), k.len());
    assert!(whats.contains(&"Set \"PDFs\""), "{whats:?}");
}

#[test]
fn real_exports_report_their_sets_links_and_media() {
    if let Some(file) = refi("paper_themes_maxqda/ICLS_Conf_Themes_ALL_just10.qdpx") {
        let dir = tempfile::tempdir().unwrap();
        let mut p = crate::interop::empty_project(dir.path(), "m.qcw");
        let s = import_qdpx(&mut p, &file, "t").unwrap();
        // Sets of sources become document groups (REFI-QDA Sets ↔ groups), nothing reported.
        assert!(!s.skipped.iter().any(|k| k.what.starts_with("Set ")));
        let groups = p.groups().unwrap();
        for set in ["ICLS 2024", "ICLS 2025"] {
            let g = groups.iter().find(|g| g.name == set).expect(set);
            assert_eq!(g.docs.len(), 5, "{set}");
        }
    }
    if let Some(qde) = refi("skyloom_atlasti/Project.qde") {
        let dir = tempfile::tempdir().unwrap();
        let mut p = crate::interop::empty_project(dir.path(), "a.qcw");
        let s = import_qdpx(&mut p, &qde, "t").unwrap();
        let k = &s.skipped;
        // The bare .qde has no source texts: no document is imported, so the whole set is
        // reported and no group is made.
        assert!(
            line(k, "Set \"Text files\"")
                .reason
                .starts_with("6 documents")
        );
        assert!(p.groups().unwrap().is_empty());
        assert!(
            line(k, "Link \"Memo-Quotation Relation\"")
                .reason
                .contains("no links")
        );
        assert!(
            line(k, "PictureSource \"cornflakes-n-milk.jpg\"")
                .reason
                .contains("1 selection, 2 codings")
        );
        assert!(
            line(k, "VideoSource \"1994 Diet Coke-Diet Coke Break.mp4\"")
                .reason
                .contains("2 selections, 1 coding, 1 transcript")
        );
        assert!(
            // The file spells the name decomposed (o + U+0301).
            line(
                k,
                "PDFSource \"Pay de Limo\u{301}n con Base de Granola | Kellogg's ®.pdf\""
            )
            .reason
            .contains("4 region selections with 4 codings")
        );
        assert!(k.iter().any(|l| l.what.starts_with("AudioSource")));
    }
}
