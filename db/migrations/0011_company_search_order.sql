-- The search index gets the whole Danish order: after the sort key of
-- 0005, the number of "aa" in the name (COLLATE da puts Nygård before
-- Nygaard) and the name's bytes. SQLite then reads names in order from the
-- index alone instead of sorting ties (computing the key again for every
-- row). The expressions must stay identical to SORT_KEY and SORT_TIE in
-- db/company_search.c, or the planner will not use the index.
DROP INDEX IF EXISTS company_sort_key;
CREATE INDEX company_sort_order ON company(
  replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(lower(name),
  'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'),
  'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y'),
  length(name) - length(replace(lower(name), 'aa', '')),
  name
) WHERE merged_into IS NULL;
