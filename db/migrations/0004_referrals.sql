-- Referrals and the partner network (issue 3): contacts at partner
-- organisations, referrals from a case to an organisation, the referral
-- status history, and reports back to a municipality that referred a case in.
--
-- All four tables are synced and follow SYNC.md's schema rules: a random
-- UUID text key, no UNIQUE index besides the key, no enforced foreign keys
-- and no CHECK constraints (a merge must never be refused); the stores and
-- src/referral.c check references, statuses and dates at entry.

-- Synced: a person at a partner organisation.
CREATE TABLE organisation_contact (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX organisation_contact_org ON organisation_contact(organisation_id);

-- Synced: a referral from a case to an organisation of the network.
-- status: proposed, sent, accepted, completed, declined, withdrawn
-- (src/referral.c holds the workflow); status_on is the date of the
-- current status. advisors_offered lists, for a referral to a private
-- advisor, the organisation ids of every advisor shown to the company.
CREATE TABLE referral (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  contact_id TEXT,                          -- organisation_contact id or NULL
  theme TEXT NOT NULL DEFAULT '',           -- theme key
  reason TEXT NOT NULL DEFAULT '',
  referred_on TEXT NOT NULL,                -- date (YYYY-MM-DD)
  status TEXT NOT NULL DEFAULT 'proposed',
  status_on TEXT NOT NULL,                  -- date of the current status
  follow_up TEXT,                           -- date or NULL
  outcome TEXT NOT NULL DEFAULT '',
  advisors_offered TEXT NOT NULL DEFAULT '[]',  -- JSON array of organisation ids
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX referral_case ON referral(case_id, referred_on);
CREATE INDEX referral_org ON referral(organisation_id, referred_on);
CREATE INDEX referral_date ON referral(referred_on);
CREATE INDEX referral_follow_up ON referral(follow_up) WHERE follow_up IS NOT NULL;

-- Synced, append-only: every status change of a referral, dated and signed
-- (the first row, from '' to 'proposed' or 'sent', is the creation).
CREATE TABLE referral_event (
  id TEXT PRIMARY KEY,
  referral_id TEXT NOT NULL,
  at TEXT NOT NULL,                         -- timestamp of the entry
  on_date TEXT NOT NULL,                    -- the date the change took effect
  user_id TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_event_referral ON referral_event(referral_id, at);

-- Synced, append-only: a case referred in by a municipality, reported back
-- to that municipality's business service.
CREATE TABLE referral_report_back (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,            -- the municipal business service
  municipality_code INTEGER NOT NULL,
  reported_on TEXT NOT NULL,                -- date
  summary TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX referral_report_back_case ON referral_report_back(case_id, reported_on);
