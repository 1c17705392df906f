-- Supervision: the companies' evaluations of closed cases and the
-- result-contract targets, plus the indexes the goals dashboard and the
-- caseload screens read by.
--
-- Both tables are synced (../shared/SYNC.md, "Schema rules"): a random UUID
-- text key, no UNIQUE index besides the key, no enforced foreign keys and no
-- CHECK constraints (a merge must never be refused); src/evaluation.c and
-- src/target.c check values and references, and the store keeps one target
-- per key, at entry.

-- Synced, append-only: "would you recommend the erhvervshus" 0-10 and "did
-- the guidance affect your operations or development positively"; either
-- may be unanswered (NULL), not both (checked at entry).
CREATE TABLE evaluation (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  recommend INTEGER,                       -- 0..10, NULL when unanswered
  effect TEXT,                             -- yes, no, dont_know; NULL when unanswered
  answered TEXT NOT NULL,                  -- date (YYYY-MM-DD)
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX evaluation_case ON evaluation(case_id);
CREATE INDEX evaluation_answered ON evaluation(answered);

-- Synced: a result-contract target of a house (location NULL) or of one of
-- its locations, for a year and a goal metric (src/target.h lists them).
CREATE TABLE target (
  id TEXT PRIMARY KEY,
  house TEXT NOT NULL,
  location TEXT,
  year INTEGER NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  set_at TEXT NOT NULL,
  set_by TEXT NOT NULL
);
CREATE INDEX target_year ON target(year, house, location, metric);

-- Meetings by date (goals: served companies, meetings per period) and cases
-- by opening date (goal VII, registrations).
CREATE INDEX journal_entry_meeting ON journal_entry(kind, occurred, case_id);
CREATE INDEX case_file_opened ON case_file(opened);
