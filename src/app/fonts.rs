//! Fonts: the bundled WenQuanYi Micro Hei (文泉驿微米黑) as a fallback for every font family, so
//! Chinese renders everywhere, in the app and in headless tests alike.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The bundled CJK font (a TrueType collection; face 0 is the proportional Micro Hei).
static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// Name of the CJK font in egui's font definitions.
pub const CJK_FONT_NAME: &str = "wqy-microhei";

/// The default font definitions plus the CJK font as the last fallback of every family.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(FontData::from_blob(Arc::new(CJK_FONT), 0)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    // Named families (if any) also fall back to the CJK font.
    for (family, list) in &mut fonts.families {
        if !matches!(family, FontFamily::Proportional | FontFamily::Monospace)
            && !list.iter().any(|f| f == CJK_FONT_NAME)
        {
            list.push(CJK_FONT_NAME.to_owned());
        }
    }
    fonts
}

/// Installs [`font_definitions`] into `ctx`. Used by the app at start-up and by the GUI tests.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}
