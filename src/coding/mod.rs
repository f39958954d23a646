//! The codebook: colours, templates, code-path lookup and the default coder name.

mod template;

pub use template::{Template, template_command};

use crate::model::Code;

/// A palette of distinguishable highlight colours, used in turn for new codes.
pub const PALETTE: [&str; 12] = [
    "#E6194B", "#3CB44B", "#4363D8", "#F58231", "#911EB4", "#42D4F4", "#F032E6", "#BFEF45",
    "#FABED4", "#469990", "#DCBEFF", "#9A6324",
];

/// The `n`-th palette colour (cycling).
pub fn palette_color(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}

/// Finds a code by its full path (`权力/借力`), tolerating blanks around `/`.
pub fn find_code<'a>(codes: &'a [Code], path: &str) -> Option<&'a Code> {
    let wanted: Vec<&str> = path.split('/').map(str::trim).collect();
    codes
        .iter()
        .find(|c| c.path.split('/').eq(wanted.iter().copied()))
}

/// Ids of `code_id` and all its descendants.
pub fn descendants(codes: &[Code], code_id: i64) -> Vec<i64> {
    let mut out = vec![code_id];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            codes
                .iter()
                .filter(|c| c.parent_id == Some(parent))
                .map(|c| c.id),
        );
        i += 1;
    }
    out
}

/// The coder name to use when none is given: `$QCW_CODER`, else the OS user name, else `coder`.
pub fn default_coder() -> String {
    ["QCW_CODER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .map_or_else(|| "coder".to_owned(), |s| s.trim().to_owned())
}
