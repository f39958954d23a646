-- qcw project schema, version 5: stable identities for team merge.
--
-- Every document and code gets a UUID that does not depend on its name, place or row id, so that
-- copies of one project (coders' copies, `qcw team split`) can be merged: the same document or
-- code has the same UUID in every copy. Existing rows get the GUID the REFI-QDA export already
-- gave them (derived from the project's creation stamp), so earlier exports still match; new rows
-- get a random UUID. The project's own UUID is project_meta 'project_uuid'.
ALTER TABLE documents ADD COLUMN uuid TEXT;
ALTER TABLE codes ADD COLUMN uuid TEXT;
-- Filled by the migration step in Rust, then unique.
-- (CREATE UNIQUE INDEX runs after the step, in `store/identity.rs`.)

-- What was deleted: the UUIDs of deleted documents and codes (no names, no content), so a merge
-- can tell "deleted here" from "new there".
CREATE TABLE tombstones (
    uuid TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('document', 'code'))
);

-- Consensus decisions on disagreements between two coders (a unit: document, code and the
-- range the two coders' codings span). The consensus codings themselves are codings of the coder
-- `consensus`; a decision records that the unit is resolved (also when the answer is "neither").
CREATE TABLE consensus_decisions (
    doc_id   INTEGER NOT NULL REFERENCES documents(id),
    code_id  INTEGER NOT NULL REFERENCES codes(id),
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    decision TEXT NOT NULL,
    author   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, code_id, start, end)
);
