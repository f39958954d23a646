//! What the commands applied, undone or redone since the last look touched: derived from the row
//! changes they recorded, so a viewer reloads only what changed (the GUI's incremental refresh).

use super::rows::{Change, Row};
use std::collections::BTreeSet;

/// The parts of a project that changes touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Document rows or document attributes were added, removed or changed.
    pub documents: bool,
    /// Documents whose text was added, removed or changed (import, delete, redaction).
    pub texts: BTreeSet<i64>,
    /// Code rows changed (names, colours, tree).
    pub codes: bool,
    /// Documents whose codings changed.
    pub coded_docs: BTreeSet<i64>,
    /// Codes whose codings changed.
    pub coded_codes: BTreeSet<i64>,
    /// Coders of codings added (or changed to).
    pub coders: BTreeSet<String>,
    /// Codings were removed (or moved from a coder): the list of coders may shrink.
    pub codings_removed: bool,
    /// Memos (project, document, code, case) changed.
    pub memos: bool,
    /// Cases, their links or attributes changed.
    pub cases: bool,
    /// Document groups or their members changed.
    pub groups: bool,
    /// Anything else (attribute definitions, QCA overrides, cell memos, dictionary, watch-list).
    pub other: bool,
    /// The project changed in a way the rows do not tell (opened, restored): reload everything.
    pub all: bool,
}

impl Touched {
    /// Everything (nothing is known about what changed).
    pub fn everything() -> Touched {
        Touched {
            all: true,
            ..Touched::default()
        }
    }

    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        *self == Touched::default()
    }

    /// Adds what `changes` touch.
    pub(crate) fn record(&mut self, changes: &[Change]) {
        for change in changes {
            match change {
                Change::Insert { row } => {
                    self.row(row);
                    if let Row::Coding(c) = row {
                        self.coders.insert(c.coder.clone());
                    }
                }
                Change::Delete { row } => {
                    self.row(row);
                    self.codings_removed |= matches!(row, Row::Coding(_));
                }
                Change::Update { before, after } => {
                    self.row(before);
                    self.row(after);
                    if let (Row::Coding(b), Row::Coding(a)) = (before, after)
                        && b.coder != a.coder
                    {
                        self.coders.insert(a.coder.clone());
                        self.codings_removed = true;
                    }
                }
            }
        }
    }

    fn row(&mut self, row: &Row) {
        match row {
            Row::Document(d) => {
                self.documents = true;
                self.texts.insert(d.id);
            }
            Row::DocSpan(s) => {
                self.texts.insert(s.doc_id);
            }
            Row::DocAttr(_) => self.documents = true,
            Row::Group(_) | Row::GroupMember(_) => self.groups = true,
            Row::Code(_) => self.codes = true,
            Row::Coding(c) => {
                self.coded_docs.insert(c.doc_id);
                self.coded_codes.insert(c.code_id);
            }
            Row::Memo(_) => self.memos = true,
            Row::Case(_) | Row::CaseLink(_) | Row::CaseAttr(_) => self.cases = true,
            Row::AttrDef(_)
            | Row::QcaOverride(_)
            | Row::CellMemo(_)
            | Row::DictWord(_)
            | Row::Stopword(_)
            | Row::PiiWatch(_)
            | Row::Tombstone(_)
            | Row::Consensus(_)
            | Row::SuggestReject(_) => self.other = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::rows::CodingRow;

    #[test]
    fn a_coding_touches_its_document_and_code_only() {
        let row = Row::Coding(CodingRow {
            id: 1,
            doc_id: 7,
            code_id: 3,
            start: 0,
            end: 2,
            coder: "a".into(),
            memo: String::new(),
            created_at: String::new(),
        });
        let mut t = Touched::default();
        t.record(&[Change::Insert { row: row.clone() }]);
        assert_eq!(t.coded_docs, BTreeSet::from([7]));
        assert_eq!(t.coded_codes, BTreeSet::from([3]));
        assert!(!t.documents && !t.codes && !t.memos && !t.cases && !t.all);
        assert!(t.texts.is_empty());
        assert_eq!(t.coders, BTreeSet::from(["a".to_owned()]));
        assert!(!t.codings_removed, "an added coding removes no coder");
        // Undone: the coding is deleted, and the coder may have no coding left.
        let mut undone = Touched::default();
        undone.record(&[Change::Insert { row }.inverse()]);
        assert!(undone.codings_removed && undone.coders.is_empty());
    }
}
