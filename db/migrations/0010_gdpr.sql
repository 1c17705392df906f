-- Data protection: erasures (right to be forgotten) and lawful refusals.
-- Synced and append-only: an erasure names only the subject's id, never
-- its personal data; each site that receives it anonymises its own copy
-- (src/gdpr.c gdpr_apply_erasure), so the erasure travels by sync without
-- carrying what it erases.
CREATE TABLE erasure (
  id TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('contact', 'case')),
  subject_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('erased', 'refused', 'purged')),
  reason TEXT NOT NULL DEFAULT '',       -- for a refusal: the lawful reason
  at TEXT NOT NULL,
  user_id TEXT NOT NULL
);
CREATE INDEX erasure_subject ON erasure(subject_id);
