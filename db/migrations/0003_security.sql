-- Security: the hash-chained, append-only audit trail; per-subject keys
-- that make the personal part of audit entries erasable; local password
-- credentials.
--
-- audit (synced, append-only): each site (origin) keeps its own chain,
-- seq 1, 2, 3, ... with hash = SHA-256 over the entry and the previous
-- hash (src/audit.c). Rows from other sites arrive by sync as inserts,
-- so per-origin chains merge as a union. Personal content (search text,
-- before/after values) lives only in `secret`, encrypted with the key of
-- audit_key.subject; erasure deletes that key, the chain stays intact.
ALTER TABLE audit ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN key_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN secret BLOB;
CREATE INDEX audit_chain ON audit(origin, seq);
CREATE INDEX audit_subject ON audit(key_subject) WHERE key_subject <> '';

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- Synced: one random key per subject (a contact, a company, or a single
-- audit entry such as a search). Deleting the row erases the personal part
-- of every audit entry under that subject.
CREATE TABLE audit_key (
  subject TEXT PRIMARY KEY,
  key BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Local, never synced: password hashes (Argon2id, libsodium's encoded
-- string) and the failure counter behind the growing delay and the lock.
CREATE TABLE credential (
  user_id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure TEXT,
  locked INTEGER NOT NULL DEFAULT 0,
  changed_at TEXT NOT NULL
);
