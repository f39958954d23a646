//! Citation patterns: `(访谈资料,{doc})` with the placeholders `{doc}`, `{kind}`, `{start}`,
//! `{end}` and `{coder}`; `{{` and `}}` stand for literal braces.

use super::ExportError;
use crate::model::DocKind;
use serde::Serialize;

/// The Chinese name of a source type as used in citations: 访谈资料, 文件, 观察笔记.
pub fn kind_label(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Interview => "访谈资料",
        DocKind::Document => "文件",
        DocKind::Observation => "观察笔记",
    }
}

/// The citation pattern of each source type. Placeholders: `{doc}` document name, `{kind}` the
/// source type's Chinese name ([`kind_label`]), `{start}` and `{end}` the code-point range,
/// `{coder}` the coder(s, joined by `、`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitationPatterns {
    /// For interviews; default `(访谈资料,{doc})`.
    pub interview: String,
    /// For documents; default `(文件,{doc})`.
    pub document: String,
    /// For observation notes; default `(观察笔记,{doc})`.
    pub observation: String,
}

impl Default for CitationPatterns {
    fn default() -> Self {
        CitationPatterns {
            interview: "(访谈资料,{doc})".into(),
            document: "(文件,{doc})".into(),
            observation: "(观察笔记,{doc})".into(),
        }
    }
}

/// The values a citation can show.
pub(crate) struct CiteFields<'a> {
    pub doc: &'a str,
    pub kind: DocKind,
    pub start: usize,
    pub end: usize,
    pub coder: &'a str,
}

impl CitationPatterns {
    /// The pattern for `kind`.
    pub fn pattern(&self, kind: DocKind) -> &str {
        match kind {
            DocKind::Interview => &self.interview,
            DocKind::Document => &self.document,
            DocKind::Observation => &self.observation,
        }
    }

    /// Checks every pattern: braces balanced, placeholders known.
    pub fn validate(&self) -> Result<(), ExportError> {
        let probe = CiteFields {
            doc: "",
            kind: DocKind::Interview,
            start: 0,
            end: 0,
            coder: "",
        };
        for kind in DocKind::ALL {
            render(self.pattern(kind), &probe)?;
        }
        Ok(())
    }

    /// The citation of a quote.
    pub(crate) fn cite(&self, fields: &CiteFields<'_>) -> Result<String, ExportError> {
        render(self.pattern(fields.kind), fields)
    }
}

fn render(pattern: &str, f: &CiteFields<'_>) -> Result<String, ExportError> {
    let bad = |why: String| {
        ExportError::Invalid(format!(
            "citation pattern {pattern:?}: {why}; placeholders are {{doc}} {{kind}} {{start}} {{end}} {{coder}}"
        ))
    };
    let mut out = String::with_capacity(pattern.len() + f.doc.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err(bad("unclosed '{'".into())),
                    }
                }
                match name.trim() {
                    "doc" => out.push_str(f.doc),
                    "kind" => out.push_str(kind_label(f.kind)),
                    "start" => out.push_str(&f.start.to_string()),
                    "end" => out.push_str(&f.end.to_string()),
                    "coder" => out.push_str(f.coder),
                    other => return Err(bad(format!("unknown placeholder {{{other}}}"))),
                }
            }
            '}' => return Err(bad("unmatched '}' (write }} for a literal brace)".into())),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(kind: DocKind) -> CiteFields<'static> {
        CiteFields {
            doc: "20230819G22",
            kind,
            start: 3,
            end: 9,
            coder: "李研、王思",
        }
    }

    #[test]
    fn defaults_cite_by_source_type() {
        let p = CitationPatterns::default();
        assert_eq!(
            p.cite(&fields(DocKind::Interview)).unwrap(),
            "(访谈资料,20230819G22)"
        );
        assert_eq!(
            p.cite(&fields(DocKind::Document)).unwrap(),
            "(文件,20230819G22)"
        );
        assert_eq!(
            p.cite(&fields(DocKind::Observation)).unwrap(),
            "(观察笔记,20230819G22)"
        );
    }

    #[test]
    fn all_placeholders_and_literal_braces() {
        let p = CitationPatterns {
            interview: "{{{kind}:{doc}@{start}-{end} by {coder}}}".into(),
            ..CitationPatterns::default()
        };
        assert_eq!(
            p.cite(&fields(DocKind::Interview)).unwrap(),
            "{访谈资料:20230819G22@3-9 by 李研、王思}"
        );
    }

    #[test]
    fn bad_patterns_are_refused() {
        for bad in ["({dco})", "(访谈{doc", "a}b", "{}"] {
            let p = CitationPatterns {
                document: bad.into(),
                ..CitationPatterns::default()
            };
            let e = p.validate().unwrap_err().to_string();
            assert!(e.contains("citation pattern"), "{bad}: {e}");
        }
    }
}
