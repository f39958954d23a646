//! Shared plumbing for the zip+XML formats (docx, odt): reading archive
//! members safely and walking namespace-resolved XML events.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use super::FormatError;

/// Largest archive member we are willing to inflate (zip-bomb guard).
const MAX_MEMBER_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest element nesting accepted (real documents nest a few dozen levels). The XML reader
/// counts namespace scopes in 16 bits, so far deeper input would overflow it; stopping here
/// also keeps every reader's work linear.
pub(super) const MAX_XML_DEPTH: usize = 10_000;

/// Magic number of OLE2 compound files: legacy `.doc` files and encrypted
/// OOXML packages.
const OLE2_MAGIC: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/// Opens `bytes` as a zip archive, recognizing the usual impostors.
pub(super) fn open_zip<'a>(
    bytes: &'a [u8],
    kind: &str,
) -> Result<ZipArchive<Cursor<&'a [u8]>>, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        // Office writes password-protected OOXML as an OLE2 container with
        // an "EncryptedPackage" stream (name stored as UTF-16LE).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(FormatError::Encrypted);
        }
        return Err(FormatError::CorruptArchive(format!(
            "this is an old binary Office file (e.g. Word 97-2003 .doc), not {kind}; \
             save it as {kind} first"
        )));
    }
    ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| FormatError::CorruptArchive(format!("not a valid {kind} (zip) file: {e}")))
}

/// Reads one archive member; `Ok(None)` if it does not exist.
pub(super) fn read_member(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, FormatError> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(msg)) if msg == ZipError::PASSWORD_REQUIRED => {
            return Err(FormatError::Encrypted);
        }
        Err(e) => {
            return Err(FormatError::CorruptArchive(format!(
                "cannot read {name}: {e}"
            )));
        }
    };
    let mut buf = Vec::new();
    entry
        .take(MAX_MEMBER_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| FormatError::CorruptArchive(format!("cannot decompress {name}: {e}")))?;
    if buf.len() as u64 > MAX_MEMBER_BYTES {
        return Err(FormatError::CorruptArchive(format!(
            "{name} is larger than {} MiB",
            MAX_MEMBER_BYTES / (1024 * 1024)
        )));
    }
    Ok(Some(buf))
}

/// Decodes an XML part to a string (UTF-8, or UTF-16 with a BOM).
pub(super) fn xml_to_string(bytes: Vec<u8>, name: &str) -> Result<String, FormatError> {
    crate::text::decode_unicode(&bytes)
        .map_err(|e| FormatError::CorruptArchive(format!("{name}: {e}")))
}

/// One event of [`walk`], with element names already classified.
pub(super) enum XmlEvent<'a, 'i, T> {
    /// An element starts (empty elements produce `Start` then `End`).
    Start(T, &'a BytesStart<'i>),
    /// An element ends.
    End(T),
    /// Character data, with entity and character references resolved.
    Text(&'a str),
}

/// Streams `xml`, classifying each element by `(namespace URI, local name)`
/// with `classify`, and hands the events to `handle`.
pub(super) fn walk<T: Copy>(
    xml: &str,
    part: &str,
    classify: impl Fn(&[u8], &[u8]) -> T,
    mut handle: impl FnMut(XmlEvent<'_, '_, T>),
) -> Result<(), FormatError> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let bad_xml = |pos: u64, e: quick_xml::Error| {
        FormatError::CorruptArchive(format!("bad XML in {part} near byte {pos}: {e}"))
    };
    let mut depth = 0usize;
    loop {
        let (tag, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => {
                let ns: &[u8] = match &ns {
                    ResolveResult::Bound(ns) => ns.as_ref(),
                    ResolveResult::Unbound | ResolveResult::Unknown(_) => b"",
                };
                let tag = match &event {
                    Event::Start(e) => Some(classify(ns, e.local_name().as_ref())),
                    Event::End(e) => Some(classify(ns, e.local_name().as_ref())),
                    _ => None,
                };
                (tag, event)
            }
            Err(e) => return Err(bad_xml(reader.error_position(), e)),
        };
        match (tag, event) {
            (Some(tag), Event::Start(start)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(FormatError::CorruptArchive(format!(
                        "{part} nests elements more than {MAX_XML_DEPTH} levels deep (qcw's limit)"
                    )));
                }
                handle(XmlEvent::Start(tag, &start));
            }
            (Some(tag), Event::End(_)) => {
                depth = depth.saturating_sub(1);
                handle(XmlEvent::End(tag));
            }
            (_, Event::Text(text)) => {
                let text = text
                    .decode()
                    .map_err(|e| bad_xml(reader.buffer_position(), e.into()))?;
                handle(XmlEvent::Text(&text));
            }
            (_, Event::CData(cdata)) => {
                let text = cdata
                    .decode()
                    .map_err(|e| bad_xml(reader.buffer_position(), e.into()))?;
                handle(XmlEvent::Text(&text));
            }
            (_, Event::GeneralRef(reference)) => {
                let resolved: Cow<'_, str> = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string().into(),
                    Ok(None) => {
                        let name = reference
                            .decode()
                            .map_err(|e| bad_xml(reader.buffer_position(), e.into()))?;
                        match quick_xml::escape::resolve_xml_entity(&name) {
                            Some(s) => s.into(),
                            // Undeclared entity: keep it visible rather than lose text.
                            None => format!("&{name};").into(),
                        }
                    }
                    Err(e) => return Err(bad_xml(reader.buffer_position(), e)),
                };
                handle(XmlEvent::Text(&resolved));
            }
            (_, Event::Eof) if depth == 0 => return Ok(()),
            (_, Event::Eof) => {
                return Err(FormatError::CorruptArchive(format!(
                    "{part} ends in the middle of the document (truncated?)"
                )));
            }
            // Empty elements are expanded; comments, declarations etc. carry no text.
            _ => {}
        }
    }
}

/// The value of the attribute with local name `local` (any prefix).
pub(super) fn attr(start: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            quick_xml::escape::unescape(raw).ok().map(Cow::into_owned)
        })
}
