//! Caps on what one REFI-QDA import reads, so that a hostile archive (a zip bomb, sources that
//! all point at one huge member, deep nesting, millions of codes) fails fast with an error
//! naming the limit instead of exhausting memory or the stack. Every check runs before the
//! project is touched.

/// The caps of one import ([`Default`]: generous for real projects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest `project.qde` (decompressed bytes).
    pub qde_bytes: u64,
    /// Total bytes of source and note texts read, counted per reference (several sources
    /// naming one archive member count it each time).
    pub total_text_bytes: u64,
    /// Number of codes in the codebook.
    pub codes: usize,
    /// Nesting depth of codes.
    pub code_depth: usize,
    /// Number of `PlainTextSelection`s.
    pub selections: usize,
    /// Nesting depth of XML elements.
    pub xml_depth: usize,
    /// Number of XML elements.
    pub xml_elements: usize,
}

impl Default for ImportLimits {
    fn default() -> ImportLimits {
        ImportLimits {
            qde_bytes: 200 * 1024 * 1024,
            total_text_bytes: 1024 * 1024 * 1024,
            codes: 100_000,
            code_depth: 64,
            selections: 2_000_000,
            xml_depth: 128,
            xml_elements: 10_000_000,
        }
    }
}

/// A cap that was exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// The limit's name (`total_text_bytes`, `xml_depth`…, as in [`ImportLimits`]).
    pub limit: &'static str,
    /// Its value.
    pub max: u64,
    /// Where it was exceeded.
    pub what: String,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "over the import limit {} = {}: {}",
            self.limit, self.max, self.what
        )
    }
}

/// Why a part of the import failed: the file is invalid (a message), or a cap was exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// Not readable or not valid; for a source or note, the reason it is skipped.
    Invalid(String),
    /// A cap was exceeded: the whole import is refused.
    Limit(Exceeded),
}

impl From<String> for Failure {
    fn from(reason: String) -> Failure {
        Failure::Invalid(reason)
    }
}

impl From<&str> for Failure {
    fn from(reason: &str) -> Failure {
        Failure::Invalid(reason.to_owned())
    }
}

impl Failure {
    /// A [`Failure::Limit`].
    pub(super) fn limit(limit: &'static str, max: usize, what: impl Into<String>) -> Failure {
        Failure::Limit(Exceeded {
            limit,
            max: max as u64,
            what: what.into(),
        })
    }
}

/// Counts what an import has read against its [`ImportLimits`].
#[derive(Debug)]
pub(super) struct Budget {
    /// The caps.
    pub limits: ImportLimits,
    /// Text bytes still allowed.
    text_left: u64,
    /// Codes seen.
    codes: usize,
    /// Selections seen.
    selections: usize,
}

impl Budget {
    /// A fresh budget.
    pub(super) fn new(limits: ImportLimits) -> Budget {
        Budget {
            text_left: limits.total_text_bytes,
            limits,
            codes: 0,
            selections: 0,
        }
    }

    /// How many bytes a text may still have (reading one more shows that it is over).
    pub(super) fn text_left(&self) -> u64 {
        self.text_left
    }

    /// Takes `bytes` of text read for `what`.
    pub(super) fn take_text(&mut self, bytes: u64, what: &str) -> Result<(), Failure> {
        if bytes > self.text_left {
            self.text_left = 0;
            return Err(Failure::Limit(Exceeded {
                limit: "total_text_bytes",
                max: self.limits.total_text_bytes,
                what: format!("reading {what}"),
            }));
        }
        self.text_left -= bytes;
        Ok(())
    }

    /// Counts one code at nesting `depth` (1 = top level).
    pub(super) fn take_code(&mut self, depth: usize, name: &str) -> Result<(), Failure> {
        self.codes += 1;
        if self.codes > self.limits.codes {
            return Err(Failure::limit(
                "codes",
                self.limits.codes,
                format!("code \"{name}\""),
            ));
        }
        if depth > self.limits.code_depth {
            return Err(Failure::limit(
                "code_depth",
                self.limits.code_depth,
                format!("code \"{name}\" is nested {depth} deep"),
            ));
        }
        Ok(())
    }

    /// Counts `n` selections of source `what`.
    pub(super) fn take_selections(&mut self, n: usize, what: &str) -> Result<(), Failure> {
        self.selections += n;
        if self.selections > self.limits.selections {
            return Err(Failure::limit(
                "selections",
                self.limits.selections,
                format!("selections of {what}"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_every_read_and_names_the_limit() {
        let mut b = Budget::new(ImportLimits {
            total_text_bytes: 10,
            codes: 2,
            code_depth: 1,
            selections: 3,
            ..ImportLimits::default()
        });
        b.take_text(6, "a").unwrap();
        let Err(Failure::Limit(e)) = b.take_text(6, "sources/big.txt") else {
            panic!("over the text budget")
        };
        assert_eq!(e.limit, "total_text_bytes");
        assert!(e.to_string().contains("sources/big.txt"), "{e}");
        b.take_code(1, "x").unwrap();
        assert!(matches!(b.take_code(2, "y"), Err(Failure::Limit(e)) if e.limit == "code_depth"));
        assert!(matches!(b.take_code(1, "z"), Err(Failure::Limit(e)) if e.limit == "codes"));
        b.take_selections(3, "d").unwrap();
        assert!(b.take_selections(1, "d").is_err());
    }
}
