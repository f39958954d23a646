//! The codebook: templates (PIV) and code-path lookup over a loaded codebook.

mod template;

pub use template::{Template, template_command};

use crate::model::Code;

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
