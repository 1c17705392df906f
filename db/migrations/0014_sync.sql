-- Sync between sites (doc/sync-format.md, ../shared/SYNC.md). Side tables
-- only: the synced tables themselves are untouched. The triggers that note
-- changes in sync_dirty are generated at open time from sync_table and
-- each table's columns (db/sync_store.c), so a new table or column is
-- covered without writing a trigger by hand.

-- Which tables are synced. Registering one is a single row in your
-- migration: INSERT INTO sync_table(name, kind) VALUES ('referral', 'lww');
-- kind 'append' documents an insert-only table (rows merge as a union).
-- The table's key is its single-column TEXT PRIMARY KEY (usually id).
CREATE TABLE sync_table (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'lww' CHECK (kind IN ('lww', 'append'))
);
INSERT INTO sync_table(name, kind) VALUES
  ('app_user', 'lww'), ('company', 'lww'), ('contact', 'lww'), ('case_file', 'lww'),
  ('organisation', 'lww'), ('journal_entry', 'append'), ('case_event', 'append'),
  ('audit', 'append'), ('audit_key', 'lww'), ('organisation_contact', 'lww'),
  ('referral', 'lww'), ('referral_event', 'append'), ('referral_report_back', 'append'),
  ('trust_position', 'lww'), ('import_batch', 'lww'), ('import_item', 'append'),
  ('evaluation', 'append'), ('target', 'lww'), ('erasure', 'append'),
  ('consent_event', 'append'), ('case_member', 'lww');

-- This database's site identity and secret keys (never exported or printed).
CREATE TABLE sync_self (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  site TEXT NOT NULL,
  name TEXT NOT NULL,
  house TEXT NOT NULL,
  location TEXT NOT NULL,
  deployment TEXT NOT NULL,
  sign_pk BLOB NOT NULL,
  sign_sk BLOB NOT NULL,
  box_pk BLOB NOT NULL,
  box_sk BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Trusted peers (public keys only); revoked_at set for a lost laptop.
CREATE TABLE sync_peer (
  site TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  house TEXT NOT NULL,
  location TEXT NOT NULL,
  deployment TEXT NOT NULL,
  sign_pk BLOB NOT NULL,
  box_pk BLOB NOT NULL,
  trusted_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Hybrid logical clock (48-bit ms, 16-bit counter) and the local change
-- counter; one row.
CREATE TABLE sync_clock (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  hlc INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
INSERT INTO sync_clock VALUES (1, 0, 0);

-- Row existence: causal length cl (odd alive, even deleted) with its dot
-- (hlc, site) and causal context ctx (per site the highest HLC seen).
CREATE TABLE sync_row (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  cl INTEGER NOT NULL,
  hlc INTEGER NOT NULL,
  site TEXT NOT NULL,
  ctx BLOB NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, id)
) WITHOUT ROWID;
CREATE INDEX sync_row_seq ON sync_row(seq);

-- One per field: its version (cl, hlc, site), context and value. The value
-- is NULL once the row's causal length has moved past the cell's (deleted
-- rows keep no personal data).
CREATE TABLE sync_cell (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  col TEXT NOT NULL,
  cl INTEGER NOT NULL,
  hlc INTEGER NOT NULL,
  site TEXT NOT NULL,
  ctx BLOB NOT NULL,
  val,
  seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, id, col)
) WITHOUT ROWID;
CREATE INDEX sync_cell_seq ON sync_cell(seq);

-- Replicated conflict log: a value that lost to a write that had not seen
-- it. kind 1 = concurrent edit, 2 = lost to a delete.
CREATE TABLE sync_conflict (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  col TEXT NOT NULL,
  loser_hlc INTEGER NOT NULL,
  loser_site TEXT NOT NULL,
  winner_hlc INTEGER NOT NULL,
  winner_site TEXT NOT NULL,
  kind INTEGER NOT NULL,
  val,
  seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, id, col, loser_hlc, loser_site, winner_hlc, winner_site)
) WITHOUT ROWID;
CREATE INDEX sync_conflict_seq ON sync_conflict(seq);

-- Per site: have = how far (contiguously) we hold that site's changes;
-- peer_has = how much of ours that site last reported holding.
CREATE TABLE sync_ack (
  site TEXT PRIMARY KEY,
  have INTEGER NOT NULL DEFAULT 0,
  peer_has INTEGER NOT NULL DEFAULT 0,
  last_import TEXT,
  last_export TEXT
);

-- Rows and fields changed locally since the last flush (col '' for the
-- row itself); written by the generated triggers, emptied by the program
-- when it stamps them (db/sync_store.c, sync_store_flush_local).
CREATE TABLE sync_dirty (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  col TEXT NOT NULL,
  PRIMARY KEY (tbl, id, col)
) WITHOUT ROWID;

-- Files applied (idempotency by file id).
CREATE TABLE sync_file (
  file_id BLOB PRIMARY KEY,
  sender TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  changes INTEGER NOT NULL
);

-- Rows whose merged fields the local schema refused (a CHECK this version
-- has, say); their fields are kept in sync_cell and relayed.
CREATE TABLE sync_unapplied (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (tbl, id)
) WITHOUT ROWID;
