//! `qcw suggest`: suggestions, their evaluation, accept and reject with undo, on the demo and
//! on Chinese laws from `../shared/data` (each law's 法律责任 chapter is the code).

use crate::util::{TempProject, fails, json, ok, shared_data};
use qcw::command::{Command, execute};
use qcw::store::Project;
use serde_json::Value;

fn demo() -> TempProject {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    t
}

fn items(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array of suggestions")
}

#[test]
fn suggestions_on_the_demo_are_ranked_deterministic_and_quote_the_text() {
    let t = demo();
    let args = ["suggest", t.p(), "--code", "利益/风险分摊", "--limit", "8"];
    let first = json(&args);
    assert_eq!(first, json(&args), "same project, same suggestions");
    let list = items(&first);
    assert_eq!(list.len(), 8);
    let scores: Vec<f64> = list.iter().map(|s| s["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for s in list {
        let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        let shown = json(&[
            "show",
            t.p(),
            s["doc"].as_str().unwrap(),
            "--start",
            &start.to_string(),
            "--end",
            &end.to_string(),
        ]);
        assert_eq!(shown["text"], s["text"], "{s}");
    }
    // Nothing already coded with the code is suggested.
    let coded = json(&["codings", t.p(), "--code", "利益/风险分摊"]);
    for s in list {
        for c in coded.as_array().unwrap() {
            let overlaps = c["doc"] == s["doc"]
                && c["start"].as_u64() < s["end"].as_u64()
                && s["start"].as_u64() < c["end"].as_u64();
            assert!(!overlaps, "{s} overlaps coding {c}");
        }
    }
    let paragraphs = json(&[
        "suggest",
        t.p(),
        "--code",
        "利益/风险分摊",
        "--scope",
        "paragraph",
        "--limit",
        "3",
    ]);
    assert_eq!(items(&paragraphs).len(), 3);
}

#[test]
fn eval_reports_every_code_with_the_baseline() {
    let t = demo();
    let r = json(&["suggest", "eval", t.p(), "--folds", "5"]);
    assert_eq!(r["folds"], 5);
    let codes = r["codes"].as_array().unwrap();
    let risk = codes
        .iter()
        .find(|c| c["code"] == "利益/风险分摊")
        .expect("risk sharing evaluated");
    for side in ["model", "baseline"] {
        for k in ["precision", "recall", "f1", "kappa", "tp", "fp", "fn", "tn"] {
            assert!(risk[side][k].is_number(), "{side}.{k} in {risk}");
        }
        let m = &risk[side];
        let n: u64 = ["tp", "fp", "fn", "tn"]
            .iter()
            .map(|k| m[k].as_u64().unwrap())
            .sum();
        assert_eq!(
            n,
            r["segments"].as_u64().unwrap(),
            "every segment predicted once"
        );
    }
    // A parent code nobody codes directly has no figures, and says why.
    let parent = codes.iter().find(|c| c["code"] == "权力").unwrap();
    assert!(parent["model"].is_null() && parent["note"].is_string());
    assert_eq!(r, json(&["suggest", "eval", t.p(), "--folds", "5"]));
}

#[test]
fn bad_input_is_refused_clearly() {
    let t = demo();
    let before = ok(&["codings", t.p(), "--json"]);
    let err = fails(&["suggest", t.p(), "--code", "没有/这个"]);
    assert!(
        err.contains("没有/这个") && err.contains("no code"),
        "{err}"
    );
    let err = fails(&[
        "suggest",
        t.p(),
        "--code",
        "权力/赋权",
        "--scope",
        "chapter",
    ]);
    assert!(err.contains("chapter"), "{err}");
    let err = fails(&["suggest", "eval", t.p(), "--folds", "1"]);
    assert!(err.contains("2 folds"), "{err}");
    let err = fails(&["suggest", t.p(), "--code", "权力"]);
    assert!(err.contains("no codings to learn from"), "{err}");
    let err = fails(&[
        "suggest",
        "reject",
        t.p(),
        "--code",
        "权力/赋权",
        "--doc",
        "20230819A01",
        "--start",
        "5",
        "--end",
        "999999",
    ]);
    assert!(err.contains("outside document"), "{err}");
    assert_eq!(
        before,
        ok(&["codings", t.p(), "--json"]),
        "project unchanged"
    );
}

#[test]
fn reject_is_remembered_accept_codes_and_both_undo() {
    let t = demo();
    let code = "利益/风险分摊";
    let list = json(&["suggest", t.p(), "--code", code, "--limit", "5"]);
    let top = items(&list)[0].clone();
    let second = items(&list)[1].clone();
    let range = |s: &Value| {
        [
            s["doc"].as_str().unwrap().to_owned(),
            s["start"].to_string(),
            s["end"].to_string(),
        ]
    };
    let [doc, start, end] = range(&top);
    let target = |verb: &'static str, doc: &str, start: &str, end: &str| {
        let p = t.p().to_owned();
        ok(&[
            "suggest", verb, &p, "--code", code, "--doc", doc, "--start", start, "--end", end,
        ])
    };
    target("reject", &doc, &start, &end);
    let after = json(&["suggest", t.p(), "--code", code, "--limit", "5"]);
    assert!(!items(&after).iter().any(|s| range(s) == range(&top)));
    ok(&["undo", t.p()]);
    let undone = json(&["suggest", t.p(), "--code", code, "--limit", "5"]);
    assert_eq!(items(&undone)[0], top, "undo forgets the rejection");

    let [doc2, start2, end2] = range(&second);
    let label = target("accept", &doc2, &start2, &end2);
    assert!(
        label.contains("suggested") && label.contains("model "),
        "{label}"
    );
    let codings = json(&["codings", t.p(), "--code", code]);
    let new = codings
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["doc"] == second["doc"] && c["start"] == second["start"])
        .expect("accepted suggestion coded");
    assert_eq!(new["coder"], "tester");
    let log = json(&["log", t.p()]);
    let last = log.as_array().unwrap().last().unwrap()["label"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        last.contains("suggested") && last.contains("trained on"),
        "{last}"
    );
    ok(&["undo", t.p()]);
    let codings = json(&["codings", t.p(), "--code", code]);
    assert!(
        !codings
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["doc"] == second["doc"] && c["start"] == second["start"])
    );
}

