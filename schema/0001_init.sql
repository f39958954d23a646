-- qcw project schema, version 1.
-- Positions are Unicode code points, [start, end). Document text never changes after import.

CREATE TABLE project_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    chars       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    source_path TEXT NOT NULL,
    format      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE doc_attributes (
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (doc_id, key)
);

CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES codes(id),
    name        TEXT NOT NULL,
    color       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    definition  TEXT NOT NULL DEFAULT '',
    inclusion   TEXT NOT NULL DEFAULT '',
    exclusion   TEXT NOT NULL DEFAULT '',
    example     TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX codes_sibling_name ON codes(ifnull(parent_id, 0), name);

CREATE TABLE codings (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    code_id    INTEGER NOT NULL REFERENCES codes(id),
    start      INTEGER NOT NULL CHECK (start >= 0),
    end        INTEGER NOT NULL CHECK (end > start),
    coder      TEXT NOT NULL,
    memo       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (doc_id, code_id, coder, start, end)
);
CREATE INDEX codings_doc ON codings(doc_id, start);
CREATE INDEX codings_code ON codings(code_id);

-- Memos on a document, a code or a case (a coding's memo lives in codings.memo).
CREATE TABLE memos (
    target_kind TEXT NOT NULL CHECK (target_kind IN ('document', 'code', 'case', 'project')),
    target_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (target_kind, target_id)
);

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

-- Attribute definitions: a type for each attribute name of cases or documents.
CREATE TABLE attribute_defs (
    scope    TEXT NOT NULL CHECK (scope IN ('case', 'document')),
    name     TEXT NOT NULL,
    type     TEXT NOT NULL CHECK (type IN ('text', 'integer', 'float', 'boolean', 'date', 'category')),
    allowed  TEXT NOT NULL DEFAULT '[]',  -- JSON array of allowed values for 'category'
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, name)
);

CREATE TABLE case_attributes (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (case_id, key)
);

-- A document (start/end NULL) or a segment of it linked to a case.
CREATE TABLE case_links (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    doc_id  INTEGER NOT NULL REFERENCES documents(id),
    start   INTEGER,
    end     INTEGER,
    UNIQUE (case_id, doc_id, start, end)
);

-- Researcher overrides of a QCA condition cell (case × condition code), with the reason.
CREATE TABLE qca_overrides (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    code_id    INTEGER NOT NULL REFERENCES codes(id),
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    reason     TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, code_id)
);

-- Memos on a case × code matrix cell.
CREATE TABLE cell_memos (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    code_id    INTEGER NOT NULL REFERENCES codes(id),
    text       TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, code_id)
);

-- The project's segmentation dictionary (added to jieba's) and stop words.
CREATE TABLE dict_words (
    word TEXT PRIMARY KEY,
    freq INTEGER,
    pos  TEXT
);
CREATE TABLE stopwords (
    word TEXT PRIMARY KEY
);

-- The command log: every change with the row images needed to undo and redo it.
CREATE TABLE history (
    id       INTEGER PRIMARY KEY,
    ts       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    label    TEXT NOT NULL,
    changes  TEXT NOT NULL,   -- JSON array of row-level changes, in application order
    undone   INTEGER NOT NULL DEFAULT 0
);

-- Audit trail: who did, undid or redid what, when. Never rewritten.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    ts         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('do', 'undo', 'redo')),
    history_id INTEGER NOT NULL,
    label      TEXT NOT NULL
);
