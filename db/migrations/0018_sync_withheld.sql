-- Sync beyond the house respects consent (doc/sync-format.md, "Consent"):
-- rows of a company whose consent does not cover sharing are not exported
-- to a site of another house. Local, never synced: which rows were held
-- back from which peer, so that they are sent (they take a new change
-- number) as soon as the consent covers sharing again.
CREATE TABLE sync_withheld (
  peer TEXT NOT NULL,
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (peer, tbl, id)
) WITHOUT ROWID;
