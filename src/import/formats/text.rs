//! Plain-text decoding: BOM sniffing, UTF-8, BOM-less UTF-16, `chardetng`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::FormatError;

/// A decoded text file.
#[derive(Debug)]
pub(super) struct Decoded {
    /// The text (BOM removed, line endings untouched).
    pub text: String,
    /// The encoding used.
    pub encoding: &'static str,
    /// What the reader should check: replacement characters, a guessed or unusual encoding.
    pub warnings: Vec<String>,
}

/// Decodes a plain-text file, returning the text (BOM removed, line endings
/// untouched), the name of the detected encoding and warnings about the decoding.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    let mut warnings = Vec::new();
    // `lossy`: replacement characters in `text` come from our decoding.
    let (text, encoding, lossy): (String, &str, bool) = if let Some(utf32) = decode_utf32_bom(bytes)
    {
        utf32
    } else if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        with_name(decode_with(enc, &bytes[bom_len..]))
    } else if bytes.contains(&0) {
        match sniff_utf16(bytes) {
            Some(enc) => {
                warnings.push(format!(
                    "no byte-order mark: read as {} because of its NUL bytes",
                    enc.name()
                ));
                with_name(decode_with(enc, bytes))
            }
            None => return Err(FormatError::Binary),
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), "UTF-8", false),
            // Only the last character is cut off: still UTF-8.
            Err(e) if e.error_len().is_none() => {
                warnings.push("the last character is cut off and was replaced by \u{fffd}".into());
                (String::from_utf8_lossy(bytes).into_owned(), "UTF-8", false)
            }
            Err(_) if mostly_utf8(bytes) => with_name(decode_with(UTF_8, bytes)),
            Err(_) => {
                use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
                let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
                detector.feed(bytes, true);
                let guess = detector.guess(None, Utf8Detection::Allow);
                legacy_warnings(bytes, guess, &mut warnings);
                with_name(decode_with(guess, bytes))
            }
        }
    };
    check_plausible(&text, lossy)?;
    if lossy {
        let n = text.chars().filter(|&c| c == '\u{fffd}').count();
        warnings.push(format!(
            "{n} byte sequence(s) are not valid {encoding} and were replaced by \u{fffd}"
        ));
    }
    if encoding != "UTF-8" {
        warnings.insert(0, format!("decoded as {encoding}, not UTF-8"));
    }
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

fn with_name(
    (text, enc, lossy): (String, &'static Encoding, bool),
) -> (String, &'static str, bool) {
    (text, enc.name(), lossy)
}

/// UTF-32 with a byte-order mark (encoding_rs does not know UTF-32): the name, the text and
/// whether code units had to be replaced.
fn decode_utf32_bom(bytes: &[u8]) -> Option<(String, &'static str, bool)> {
    let (name, le) = if bytes.starts_with(&[0xff, 0xfe, 0, 0]) {
        ("UTF-32LE", true)
    } else if bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        ("UTF-32BE", false)
    } else {
        return None;
    };
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut lossy = false;
    let text = bytes[4..]
        .chunks_exact(4)
        .map(|c| {
            let b = [c[0], c[1], c[2], c[3]];
            let u = if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            };
            char::from_u32(u).unwrap_or_else(|| {
                lossy = true;
                '\u{fffd}'
            })
        })
        .collect();
    Some((text, name, lossy))
}

