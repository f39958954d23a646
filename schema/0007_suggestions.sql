-- qcw project schema: private code suggestions (issue 16).

-- A suggestion a coder rejected: the segment [start, end) (code points) of a document that the
-- code does not fit. It is not suggested again for that code and trains the model as a negative
-- example. Written only through the command layer (`RejectSuggestion`), so undo brings it back.
CREATE TABLE suggestion_rejects (
    doc_id      INTEGER NOT NULL REFERENCES documents(id),
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    coder       TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, code_id, start, end)
);
CREATE INDEX suggestion_rejects_code ON suggestion_rejects(code_id);
