-- Search as you type (db/company_search.c): one index on the binary Danish
-- sort key of the name. Its order is exactly COLLATE da, and a typed
-- prefix is a byte range of it, so "names starting with the text, in
-- Danish order" is one index range read in order, however many companies
-- match. Merged duplicates are left out of the index (and of the search).
-- Local, like company_fts: da_key() is registered on every connection by
-- db_open; a bare sqlite3 shell can read the table but not write it.
CREATE INDEX company_da_key ON company(da_key(name)) WHERE merged_into IS NULL;