/// Warnings about a legacy-encoding guess: too few non-ASCII bytes to be sure, or runs of valid
/// UTF-8 characters among the bytes of another encoding (a file that mixes UTF-8 and GBK, say,
/// of which one part is garbled whichever way it is read).
fn legacy_warnings(bytes: &[u8], guess: &'static Encoding, warnings: &mut Vec<String>) {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < 16 {
        warnings.push(format!(
            "the encoding {} is a guess from only {non_ascii} non-ASCII bytes and may be wrong",
            guess.name()
        ));
    }
    // Runs of three or more consecutive multi-byte UTF-8 characters hardly occur by chance in
    // GBK or Big5 bytes.
    let mut in_runs = 0usize;
    for chunk in bytes.utf8_chunks() {
        let mut run = 0usize;
        for c in chunk.valid().chars().chain(std::iter::once('a')) {
            if c.len_utf8() >= 3 {
                run += 1;
            } else {
                if run >= 3 {
                    in_runs += run;
                }
                run = 0;
            }
        }
    }
    if in_runs >= 6 {
        warnings.push(format!(
            "the file seems to mix UTF-8 ({in_runs} characters) with {}: part of the text is \
             garbled; save the file as UTF-8 and import it again",
            guess.name()
        ));
    }
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
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode("héllo 你好".as_bytes()).expect("utf-8");
        assert_eq!(text, "héllo 你好");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn bom_less_utf16le_ascii() {
        let bytes: Vec<u8> = "Interview 1\nQ: hi 你好\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode(&bytes).expect("utf-16le");
        assert_eq!(text, "Interview 1\nQ: hi 你好\n");
        assert_eq!(enc, "UTF-16LE");
    }

    #[test]
    fn bom_less_utf16be_ascii() {
        let bytes: Vec<u8> = "Notes: line one\nline two\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode(&bytes).expect("utf-16be");
        assert_eq!(text, "Notes: line one\nline two\n");
        assert_eq!(enc, "UTF-16BE");
    }

    #[test]
    fn big5_detected() {
        let (bytes, _, _) =
            encoding_rs::BIG5.encode("臺灣的訪談記錄，受訪者表示資料共享機制尚未建立。");
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode(&bytes).expect("big5");
        assert_eq!(text, "臺灣的訪談記錄，受訪者表示資料共享機制尚未建立。");
        assert_eq!(enc, "Big5");
    }

    #[test]
    fn truncated_utf8_stays_utf8() {
        let full = "受访者表示数据共享机制".as_bytes();
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode(&full[..full.len() - 1]).expect("truncated");
        assert_eq!(text, "受访者表示数据共享机\u{fffd}");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn stray_byte_in_long_utf8_stays_utf8() {
        let mut bytes = "访谈记录：".repeat(20).into_bytes();
        bytes.insert(30, 0xff);
        let Decoded {
            text,
            encoding: enc,
            ..
        } = decode(&bytes).expect("mostly utf-8");
        assert_eq!(enc, "UTF-8");
        assert_eq!(text.matches('\u{fffd}').count(), 1);
        assert_eq!(text.matches("访谈记录").count(), 20);
    }

    #[test]
    fn literal_replacement_chars_in_valid_utf8_are_kept() {
        let Decoded { text, .. } = decode("a\u{fffd}\u{fffd}b".as_bytes()).expect("valid utf-8");
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
        let Decoded { text, .. } = decode(b"page one\x0cpage two\r\n\x1a").expect("text");
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

    fn warnings(bytes: &[u8]) -> (String, &'static str, String) {
        let d = decode(bytes).expect("decodes");
        (d.text, d.encoding, d.warnings.join(" | "))
    }

    const LONG: &str = "受访者表示，数据共享机制尚未建立，各部门之间协调困难。\
        街道办事处的工作人员认为，上级政府的考核压力很大，资源却不够。";

    #[test]
    fn plain_utf8_has_no_warnings() {
        assert_eq!(warnings(LONG.as_bytes()).2, "");
    }

    #[test]
    fn replacement_characters_are_warned_about() {
        let mut bytes = LONG.repeat(3).into_bytes();
        bytes.insert(30, 0xff);
        let (text, enc, w) = warnings(&bytes);
        assert_eq!(enc, "UTF-8");
        assert_eq!(text.matches('\u{fffd}').count(), 1);
        assert!(w.contains("1 byte sequence(s) are not valid UTF-8"), "{w}");
        let full = LONG.as_bytes();
        let (_, _, w) = warnings(&full[..full.len() - 1]);
        assert!(w.contains("cut off"), "{w}");
    }

    #[test]
    fn a_legacy_encoding_is_named_and_a_short_guess_is_flagged() {
        let (bytes, _, _) = encoding_rs::GBK.encode(LONG);
        let (text, enc, w) = warnings(&bytes);
        assert_eq!((text.as_str(), enc), (LONG, "GBK"));
        assert!(w.contains("decoded as GBK, not UTF-8"), "{w}");
        assert!(!w.contains("guess") && !w.contains("mix"), "{w}");
        let (short, _, _) = encoding_rs::GBK.encode("访谈");
        let (_, _, w) = warnings(&short);
        assert!(w.contains("is a guess from only 4 non-ASCII bytes"), "{w}");
    }

    #[test]
    fn a_file_mixing_utf8_and_gbk_is_flagged() {
        let (gbk, _, _) = encoding_rs::GBK.encode(LONG);
        let mut bytes = gbk.into_owned();
        bytes.extend_from_slice("\n第二部分用的是 UTF-8 编码的文字。\n".as_bytes());
        bytes.extend_from_slice(&gbk_again());
        let (_, _, w) = warnings(&bytes);
        assert!(w.contains("seems to mix UTF-8"), "{w}");
    }

    fn gbk_again() -> Vec<u8> {
        encoding_rs::GBK.encode(LONG).0.into_owned()
    }

    #[test]
    fn long_gbk_is_not_taken_for_a_mix() {
        let text = LONG.repeat(40);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let (got, enc, w) = warnings(&bytes);
        assert_eq!((got.as_str(), enc), (text.as_str(), "GBK"));
        assert!(!w.contains("mix"), "{w}");
    }

    #[test]
    fn bom_less_utf16_is_text_with_a_warning() {
        let text = "Interview 2\n问：您好\n答：数据共享很难。\n";
        for (bytes, name) in [
            (
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                "UTF-16LE",
            ),
            (
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                "UTF-16BE",
            ),
        ] {
            let (got, enc, w) = warnings(&bytes);
            assert_eq!((got.as_str(), enc), (text, name));
            assert!(w.contains("no byte-order mark") && w.contains(name), "{w}");
        }
    }

    #[test]
    fn utf32_with_bom_is_text() {
        let text = "访谈记录 𠀀 end\n";
        let le: Vec<u8> = [0xfeff_u32]
            .into_iter()
            .chain(text.chars().map(u32::from))
            .flat_map(u32::to_le_bytes)
            .collect();
        let be: Vec<u8> = [0xfeff_u32]
            .into_iter()
            .chain(text.chars().map(u32::from))
            .flat_map(u32::to_be_bytes)
            .collect();
        for (bytes, name) in [(le, "UTF-32LE"), (be, "UTF-32BE")] {
            let (got, enc, w) = warnings(&bytes);
            assert_eq!((got.as_str(), enc), (text, name));
            assert!(w.contains(&format!("decoded as {name}")), "{w}");
        }
        // An invalid code point is replaced, and said so.
        let mut bad = vec![0xff, 0xfe, 0, 0];
        for c in "正文内容很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长".chars() {
            bad.extend_from_slice(&u32::from(c).to_le_bytes());
        }
        bad.extend_from_slice(&0x0011_0000_u32.to_le_bytes());
        let (got, _, w) = warnings(&bad);
        assert!(got.ends_with('\u{fffd}') && w.contains("replaced"), "{w}");
    }
}
