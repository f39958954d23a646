//! Plain-text decoding: BOM sniffing, UTF-8, BOM-less UTF-16, `chardetng`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::FormatError;

/// Decodes a plain-text file, returning the text (BOM removed, line endings
/// untouched) and the name of the detected encoding.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, &'static str), FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    // `lossy`: replacement characters in `text` come from our decoding.
    let (text, encoding, lossy) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        decode_with(enc, &bytes[bom_len..])
    } else if bytes.contains(&0) {
        match sniff_utf16(bytes) {
            Some(enc) => decode_with(enc, bytes),
            None => return Err(FormatError::Binary),
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), UTF_8, false),
            // Only the last character is cut off: still UTF-8.
            Err(e) if e.error_len().is_none() => {
                (String::from_utf8_lossy(bytes).into_owned(), UTF_8, false)
            }
            Err(_) if mostly_utf8(bytes) => decode_with(UTF_8, bytes),
            Err(_) => {
                use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
                let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
                detector.feed(bytes, true);
                decode_with(detector.guess(None, Utf8Detection::Allow), bytes)
            }
        }
    };
    check_plausible(&text, lossy)?;
    Ok((text, encoding.name()))
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, &'static Encoding, bool) {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc, had_errors)
}

/// UTF-8 with rare stray bytes among plenty of genuine multi-byte characters
/// (e.g. one damaged spot in a long Chinese file) is still best read as
/// UTF-8: a legacy-encoding guess would garble the whole text.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    invalid * 50 <= multibyte
}

/// Recognizes BOM-less UTF-16 by the zero high bytes of ASCII characters:
/// one byte parity is often zero, the other almost never.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Mostly-ASCII UTF-16LE: zeros at odd offsets; CJK text contributes few
    // zeros at either parity, so require a clear asymmetry.
    let skewed =
        |many: usize, few: usize| many * 10 >= pairs && few * 20 <= pairs && many > few * 4;
    if skewed(odd, even) {
        Some(UTF_16LE)
    } else if skewed(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Rejects decoded text that is mostly control characters or (if `lossy`)
/// replacement characters produced by decoding.
fn check_plausible(text: &str, lossy: bool) -> Result<(), FormatError> {
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let (mut total, mut control, mut replacement) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if lossy && c == '\u{fffd}' {
            replacement += 1;
        } else if is_suspicious_control(c) {
            control += 1;
        }
    }
    // More than 3% of characters: no real document looks like that.
    let too_many = |n: usize| n > 0 && n * 100 > total * 3;
    if too_many(control) || (too_many(control + replacement) && control >= replacement) {
        Err(FormatError::Binary)
    } else if too_many(control + replacement) {
        Err(FormatError::UnknownEncoding)
    } else {
        Ok(())
    }
}

/// C0/C1 controls other than the whitespace and page/EOF markers that occur
/// in real text files (tab, LF, CR, form feed, DOS Ctrl-Z).
fn is_suspicious_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}' | '\u{1a}' | '\u{85}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain() {
        let (text, enc) = decode("héllo 你好".as_bytes()).expect("utf-8");
        assert_eq!(text, "héllo 你好");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn bom_less_utf16le_ascii() {
        let bytes: Vec<u8> = "Interview 1\nQ: hi 你好\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (text, enc) = decode(&bytes).expect("utf-16le");
        assert_eq!(text, "Interview 1\nQ: hi 你好\n");
        assert_eq!(enc, "UTF-16LE");
    }

    #[test]
    fn bom_less_utf16be_ascii() {
        let bytes: Vec<u8> = "Notes: line one\nline two\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let (text, enc) = decode(&bytes).expect("utf-16be");
        assert_eq!(text, "Notes: line one\nline two\n");
        assert_eq!(enc, "UTF-16BE");
    }

    #[test]
    fn big5_detected() {
        let (bytes, _, _) =
            encoding_rs::BIG5.encode("臺灣的訪談記錄，受訪者表示資料共享機制尚未建立。");
        let (text, enc) = decode(&bytes).expect("big5");
        assert_eq!(text, "臺灣的訪談記錄，受訪者表示資料共享機制尚未建立。");
        assert_eq!(enc, "Big5");
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let full = "受访者表示数据共享机制".as_bytes();
        let (text, enc) = decode(&full[..full.len() - 1]).expect("truncated");
        assert_eq!(text, "受访者表示数据共享机\u{fffd}");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn stray_byte_in_long_utf8_stays_utf8() {
        let mut bytes = "访谈记录：".repeat(20).into_bytes();
        bytes.insert(30, 0xff);
        let (text, enc) = decode(&bytes).expect("mostly utf-8");
        assert_eq!(enc, "UTF-8");
        assert_eq!(text.matches('\u{fffd}').count(), 1);
        assert_eq!(text.matches("访谈记录").count(), 20);
    }

    #[test]
    fn literal_replacement_chars_in_valid_utf8_are_kept() {
        let (text, _) = decode("a\u{fffd}\u{fffd}b".as_bytes()).expect("valid utf-8");
        assert_eq!(text, "a\u{fffd}\u{fffd}b");
    }

    #[test]
    fn controls_are_binary() {
        let bytes = b"\x01\x02\x03abc\x04\x05\x06\x07\x08\x0b\x0e";
        assert!(matches!(decode(bytes), Err(FormatError::Binary)));
    }

    #[test]
    fn nul_in_utf8_is_binary() {
        assert!(matches!(
            decode(b"some text\0with a NUL byte in it"),
            Err(FormatError::Binary)
        ));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert!(matches!(decode(b" \r\n\t \n"), Err(FormatError::Empty)));
        assert!(matches!(decode(b"\xef\xbb\xbf"), Err(FormatError::Empty)));
        assert!(matches!(decode(b""), Err(FormatError::Empty)));
    }

    #[test]
    fn dos_eof_marker_and_form_feed_are_fine() {
        let (text, _) = decode(b"page one\x0cpage two\r\n\x1a").expect("text");
        assert_eq!(text, "page one\x0cpage two\r\n\x1a");
    }

    #[test]
    fn unpaired_surrogates_are_unknown_encoding() {
        // UTF-16LE BOM followed by a run of lone high surrogates.
        let mut bytes = vec![0xff, 0xfe];
        for _ in 0..20 {
            bytes.extend_from_slice(&[0x00, 0xd8, 0x41, 0x00]);
        }
        assert!(matches!(decode(&bytes), Err(FormatError::UnknownEncoding)));
    }
}
