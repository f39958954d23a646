-- qcw project schema: document groups (sets). A group names a set of documents (the import's
-- sub-folders, a REFI-QDA Set, or made by hand); a document may be in several groups.

CREATE TABLE doc_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE doc_group_members (
    group_id INTEGER NOT NULL REFERENCES doc_groups (id),
    doc_id   INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (group_id, doc_id)
);

CREATE INDEX doc_group_members_doc ON doc_group_members (doc_id);
