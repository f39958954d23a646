-- The command log keeps each document text once. Log entries of format 2 carry a document's text
-- as its SHA-256 (`text_sha256` in the row image); the text itself is read from the document that
-- holds it (documents.text_sha256) or, while no document holds it (deleted, undone import,
-- redacted), from history_texts. history_text_refs says which entries need which texts, so texts
-- no entry needs are dropped. Entries of format 1 (before this migration) hold full texts.
ALTER TABLE documents ADD COLUMN text_sha256 TEXT;
CREATE INDEX documents_text_sha256 ON documents(text_sha256);
ALTER TABLE history ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
CREATE TABLE history_texts (
    sha256 TEXT PRIMARY KEY,
    text   TEXT NOT NULL
);
CREATE TABLE history_text_refs (
    history_id INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    PRIMARY KEY (history_id, sha256)
);
CREATE INDEX history_text_refs_sha256 ON history_text_refs(sha256);
CREATE TRIGGER history_text_refs_gone AFTER DELETE ON history BEGIN
    DELETE FROM history_text_refs WHERE history_id = OLD.id;
END;
