-- Reviewing sync (issue 5): decisions on entries of the replicated
-- conflict log, and files held because they are dated in the future.

-- A supervisor's decision on a conflict: the losing value was restored
-- (by an ordinary write, which syncs and wins everywhere) or the winner
-- kept. Synced and append-only, so an entry shows as resolved at every
-- site. conflict: the entry's id, a hash of its key that every site
-- computes alike (src/sync_review.c).
CREATE TABLE conflict_resolution (
  id TEXT PRIMARY KEY,
  conflict TEXT NOT NULL,
  action TEXT NOT NULL,                    -- 'restored' or 'kept'
  at TEXT NOT NULL,
  by_user TEXT NOT NULL
);
CREATE INDEX conflict_resolution_conflict ON conflict_resolution(conflict, at);
INSERT INTO sync_table(name, kind) VALUES ('conflict_resolution', 'append');

-- Local only: sync files not applied because they are dated more than an
-- hour ahead of this computer's clock, where they lie, until applied.
CREATE TABLE sync_held_file (
  path TEXT PRIMARY KEY,
  sender TEXT NOT NULL,
  dated TEXT NOT NULL,
  noted_at TEXT NOT NULL
);
