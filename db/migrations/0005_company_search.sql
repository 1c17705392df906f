-- Search as you type (db/company_search.c): one index on a sort key of the
-- name, built from SQLite's own functions so that any SQLite (the sqlite3
-- shell included) can write the table: lower case, ä ö é è ü folded, "aa"
-- read as å, and æ ø å spelt '{' '|' '}', the three bytes after 'z' (so a
-- literal { | } sorts with them, and rarer accented letters after å). Its
-- byte order is Danish alphabetical order up to case and accents (COLLATE
-- da breaks those ties in ORDER BY), and a typed
-- prefix is a range of it, so "names starting with the text, in Danish
-- order" is one index range read in order, however many companies match.
-- Merged duplicates are left out. The expression must stay identical to
-- SORT_KEY in company_search.c, or the planner will not use the index.
CREATE INDEX company_sort_key ON company(
  replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(lower(name),
  'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'),
  'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y')
) WHERE merged_into IS NULL;
