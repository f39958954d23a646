//! Text utilities. qcw stores positions as Unicode code-point offsets `[start, end)`; byte
//! offsets (tantivy, egui galleys) and UTF-16 offsets are converted here, at the edges.

use sha2::{Digest as _, Sha256};

/// Number of code points in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte offset of code point `index` (or `text.len()` when `index` is at or past the end).
pub fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(byte, _)| byte)
}

/// Code-point index of byte offset `byte` (which should be a char boundary; otherwise the index
/// of the char containing it).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices().take_while(|(b, _)| *b < byte).count()
}

/// The characters `[start, end)` of `text` (clamped to its length).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let Some(from) = it.nth(start) else {
        return "";
    };
    let to = if end > start {
        it.nth(end - start - 1).unwrap_or(text.len())
    } else {
        from
    };
    &text[from..to]
}

/// Maps code-point offsets to byte offsets for one text, in O(1) per lookup after O(n) setup.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `bytes[i]` = byte offset of code point `i`; last entry = text length.
    bytes: Vec<usize>,
}

impl CharIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of code point `index` (clamped).
    pub fn byte(&self, index: usize) -> usize {
        self.bytes[index.min(self.len())]
    }

    /// Code-point index of byte offset `byte` (the char containing it).
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Paragraph ranges (code points) of `text`: maximal runs between `\n` characters, empty lines
/// skipped.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for ch in text.chars() {
        if ch == '\n' {
            if pos > start {
                out.push((start, pos));
            }
            start = pos + 1;
        }
        pos += 1;
    }
    if pos > start {
        out.push((start, pos));
    }
    out
}

/// Sentence ranges (code points): split after 。！？!?；; and newlines, trimming nothing.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for ch in text.chars() {
        pos += 1;
        if matches!(ch, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n') {
            if pos > start {
                out.push((start, pos));
            }
            start = pos;
        }
    }
    if pos > start {
        out.push((start, pos));
    }
    out
}

/// Bytes that are not valid text in the Unicode encoding they declare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid {encoding} text")]
pub struct NotUnicode {
    /// The encoding the bytes were read as (`UTF-8`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: &'static str,
}

/// Strictly decodes Unicode text: UTF-8 with or without a BOM, or UTF-16 with a BOM (as XML and
/// REFI-QDA parts are written). The BOM is removed; any invalid sequence is an error.
pub fn decode_unicode(bytes: &[u8]) -> Result<String, NotUnicode> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) => (enc, &bytes[bom..]),
        None => (encoding_rs::UTF_8, bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(NotUnicode {
            encoding: encoding.name(),
        });
    }
    Ok(text.into_owned())
}

/// The character that replaces each redacted code point.
pub const PLACEHOLDER: char = '＊';

/// `text` with every code point of `[start, end)` replaced by [`PLACEHOLDER`], except line
/// breaks, which stay so that paragraphs do not merge. The result has exactly as many code
/// points as `text`. `None` if the range is empty or outside the text.
pub fn redacted(text: &str, start: usize, end: usize) -> Option<String> {
    if start >= end || end > text.chars().count() {
        return None;
    }
    Some(
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                if (start..end).contains(&i) && c != '\n' && c != '\r' {
                    PLACEHOLDER
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_on_non_bmp_text() {
        let t = "a𠀀中😀b";
        assert_eq!(char_len(t), 5);
        assert_eq!(char_slice(t, 1, 2), "𠀀");
        assert_eq!(char_slice(t, 3, 5), "😀b");
        assert_eq!(char_slice(t, 5, 5), "");
        assert_eq!(char_slice(t, 4, 99), "b");
        let idx = CharIndex::new(t);
        for i in 0..=5 {
            assert_eq!(idx.byte(i), char_to_byte(t, i));
            assert_eq!(idx.char_of_byte(idx.byte(i)), i);
            assert_eq!(byte_to_char(t, char_to_byte(t, i)), i);
        }
        assert_eq!(idx.char_of_byte(2), 1, "inside 𠀀");
    }

    #[test]
    fn paragraphs_and_sentences() {
        let t = "第一段。第二句！\n\n第二段";
        assert_eq!(paragraphs(t), vec![(0, 8), (10, 13)]);
        assert_eq!(
            sentences(t),
            vec![(0, 4), (4, 8), (8, 9), (9, 10), (10, 13)]
        );
    }

    #[test]
    fn unicode_decoding_is_strict_and_drops_the_bom() {
        assert_eq!(decode_unicode("\u{feff}甲𠮷".as_bytes()).unwrap(), "甲𠮷");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("乙\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_unicode(&utf16).unwrap(), "乙\r\n");
        assert_eq!(decode_unicode(b"ab\xffc").unwrap_err().encoding, "UTF-8");
        let odd = [0xFE, 0xFF, 0xD8, 0x00];
        assert_eq!(decode_unicode(&odd).unwrap_err().encoding, "UTF-16BE");
    }

    #[test]
    fn sha256_of_empty() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
