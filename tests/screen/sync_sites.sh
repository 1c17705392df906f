# Makes the screen test's database (kobenhavn, with company A "Alfa ApS")
# a sync site, "København hus", and a copy of it the site "Kims laptop";
# they trust each other and exchange files while both rename company A:
# the laptop writes later and wins, so the house logs the conflict. Then
# the laptop's clock runs six hours fast: its next file is held. Run by
# run.sh (# sh:) in the working folder with K and DB set.
set -eu
at() { KNUDEPUNKT_NOW=$1; export KNUDEPUNKT_NOW; }
cp "$DB" laptop.db
at 2026-03-02T08:00:00Z
"$K" --db "$DB" --user admin site init --name "København hus" --house hovedstaden \
	--location kobenhavn --deployment demo >/dev/null
"$K" --db laptop.db --user admin site init --name "Kims laptop" --house hovedstaden \
	--location kobenhavn --deployment demo >/dev/null
"$K" --db "$DB" --user admin site card --out house.card >/dev/null
"$K" --db laptop.db --user admin site card --out laptop.card >/dev/null
"$K" --db "$DB" --user admin site trust laptop.card --yes >/dev/null
"$K" --db laptop.db --user admin site trust house.card --yes >/dev/null
"$K" --db "$DB" --user admin sync export --to "Kims laptop" --full --out snap.kpsync >/dev/null
"$K" --db laptop.db --user admin sync import snap.kpsync >/dev/null
"$K" --db laptop.db --user admin sync export --to "København hus" --out back.kpsync >/dev/null
"$K" --db "$DB" --user admin sync import back.kpsync >/dev/null
at 2026-03-02T08:10:00Z
sqlite3 "$DB" "UPDATE company SET name = 'Alfa Holding ApS' WHERE id = 'A'"
"$K" --db "$DB" --user admin sync export --to "Kims laptop" --out h1.kpsync >/dev/null
at 2026-03-02T08:20:00Z
sqlite3 laptop.db "UPDATE company SET name = 'Alfa Gruppen ApS' WHERE id = 'A'"
"$K" --db laptop.db --user admin sync export --to "København hus" --out l1.kpsync >/dev/null
at 2026-03-02T08:30:00Z
"$K" --db "$DB" --user admin sync import l1.kpsync >/dev/null
"$K" --db laptop.db --user admin sync import h1.kpsync >/dev/null
at 2026-03-02T15:00:00Z
sqlite3 laptop.db "UPDATE company SET town = 'Valby' WHERE id = 'A'"
"$K" --db laptop.db --user admin sync export --to "København hus" --out future.kpsync >/dev/null
at 2026-03-02T08:40:00Z
"$K" --db "$DB" --user admin sync import future.kpsync >/dev/null 2>&1 && exit 1
printf 'not a sync file\n' >bad.kpsync
rm -f snap.kpsync back.kpsync h1.kpsync l1.kpsync
