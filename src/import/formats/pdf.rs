//! PDF text-layer extraction via `pdf-extract`.

use std::panic::{self, AssertUnwindSafe};

use super::{FormatError, normalize};

/// Extracts the text layer of a PDF and tidies pdf-extract's blank lines.
pub(super) fn extract(bytes: &[u8]) -> Result<String, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    // The header may legally be preceded by junk, but only within the first KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(FormatError::Pdf("not a PDF file (no %PDF header)".into()));
    }
    // pdf-extract (and lopdf below it) panic on some malformed inputs.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    let raw = match result {
        Ok(Ok(text)) => text,
        Ok(Err(pdf_extract::OutputError::PdfError(pdf_extract::Error::Decryption(_)))) => {
            return Err(FormatError::Encrypted);
        }
        Ok(Err(pdf_extract::OutputError::PdfError(e))) => {
            return Err(FormatError::Pdf(e.to_string()));
        }
        Ok(Err(e)) => return Err(FormatError::Pdf(e.to_string())),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".to_owned());
            return Err(FormatError::Pdf(format!("the PDF parser crashed: {msg}")));
        }
    };
    let text = tidy(&normalize(&raw));
    if text.trim().is_empty() {
        return Err(FormatError::NoTextLayer);
    }
    Ok(text)
}

/// Strips trailing spaces/tabs from every line, collapses runs of three or
/// more newlines to two, and drops blank lines at the start and end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_before = false;
    for line in text.split('\n') {
        let line = line.trim_end_matches([' ', '\t']);
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_before { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_before = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_blank_lines_and_trailing_spaces() {
        assert_eq!(
            tidy("\n\n\nA  \nB\t\n\n\n\n\nC\n\nD \n\n\n"),
            "A\nB\n\nC\n\nD"
        );
        assert_eq!(tidy("  indented\n"), "  indented");
    }

    #[test]
    fn not_a_pdf() {
        assert!(matches!(extract(b"hello"), Err(FormatError::Pdf(_))));
    }

    #[test]
    fn truncated_pdf_is_an_error_not_a_panic() {
        let err = extract(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        assert!(matches!(err, Err(FormatError::Pdf(_))), "{err:?}");
    }
}
