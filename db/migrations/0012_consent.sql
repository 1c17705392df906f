-- Consent history: every giving and withdrawal of a company's consent,
-- with who, when, the scope and the version of the consent text shown to
-- the company. Synced, append-only; company.consent_* keeps the current
-- state for reading.
CREATE TABLE consent_event (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('given', 'withdrawn')),
  scope TEXT NOT NULL DEFAULT '',
  text_version TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  user_id TEXT NOT NULL
);
CREATE INDEX consent_event_company ON consent_event(company_id, at);
