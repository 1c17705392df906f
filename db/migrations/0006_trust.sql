-- Impartiality (habilitet): consultants' trust positions in companies -
-- board seats, ownership, family ties - with from and to dates. Synced
-- (UUID key, no enforced references; the store checks them at entry).
CREATE TABLE trust_position (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  company_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('board', 'owner', 'family', 'employment', 'other')),
  note TEXT NOT NULL DEFAULT '',
  from_date TEXT NOT NULL,
  to_date TEXT,                          -- NULL: still held
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX trust_position_user ON trust_position(user_id, company_id);
CREATE INDEX trust_position_company ON trust_position(company_id);
