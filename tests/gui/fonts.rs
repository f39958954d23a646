//! Font coverage: every UI string (both languages) and every character of the demo corpus has a
//! glyph in the installed fonts, except those no bundled font has (see [`no_font_expected`]),
//! which are drawn as boxes.

use egui::{FontId, RawInput};
use qcw::app::i18n::{ALL_MSGS, tr};
use qcw::app::{Lang, fonts};
use std::path::Path;

/// Characters no bundled font has: outside the BMP (CJK Ext. B, emoji), variation selectors,
/// and the emoji-like symbols of U+2600–U+27BF (⚠). Enabling egui's `monochrome_emoji_fonts`
/// feature would cover the emoji and symbols.
fn no_font_expected(c: char) -> bool {
    let u = c as u32;
    u > 0xFFFF || (0xFE00..=0xFE0F).contains(&u) || (0x2600..=0x27BF).contains(&u)
}

fn missing(text: &str, ctx: &egui::Context) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    ctx.fonts_mut(|f| {
        for font in [FontId::proportional(14.0), FontId::monospace(14.0)] {
            for c in text.chars() {
                let drawable = c.is_control() || no_font_expected(c) || f.has_glyph(&font, c);
                if !drawable && !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    });
    out
}

fn corpus(dir: &Path, out: &mut String) {
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = entry.unwrap();
        if !entry.file_type().is_dir()
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            out.push_str(&text);
        }
    }
}

#[test]
fn ui_strings_and_demo_corpus_have_glyphs() {
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    let mut out = ctx.run_ui(RawInput::default(), |_| {});
    out.textures_delta.clear();
    let mut ui_text = String::new();
    for &m in ALL_MSGS {
        ui_text.push_str(tr(Lang::Zh, m));
        ui_text.push_str(tr(Lang::En, m));
    }
    assert_eq!(missing(&ui_text, &ctx), Vec::<char>::new(), "UI strings");
    let mut demo = String::new();
    corpus(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo"),
        &mut demo,
    );
    assert!(demo.chars().count() > 10_000);
    assert_eq!(missing(&demo, &ctx), Vec::<char>::new(), "demo corpus");
}
