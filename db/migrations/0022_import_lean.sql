-- A bulk import of companies made cheaper to write (make bench: 1,000,000
-- rows from a Windows-1252 file).
--
-- The index company_name_key goes: its one reader, the "very like an
-- existing company" check, now reads the name range of the search's index
-- company_sort_order (db/company_search.c), which folds names the way the
-- search does ("aa" as å too). The column name_key stays (synced; written
-- by every version).
DROP INDEX company_name_key;

-- The search index keeps up to 64 MiB of new terms in memory before it
-- writes them out as a segment (default 1 MiB). A transaction of a few
-- rows is unaffected (pending terms are written at commit); a bulk fill or
-- a large sync import writes a sixtieth of the segments and merges far
-- less: filling the index for 1,000,000 companies took half the time.
INSERT INTO company_fts(company_fts, rank) VALUES ('hashsize', 67108864);

-- A company an import created names its batch (import_batch, synced with
-- the row) instead of an import_item row: a million created companies no
-- longer write a million items, each with three index entries and a sync
-- note. The contact created with such a company has an id derived from the
-- company's (src/import.c), so it needs no marker: a column on contact
-- would be one more synced field on every contact (the sync benchmark's
-- rows are contacts). A revert finds the companies by this column (a scan,
-- rare and bounded), and still by the 'created' items of older batches.
-- import_item keeps the fields a batch filled or updated, the contacts it
-- added to companies it found, and evaluations.
ALTER TABLE company ADD COLUMN import_batch TEXT;
