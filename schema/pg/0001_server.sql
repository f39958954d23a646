-- qcw team server, version 1: every published project lives in the schema `qcw` of one
-- PostgreSQL database. The projects' data is an append-only log of operations (`ops`), each with
-- the row-level changes it made (`op_rows`, the same change records as a project file's command
-- log, so each carries its inverse). Clients keep a replica (a project file) and catch up by the
-- last operation id they applied; NOTIFY on channel `qcw` only wakes them.
--
-- Access: members are PostgreSQL roles listed in `members` (role pi or coder); the owner who
-- published a project is its PI too. Row-level security enforces it for every role that is not
-- the tables' owner: a coder of a blinded project reads only their own codings, and a coder
-- cannot change the codebook when the project's codebook is locked. No role may update or delete
-- log rows: the log is append-only.

CREATE SCHEMA qcw;

CREATE TABLE qcw.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE qcw.projects (
    name            text PRIMARY KEY,
    uuid            text NOT NULL,
    blinded         boolean NOT NULL DEFAULT false,
    codebook_locked boolean NOT NULL DEFAULT false,
    owner           name NOT NULL DEFAULT session_user,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE qcw.members (
    project   text NOT NULL REFERENCES qcw.projects (name) ON DELETE CASCADE,
    role_name name NOT NULL,
    coder     text NOT NULL,
    role      text NOT NULL CHECK (role IN ('pi', 'coder')),
    PRIMARY KEY (project, role_name),
    UNIQUE (project, coder)
);

CREATE TABLE qcw.ops (
    id         bigserial PRIMARY KEY,
    project    text NOT NULL REFERENCES qcw.projects (name) ON DELETE CASCADE,
    ts         timestamptz NOT NULL DEFAULT clock_timestamp(),
    author     text NOT NULL,
    role_name  name NOT NULL DEFAULT session_user,
    kind       text NOT NULL CHECK (kind IN ('publish', 'do', 'undo', 'redo')),
    history_id bigint,
    label      text NOT NULL,
    idem_key   text NOT NULL,
    UNIQUE (project, idem_key)
);
CREATE INDEX ops_project_id ON qcw.ops (project, id);

-- The table and the coder of a change are derived from the change itself, so a client cannot
-- label a coding as something else to slip past the policies.
CREATE TABLE qcw.op_rows (
    op_id   bigint NOT NULL REFERENCES qcw.ops (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    project text NOT NULL,
    change  jsonb NOT NULL,
    tbl     text GENERATED ALWAYS AS (coalesce(change -> 'row' ->> 'table', change -> 'after' ->> 'table')) STORED,
    coder   text GENERATED ALWAYS AS (
        CASE WHEN coalesce(change -> 'row' ->> 'table', change -> 'after' ->> 'table') IN ('coding', 'suggest_reject')
             THEN coalesce(change -> 'row' ->> 'coder', change -> 'after' ->> 'coder') END) STORED,
    coder_before text GENERATED ALWAYS AS (
        CASE WHEN change -> 'before' ->> 'table' IN ('coding', 'suggest_reject')
             THEN change -> 'before' ->> 'coder' END) STORED,
    PRIMARY KEY (op_id, seq)
);
CREATE INDEX op_rows_project_op ON qcw.op_rows (project, op_id);

-- Row ids come from blocks of 2^32, one block per replica, so replicas never choose the same id
-- (not even a blinded coder's, who cannot see the others' rows).
CREATE SEQUENCE qcw.id_blocks START 1;

-- Who has which document open (the workbench updates it every few seconds).
CREATE TABLE qcw.presence (
    project  text NOT NULL REFERENCES qcw.projects (name) ON DELETE CASCADE,
    coder    text NOT NULL,
    document text NOT NULL DEFAULT '',
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project, coder)
);

CREATE FUNCTION qcw.my_coder(p text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coder FROM qcw.members WHERE project = p AND role_name = session_user
$$;

CREATE FUNCTION qcw.is_pi(p text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT EXISTS (SELECT 1 FROM qcw.members WHERE project = p AND role_name = session_user AND role = 'pi')
        OR EXISTS (SELECT 1 FROM qcw.projects WHERE name = p AND owner = session_user)
$$;

CREATE FUNCTION qcw.is_member(p text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT qcw.my_coder(p) IS NOT NULL OR qcw.is_pi(p)
$$;

CREATE FUNCTION qcw.blinded(p text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT blinded FROM qcw.projects WHERE name = p), true)
$$;

CREATE FUNCTION qcw.codebook_locked(p text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT codebook_locked FROM qcw.projects WHERE name = p), true)
$$;

CREATE FUNCTION qcw.pi_coders(p text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coder FROM qcw.members WHERE project = p AND role = 'pi'
$$;

ALTER TABLE qcw.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_read ON qcw.projects FOR SELECT USING (qcw.is_member(name));
CREATE POLICY projects_pi ON qcw.projects FOR UPDATE USING (qcw.is_pi(name));

ALTER TABLE qcw.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON qcw.members FOR SELECT USING (qcw.is_member(project));

ALTER TABLE qcw.ops ENABLE ROW LEVEL SECURITY;
CREATE POLICY ops_read ON qcw.ops FOR SELECT USING (
    qcw.is_member(project) AND (
        NOT qcw.blinded(project) OR qcw.is_pi(project) OR kind = 'publish'
        OR author = qcw.my_coder(project) OR author IN (SELECT qcw.pi_coders(project))));
CREATE POLICY ops_write ON qcw.ops FOR INSERT WITH CHECK (
    role_name = session_user AND (
        qcw.is_pi(project)
        OR (qcw.is_member(project) AND kind <> 'publish' AND author = qcw.my_coder(project))));

ALTER TABLE qcw.op_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY op_rows_read ON qcw.op_rows FOR SELECT USING (
    qcw.is_member(project) AND (
        NOT qcw.blinded(project) OR qcw.is_pi(project)
        OR ((coder IS NULL OR coder = qcw.my_coder(project))
            AND (coder_before IS NULL OR coder_before = qcw.my_coder(project)))));
CREATE POLICY op_rows_write ON qcw.op_rows FOR INSERT WITH CHECK (
    qcw.is_pi(project) OR (
        qcw.is_member(project)
        AND (NOT qcw.blinded(project)
             OR ((coder IS NULL OR coder = qcw.my_coder(project))
                 AND (coder_before IS NULL OR coder_before = qcw.my_coder(project))))
        AND (tbl <> 'code' OR NOT qcw.codebook_locked(project))));

ALTER TABLE qcw.presence ENABLE ROW LEVEL SECURITY;
CREATE POLICY presence_read ON qcw.presence FOR SELECT USING (qcw.is_member(project));
CREATE POLICY presence_write ON qcw.presence FOR ALL USING (coder = qcw.my_coder(project))
    WITH CHECK (coder = qcw.my_coder(project));

GRANT USAGE ON SCHEMA qcw TO PUBLIC;
GRANT SELECT ON qcw.projects, qcw.members, qcw.ops, qcw.op_rows, qcw.presence TO PUBLIC;
GRANT UPDATE (blinded, codebook_locked) ON qcw.projects TO PUBLIC;
GRANT INSERT ON qcw.ops, qcw.op_rows TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON qcw.presence TO PUBLIC;
GRANT USAGE ON SEQUENCE qcw.ops_id_seq, qcw.id_blocks TO PUBLIC;
REVOKE ALL ON qcw.meta FROM PUBLIC;
GRANT SELECT ON qcw.meta TO PUBLIC;

INSERT INTO qcw.meta (key, value) VALUES ('schema_version', '1');
