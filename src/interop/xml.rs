//! A small namespace-checked DOM for `project.qde`: elements with attributes, children and text.

use super::limits::{Failure, ImportLimits};
use super::{CODEBOOK_NAMESPACE, NAMESPACE};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

/// One element of the QDA-XML project namespace.
#[derive(Debug, Default)]
pub(super) struct Element {
    /// Local name (`TextSource`).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<Element>,
    /// Character data directly inside this element.
    pub text: String,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child element named `name`.
    pub fn first(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`, if any.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.first(name).map(|e| e.text.as_str())
    }

    /// The `targetGUID`s of the children named `name` (`NoteRef`, `SourceRef`…).
    pub fn refs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.all(name).filter_map(|e| e.attr("targetGUID"))
    }
}

fn start_element(start: &BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.local_name();
        let key = String::from_utf8_lossy(key.as_ref()).into_owned();
        // Entity and character references resolved, nothing else: attribute-value normalisation
        // (`normalized_value`) would turn line breaks written inside attributes into spaces.
        let raw = std::str::from_utf8(&a.value).map_err(|e| e.to_string())?;
        let value = quick_xml::escape::unescape(raw)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        attrs,
        ..Element::default()
    })
}

/// Parses `xml` into the root element, which must be `Project` in [`NAMESPACE`] — or a codebook
/// (`.qdc`): `CodeBook` in [`CODEBOOK_NAMESPACE`], returned wrapped in a `Project` element so it
/// reads like a project with only a codebook. Every element must be in the root's namespace (the
/// schemas allow nothing else).
///
/// The tree is built with an explicit stack (no recursion), and its depth and size are capped
/// by `limits` ([`Failure::Limit`]), so that dropping or walking it cannot exhaust the stack.
pub(super) fn parse(xml: &str, limits: &ImportLimits) -> Result<Element, Failure> {
    let mut elements = 0usize;
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut expected = NAMESPACE;
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("XML error near byte {pos}: {e}"))?;
        match event {
            Event::Start(start) => {
                let el = start_element(&start).map_err(|e| format!("near byte {pos}: {e}"))?;
                if stack.is_empty()
                    && root.is_none()
                    && el.name == "CodeBook"
                    && matches!(&ns, ResolveResult::Bound(n) if n.as_ref() == CODEBOOK_NAMESPACE.as_bytes())
                {
                    expected = CODEBOOK_NAMESPACE;
                }
                match &ns {
                    ResolveResult::Bound(n) if n.as_ref() == expected.as_bytes() => {}
                    ResolveResult::Bound(n) => {
                        return Err(format!(
                            "element {} near byte {pos} is in namespace {}, expected {expected}",
                            el.name,
                            String::from_utf8_lossy(n.as_ref())
                        )
                        .into());
                    }
                    _ => {
                        return Err(format!(
                            "element {} near byte {pos} has no namespace, expected {expected}",
                            el.name
                        )
                        .into());
                    }
                }
                let root_name = if expected == NAMESPACE {
                    "Project"
                } else {
                    "CodeBook"
                };
                if stack.is_empty() && (el.name != root_name || root.is_some()) {
                    return Err(format!("the root element is {}, expected Project", el.name).into());
                }
                elements += 1;
                if elements > limits.xml_elements {
                    return Err(Failure::limit(
                        "xml_elements",
                        limits.xml_elements,
                        format!("element {} near byte {pos}", el.name),
                    ));
                }
                if stack.len() >= limits.xml_depth {
                    return Err(Failure::limit(
                        "xml_depth",
                        limits.xml_depth,
                        format!("element {} near byte {pos}", el.name),
                    ));
                }
                stack.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    let t = t.decode().map_err(|e| format!("near byte {pos}: {e}"))?;
                    el.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    let t = t.decode().map_err(|e| format!("near byte {pos}: {e}"))?;
                    el.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name}; near byte {pos}"))?
                            .to_owned()
                    }
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&s);
                }
            }
            Event::Eof => {
                if !stack.is_empty() {
                    return Err("the XML ends in the middle of an element (truncated?)".into());
                }
                let root = root.ok_or("no Project element")?;
                if root.name == "CodeBook" {
                    return Ok(Element {
                        name: "Project".into(),
                        children: vec![root],
                        ..Element::default()
                    });
                }
                return Ok(root);
            }
            _ => {}
        }
    }
}
