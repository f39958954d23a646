//! Text extraction from the document formats qcw can import.
//!
//! [`extract`] turns the raw bytes of one file into plain text:
//!
//! * **txt / md** — encoding detection (BOM, UTF-8, BOM-less UTF-16, then
//!   `chardetng` for legacy encodings such as GBK/GB18030 or Big5); binary
//!   files are rejected. Markdown is then turned into plain text
//!   (`pulldown-cmark`: markup and HTML comments dropped, text kept).
//! * **docx** — `word/document.xml`: one line per paragraph, one line per
//!   table row (cells separated by `\t`), tracked deletions skipped;
//!   optionally footnotes.
//! * **odt** — `content.xml`: same line model as docx; annotations and
//!   tracked changes skipped.
//! * **pdf** — `pdf-extract`, with panics caught and blank-line runs tidied.
//!
//! Every successful result has already been passed through [`normalize`].
//! Errors carry human-readable messages; the caller prefixes the file path.

mod docx;
mod layout;
mod markdown;
mod odt;
mod pdf;
mod text;
mod xml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fixtures;

use std::path::Path;

/// Text extracted from one file, already passed through [`normalize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The extracted text (LF line endings, no BOM).
    pub text: String,
    /// The format the text was extracted as.
    pub format: Format,
    /// For txt/md: the detected character encoding, as named by
    /// `encoding_rs` (e.g. `"UTF-8"`, `"UTF-16LE"`, `"GBK"`). `None` for
    /// container formats (docx, odt, pdf).
    pub encoding: Option<&'static str>,
    /// What the reader should check (txt/md): replacement characters from decoding, an encoding
    /// other than UTF-8, a guess of low confidence, a file that mixes encodings.
    pub warnings: Vec<String>,
}

/// A supported import format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt`, `.text`).
    Txt,
    /// Markdown (`.md`, `.markdown`); imported as plain text, markup and HTML dropped.
    Markdown,
    /// Office Open XML word-processing document (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// Portable Document Format (`.pdf`), text layer only (no OCR).
    Pdf,
}

impl Format {
    /// Guesses the format from the file extension (case-insensitive).
    ///
    /// Returns `None` for unsupported or missing extensions.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            "odt" => Some(Format::Odt),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// A short, stable, lower-case name (`"txt"`, `"md"`, `"docx"`, `"odt"`,
    /// `"pdf"`), suitable for display and for storing in the database.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }
}

/// Options for [`extract`].
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Append footnote texts after the body text (docx: `word/footnotes.xml`;
    /// odt: `text:note` bodies). Off by default: footnotes are then dropped.
    pub docx_footnotes: bool,
}

/// Why a file could not be turned into text.
///
/// Messages are written to follow a file path, e.g. `"{path}: {err}"`.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file is empty or contains only whitespace.
    #[error("file is empty / contains no text")]
    Empty,
    /// The file contains binary data rather than text.
    #[error("not a text file (binary data)")]
    Binary,
    /// The text encoding could not be determined reliably.
    #[error("unknown or unsupported text encoding (try saving the file as UTF-8)")]
    UnknownEncoding,
    /// The zip container or its XML is damaged or not the expected format.
    #[error("damaged or unsupported document: {0}")]
    CorruptArchive(String),
    /// A PDF without any extractable text (typically a scanned image).
    #[error("PDF has no text layer (scanned image?); run OCR first")]
    NoTextLayer,
    /// The PDF could not be read.
    #[error("cannot read PDF: {0}")]
    Pdf(String),
    /// The document is password-protected / encrypted.
    #[error("document is encrypted or password-protected; remove the protection and re-import")]
    Encrypted,
}

/// Extracts the text of one file whose format is already known.
///
/// The returned text has been passed through [`normalize`].
pub fn extract(
    format: Format,
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<Extracted, FormatError> {
    let (text, encoding, warnings) = match format {
        Format::Txt => {
            let decoded = text::decode(bytes)?;
            (decoded.text, Some(decoded.encoding), decoded.warnings)
        }
        Format::Markdown => {
            let decoded = text::decode(bytes)?;
            let plain = markdown::to_text(&normalize(&decoded.text));
            (plain, Some(decoded.encoding), decoded.warnings)
        }
        Format::Docx => (docx::extract(bytes, opts)?, None, Vec::new()),
        Format::Odt => (odt::extract(bytes, opts)?, None, Vec::new()),
        Format::Pdf => (pdf::extract(bytes)?, None, Vec::new()),
    };
    let text = normalize(&text);
    if text.trim().is_empty() {
        return Err(if format == Format::Pdf {
            FormatError::NoTextLayer
        } else {
            FormatError::Empty
        });
    }
    Ok(Extracted {
        text,
        format,
        encoding,
        warnings,
    })
}

/// Normalizes extracted text: drops one leading U+FEFF and converts CRLF and
/// lone CR line endings to LF. Nothing else is changed.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}
