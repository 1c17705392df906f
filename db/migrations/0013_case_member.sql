-- Consultants added to a case by its consultant or a supervisor: they get
-- the case consultant's access to it (details, journal). Synced; a removed
-- member is a deleted row.
CREATE TABLE case_member (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX case_member_case ON case_member(case_id, user_id);
CREATE INDEX case_member_user ON case_member(user_id);