/// `(start, end)` of the 法律责任 chapter of a law, in code points.
fn liability_chapter(text: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut pos = 0;
    let mut start = None;
    for line in lines {
        let len = line.chars().count();
        // Markdown is imported as plain text: a chapter heading is a short line 第…章….
        let l = line.trim_start_matches('#').trim();
        let heading = l.starts_with('第') && l.contains('章') && l.chars().count() < 30;
        if heading && start.is_some() {
            return start.map(|s| (s, pos));
        }
        if heading && line.contains("法律责任") {
            start = Some(pos);
        }
        pos += len + 1;
    }
    start.map(|s| (s, text.chars().count()))
}

#[test]
fn laws_liability_chapters_are_found_in_uncoded_laws() {
    let Some(dir) = shared_data("corpus-zh-laws/行政法") else {
        return;
    };
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    ok(&["import", t.p(), dir.to_str().unwrap(), "--kind", "document"]);
    ok(&["code", "add", t.p(), "法律责任"]);
    let mut project = Project::open(&t.path, "tester").unwrap();
    let code_id = project.codes().unwrap()[0].id;
    let mut chapters = Vec::new();
    for (id, _, _, text) in project.document_texts().unwrap() {
        if let Some(range) = liability_chapter(&text) {
            chapters.push((id, range));
        }
    }
    assert!(
        chapters.len() >= 10,
        "{} laws with a 法律责任 chapter",
        chapters.len()
    );
    let coded = chapters.len() * 3 / 5;
    let commands = chapters[..coded]
        .iter()
        .map(|&(doc_id, (start, end))| Command::ApplyCoding {
            doc_id,
            start,
            end,
            code_id,
            coder: "tester".into(),
            memo: String::new(),
        })
        .collect();
    execute(
        &mut project,
        &Command::Batch {
            label: "code chapters".into(),
            commands,
        },
    )
    .unwrap();
    drop(project);

    let list = json(&["suggest", t.p(), "--code", "法律责任", "--limit", "20"]);
    let docs = json(&["docs", t.p()]);
    let id_of = |name: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let inside = items(&list)
        .iter()
        .filter(|s| {
            let doc = id_of(s["doc"].as_str().unwrap());
            let start = s["start"].as_u64().unwrap() as usize;
            chapters[coded..]
                .iter()
                .any(|&(d, (a, b))| d == doc && a <= start && start < b)
        })
        .count();
    eprintln!("{inside} of 20 suggestions in the liability chapters of uncoded laws");
    assert!(
        inside >= 14,
        "{inside} of 20 suggestions in uncoded liability chapters"
    );

    let r = json(&["suggest", "eval", t.p()]);
    let c = &r["codes"][0];
    eprintln!("laws eval: {c}");
    assert!(c["model"]["kappa"].as_f64().unwrap() > 0.5, "{c}");
}
