-- 0005 first indexed an application function (da_key), which made the
-- company table unwritable from a bare sqlite3 shell. Databases migrated
-- with that version get the shell-safe index of today's 0005 instead.
DROP INDEX IF EXISTS company_da_key;
CREATE INDEX IF NOT EXISTS company_sort_key ON company(
  replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(lower(name),
  'Æ', '{'), 'æ', '{'), 'Ä', '{'), 'ä', '{'), 'Ø', '|'), 'ø', '|'), 'Ö', '|'), 'ö', '|'),
  'Å', '}'), 'å', '}'), 'aa', '}'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'ü', 'y'), 'Ü', 'y')
) WHERE merged_into IS NULL;
