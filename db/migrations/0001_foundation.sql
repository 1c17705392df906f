-- Foundation schema: reference tables (local, natural keys, identical at every
-- site because they come from migrations) and the first synced tables.
--
-- Rules for synced tables (../shared/SYNC.md, "Schema rules"): a random UUID
-- text key, no UNIQUE index besides the key, no enforced foreign keys; the
-- store layer checks uniqueness and references at entry. Additive changes only.

CREATE TABLE house (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  head_office_town TEXT NOT NULL,
  cvr TEXT,
  kkr TEXT NOT NULL
);

CREATE TABLE location (
  key TEXT PRIMARY KEY,
  house TEXT NOT NULL REFERENCES house(key),
  kind TEXT NOT NULL CHECK (kind IN ('head_office', 'branch')),
  town TEXT NOT NULL,
  municipality_code INTEGER NOT NULL,
  note TEXT
);

CREATE TABLE municipality (
  code INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  official_name TEXT NOT NULL,
  region_code INTEGER NOT NULL,
  region TEXT NOT NULL,
  house TEXT NOT NULL REFERENCES house(key),
  house_basis TEXT
);

CREATE TABLE postcode (
  postcode TEXT NOT NULL,
  town TEXT NOT NULL,
  municipality_code INTEGER NOT NULL,
  region_code INTEGER,
  PRIMARY KEY (postcode, municipality_code)
) WITHOUT ROWID;

CREATE TABLE theme (
  key TEXT PRIMARY KEY,
  label_da TEXT NOT NULL,
  label_en TEXT NOT NULL,
  grp TEXT NOT NULL,
  digital INTEGER NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL
);

CREATE TABLE target_group (
  key TEXT PRIMARY KEY,
  label_da TEXT NOT NULL,
  label_en TEXT NOT NULL,
  note TEXT,
  sort INTEGER NOT NULL
);

CREATE TABLE case_source (
  key TEXT PRIMARY KEY,
  label_da TEXT NOT NULL,
  label_en TEXT NOT NULL,
  note TEXT,
  sort INTEGER NOT NULL
);

CREATE TABLE partner_type (
  key TEXT PRIMARY KEY,
  label_da TEXT NOT NULL,
  label_en TEXT NOT NULL,
  examples TEXT,
  sort INTEGER NOT NULL
);

-- Synced: people who use the program.
CREATE TABLE app_user (
  id TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  name TEXT NOT NULL,
  initials TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('intake', 'consultant', 'supervisor', 'admin')),
  location TEXT NOT NULL,
  themes TEXT NOT NULL DEFAULT '[]',     -- JSON array of theme keys (specialities)
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX app_user_login ON app_user(login);
CREATE INDEX app_user_location ON app_user(location, role);

