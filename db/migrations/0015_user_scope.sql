-- The location scope of a supervisor (issue 7: "every case of the house, or
-- of the locations set for the supervisor"). An administrator sets it with
-- `knudepunkt user scope`. While a supervisor has rows here, its case work,
-- caseloads, queue, reassignment, reports and audit trail are limited to
-- these locations of its house; no rows means the whole house. One row per
-- location; synced, a removed location is a deleted row.
CREATE TABLE user_scope (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  location TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE INDEX user_scope_user ON user_scope(user_id, location);
INSERT INTO sync_table(name, kind) VALUES ('user_scope', 'lww');
