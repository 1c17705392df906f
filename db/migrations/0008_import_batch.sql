-- Import batches: every CSV import is recorded with what it did, so it can
-- be reverted as a whole (the rows it created removed, the fields it filled
-- emptied) while nothing has been built on them since.
--
-- Synced-table rules (../shared/SYNC.md): UUID keys, no UNIQUE index
-- besides the key, no enforced foreign keys; additive changes only.

CREATE TABLE import_batch (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                      -- 'companies', 'evaluations'
  file_name TEXT NOT NULL DEFAULT '',      -- base name of the file, for the list
  encoding TEXT NOT NULL DEFAULT '',
  delimiter TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  reverted_at TEXT,
  reverted_by TEXT
);
CREATE INDEX import_batch_created ON import_batch(created_at);

-- One row per change the batch made: a row it created (field '') or a
-- field it set (old_value is what was there before, new_value what the
-- import wrote).
CREATE TABLE import_item (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  tbl TEXT NOT NULL,                       -- 'company', 'contact', ...
  row_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('created', 'filled', 'updated')),
  field TEXT NOT NULL DEFAULT '',
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX import_item_batch ON import_item(batch_id);
CREATE INDEX import_item_row ON import_item(row_id);
