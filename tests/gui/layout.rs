//! Selection geometry: egui cursors and screen positions ↔ document code points, exact for CJK,
//! emoji and characters outside the BMP.

use crate::util::{codings_of, harness_with};
use egui::text::CCursor;
use egui::{Color32, RawInput, vec2};
use qcw::app::reader_layout::{DocLayout, LayoutKey, cursor_to_doc_pos, doc_pos_to_cursor};
use qcw::app::{Lang, fonts};
use qcw::command::{Command, NewDocument, execute};
use qcw::model::DocKind;
use qcw::text::char_slice;

const TEXT: &str = "a𠀀中😀b，好\n\n第二段𠀁文字😀🎉结束";

fn with_layout(text: &str, width: f32, f: impl FnOnce(&DocLayout)) {
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    let mut f = Some(f);
    let mut out = ctx.run_ui(RawInput::default(), |_| {
        let key = LayoutKey {
            doc_id: 1,
            chars: text.chars().count(),
            text_stamp: 0,
            width,
            font_size: 18.0,
            pixels_per_point: 1.0,
            color: Color32::BLACK,
        };
        let layout = DocLayout::build(&ctx, text, key);
        if let Some(f) = f.take() {
            f(&layout);
        }
    });
    out.textures_delta.clear();
    assert!(f.is_none(), "the layout callback never ran");
}

#[test]
fn cursor_index_is_a_code_point_offset() {
    with_layout(TEXT, 600.0, |layout| {
        assert_eq!(layout.paras.len(), 3);
        let second = &layout.paras[2];
        assert_eq!(second.start, "a𠀀中😀b，好\n\n".chars().count());
        // egui's CCursor counts chars; the document position is paragraph start + index.
        assert_eq!(cursor_to_doc_pos(second, CCursor::new(3)), second.start + 3);
        assert_eq!(doc_pos_to_cursor(second, second.start + 4), CCursor::new(4));
        // Past the end of a paragraph clamps to its end (the newline position).
        assert_eq!(cursor_to_doc_pos(&layout.paras[0], CCursor::new(99)), 7);
        assert_eq!(char_slice(TEXT, 1, 4), "𠀀中😀");
        assert_eq!(char_slice(TEXT, second.start + 3, second.start + 4), "𠀁");
    });
}

#[test]
fn every_character_maps_back_to_its_code_point() {
    let chars: Vec<char> = TEXT.chars().collect();
    with_layout(TEXT, 600.0, |layout| {
        for (i, ch) in chars.iter().enumerate() {
            if *ch == '\n' {
                continue;
            }
            let mut rects = Vec::new();
            layout.range_rects(i, i + 1, &mut rects);
            assert_eq!(rects.len(), 1, "char {i} {ch:?} has one rect");
            let r = rects[0];
            assert_eq!(
                layout.char_at(r.center().to_vec2()),
                Some(i),
                "char {i} {ch:?}"
            );
            // Left part of the glyph: the boundary before it; right part: after it.
            assert_eq!(
                layout.pos_at(r.left_center().to_vec2() + vec2(0.5, 0.0)),
                i,
                "before {ch:?}"
            );
            assert_eq!(
                layout.pos_at(r.right_center().to_vec2() - vec2(0.5, 0.0)),
                i + 1,
                "after {ch:?}"
            );
        }
    });
}

#[test]
fn wrapped_rows_keep_code_points() {
    let text = "一二三四五六七八九十😀𠀀甲乙丙丁戊己庚辛壬癸".repeat(6);
    with_layout(&text, 90.0, |layout| {
        let galley = &layout.paras[0].galley;
        assert!(galley.rows.len() > 3, "the paragraph wraps");
        let n = text.chars().count();
        let mut rects = Vec::new();
        layout.range_rects(0, n, &mut rects);
        assert_eq!(rects.len(), galley.rows.len(), "one rect per row");
        for i in (0..n).step_by(7) {
            let mut r = Vec::new();
            layout.range_rects(i, i + 1, &mut r);
            assert_eq!(layout.char_at(r[0].center().to_vec2()), Some(i));
        }
    });
}

#[test]
fn mouse_selection_over_emoji_and_non_bmp_text_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emoji.qcw");
    let mut project =
        qcw::project::create_project(&path, qcw::codebook::Template::Piv, "t").unwrap();
    let doc = NewDocument {
        name: "表情".into(),
        kind: DocKind::Interview,
        text: TEXT.into(),
        sha256: qcw::text::sha256_hex(TEXT.as_bytes()),
        source_path: String::new(),
        format: "txt".into(),
        attributes: Default::default(),
        cases: Vec::new(),
    };
    let doc_id = execute(&mut project, &Command::ImportDocument(Box::new(doc)))
        .unwrap()
        .ids[0];
    drop(project);
    // 𠀀 and 𠀁 are outside every bundled font: allow tofu.
    let mut h = harness_with(&path, Lang::Zh, true);
    h.run();
    assert_eq!(
        h.state().state.view.doc,
        Some(doc_id),
        "the only document opens"
    );
    // Drag from before 𠀀 (code point 1) to after 😀 (code point 3, ends at 4).
    let from = h.state().reader_char_rect(1).unwrap().left_center() + vec2(1.0, 0.0);
    let to = h.state().reader_char_rect(3).unwrap().right_center() - vec2(1.0, 0.0);
    h.hover_at(from);
    h.drag_at(from);
    h.hover_at(to);
    h.drop_at(to);
    h.run();
    let sel = h.state().state.view.selection.expect("selected");
    assert_eq!(sel.range(), (1, 4));
    // The reader has keyboard focus: Shift+Right extends by one code point (over 'b').
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(
        h.state().state.view.selection.map(|s| s.range()),
        Some((1, 5))
    );
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(
        h.state().state.view.selection.map(|s| s.range()),
        Some((1, 4))
    );
    let key1 = h.state().number_keys()[0];
    h.key_press(egui::Key::Num1);
    h.run();
    let c = codings_of(&h, doc_id)
        .into_iter()
        .find(|c| c.code_id == key1)
        .expect("coded");
    assert_eq!((c.start, c.end, c.text.as_str()), (1, 4, "𠀀中😀"));
}
