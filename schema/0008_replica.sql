-- A project file can be a replica of a project on a team server (`qcw team clone`). Its
-- `project_meta` then holds remote_url, remote_project, remote_last_op (the last server operation
-- applied) and remote_id_next / remote_id_end (the replica's block of row ids).
--
-- Commands made while the server could not be reached wait here until they are sent, each with
-- the idempotency key that makes sending it twice harmless.
CREATE TABLE remote_pending (
    history_id INTEGER PRIMARY KEY,
    idem_key   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
    target     INTEGER
);
