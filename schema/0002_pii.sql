-- qcw project schema, version 2: the anonymization audit.

-- The project's watch-list: real names and places the audit looks for.
CREATE TABLE pii_watch (
    term TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('name', 'place', 'other'))
);

-- Redaction is the one change to a document's text after import. Every write of a document's
-- text (import, redaction, its undo and redo) takes a fresh number from project_meta
-- 'text_rev' and records it here, so the search index's stamp of the document changes. A cache
-- key only, not domain data: not in the command log.
CREATE TABLE doc_text_rev (
    doc_id INTEGER PRIMARY KEY,
    rev    INTEGER NOT NULL
);