-- Synced: a company, or a pre-start person (is_prestart = 1, no CVR).
CREATE TABLE company (
  id TEXT PRIMARY KEY,
  cvr TEXT,                               -- 8 digits, modulus 11; fixed once set
  pnumber TEXT,                           -- 10 digits, format only
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,                 -- folded name for prefix search
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  town TEXT NOT NULL DEFAULT '',
  municipality_code INTEGER,
  industry_code TEXT NOT NULL DEFAULT '', -- e.g. 620100
  industry_class TEXT NOT NULL DEFAULT 'DB07',
  size_class TEXT NOT NULL DEFAULT '',    -- employees: 0, 1-9, 10-49, 50-249, 250+
  founded_year INTEGER,
  target_group TEXT NOT NULL DEFAULT '',
  growth_ambition TEXT NOT NULL DEFAULT '' CHECK (growth_ambition IN ('', 'none', 'moderate', 'high')),
  is_prestart INTEGER NOT NULL DEFAULT 0,
  consent_given TEXT,                     -- date consent was given
  consent_scope TEXT NOT NULL DEFAULT '',
  consent_withdrawn TEXT,                 -- date consent was withdrawn
  merged_into TEXT,                       -- survivor's id after a duplicate merge
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX company_cvr ON company(cvr) WHERE cvr IS NOT NULL;
CREATE INDEX company_name_key ON company(name_key);

-- Synced: contact persons at a company.
CREATE TABLE contact (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX contact_company ON contact(company_id);

-- Synced: a guidance case (forløb).
CREATE TABLE case_file (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',          -- the need, in a line
  source TEXT NOT NULL,
  source_municipality INTEGER,             -- when source = 'municipality'
  source_date TEXT,
  target_group TEXT NOT NULL DEFAULT '',
  themes TEXT NOT NULL DEFAULT '[]',       -- JSON array of theme keys
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'active', 'closed')),
  location TEXT,
  consultant_id TEXT,
  opened TEXT NOT NULL,                    -- date
  closed TEXT,                             -- date
  outcome TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX case_file_consultant ON case_file(consultant_id, status);
CREATE INDEX case_file_location ON case_file(location, status);
CREATE INDEX case_file_company ON case_file(company_id);
CREATE INDEX case_file_status ON case_file(status, opened);

-- Synced, append-only: meetings and notes (confidential).
CREATE TABLE journal_entry (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('meeting', 'note')),
  occurred TEXT NOT NULL,                  -- date (YYYY-MM-DD) or date and time
  duration_min INTEGER,
  place TEXT NOT NULL DEFAULT '' CHECK (place IN ('', 'house', 'company', 'online', 'phone')),
  participants TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX journal_entry_case ON journal_entry(case_id, occurred);

-- Synced, append-only: the case timeline of status changes, assignments,
-- reopenings and other events, each dated and signed.
CREATE TABLE case_event (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- opened, status, assigned, reopened, closed, ...
  from_value TEXT NOT NULL DEFAULT '',
  to_value TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event(case_id, at);

-- Append-only audit trail (extended by the security migration).
CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  terminal TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  tbl TEXT NOT NULL DEFAULT '',
  row_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_user ON audit(user_id, at);
CREATE INDEX audit_row ON audit(row_id);

-- Synced: organisations of the business-support network (partners).
-- Seeded with fixed UUIDs by 0002 so every site holds the same rows.
CREATE TABLE organisation (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,                      -- partner_type key
  themes TEXT NOT NULL DEFAULT '[]',       -- JSON array of theme keys
  area TEXT NOT NULL DEFAULT 'national',   -- 'national', a house key, or 'municipality'
  municipality_code INTEGER,               -- for municipal business services
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX organisation_type ON organisation(type);

-- Local settings (not synced).
CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Search index over companies: name, CVR, town and contact names. Local, kept
-- by triggers, never synced. rowid = company.rowid.
CREATE VIRTUAL TABLE company_fts USING fts5(
  name, cvr, town, contacts,
  tokenize = "unicode61 remove_diacritics 0",
  prefix = '1 2 3');

CREATE TRIGGER company_fts_ai AFTER INSERT ON company BEGIN
  INSERT INTO company_fts(rowid, name, cvr, town, contacts)
  VALUES (new.rowid, new.name, coalesce(new.cvr, ''), new.town, '');
END;
CREATE TRIGGER company_fts_au AFTER UPDATE OF name, cvr, town ON company BEGIN
  UPDATE company_fts SET name = new.name, cvr = coalesce(new.cvr, ''), town = new.town
  WHERE rowid = new.rowid;
END;
CREATE TRIGGER company_fts_ad AFTER DELETE ON company BEGIN
  DELETE FROM company_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN
  UPDATE company_fts SET contacts =
    coalesce((SELECT group_concat(name, ' ') FROM contact
              WHERE company_id = new.company_id), '')
  WHERE rowid = (SELECT rowid FROM company WHERE id = new.company_id);
END;
CREATE TRIGGER contact_fts_au AFTER UPDATE OF name, company_id ON contact BEGIN
  UPDATE company_fts SET contacts =
    coalesce((SELECT group_concat(name, ' ') FROM contact
              WHERE company_id = old.company_id), '')
  WHERE rowid = (SELECT rowid FROM company WHERE id = old.company_id);
  UPDATE company_fts SET contacts =
    coalesce((SELECT group_concat(name, ' ') FROM contact
              WHERE company_id = new.company_id), '')
  WHERE rowid = (SELECT rowid FROM company WHERE id = new.company_id);
END;
CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN
  UPDATE company_fts SET contacts =
    coalesce((SELECT group_concat(name, ' ') FROM contact
              WHERE company_id = old.company_id), '')
  WHERE rowid = (SELECT rowid FROM company WHERE id = old.company_id);
END;
