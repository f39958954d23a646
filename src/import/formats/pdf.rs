//! PDF text-layer extraction via `pdf-extract`.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

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
    let result = quietly(|| pdf_extract::extract_text_from_mem(bytes));
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

thread_local! {
    /// Set while this thread runs the PDF parser: its panics are caught and reported as errors.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without printing the panic message to stderr.
///
/// The first call wraps the process's panic hook once in a filter that stays silent only on a
/// thread inside this function and passes every other panic to the hook that was there before,
/// so parallel imports and the rest of the program keep their messages (swapping the hook per
/// call would race with other threads doing the same).
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static FILTER: Once = Once::new();
    FILTER.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result
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
    fn a_caught_panic_is_silent_and_others_are_not() {
        let caught = quietly(|| panic!("inside"));
        assert!(caught.is_err());
        assert!(!QUIET.with(Cell::get));
        assert_eq!(quietly(|| 7).ok(), Some(7));
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
