#!/bin/sh
# End-to-end in tmux (issue 5, "Done when"): two demo sites of one house
# start from the same snapshot (both become sites, trust each other's
# cards, a full export from the house office is imported by the laptop),
# each renames the same company offline in the real full-screen program
# (the laptop also changes another company's town by a bare sqlite3, and
# both a third company's town), the files go both ways in both orders (old
# ones again too), and both end with equal `sync digest`. On the command
# line a consultant may not resolve the town's conflict and the supervisor
# keeps its winner; the name's conflict shows on the conflicts screen at
# the office, the supervisor restores the office's name there, the files
# go round again: the digests are still equal and the restored name is
# the company's at both sites, shown as resolved on the laptop's screen.
#   sync_conflict.sh KNUDEPUNKT
. "$(dirname "$0")/lib.sh"
export LANGUAGE=en
A="$TMP/office.db"
B="$TMP/laptop.db"

# run SITE-DB [ARGS...]: the command line, as the site's administrator
run() {
	db=$1
	shift
	"$K" --db "$db" --user admin "$@"
}

# open_tui DB LOGIN: the full-screen program in session main (the tmux
# server keeps the environment it started with: pass clock and language)
open_tui() {
	tm new-session -d -s main -x 100 -y 30 \
		"KNUDEPUNKT_NOW=$KNUDEPUNKT_NOW LANGUAGE=en $K --db '$1' --user $2; echo EXITED:\$?; read x"
	wait_for "Companies"
}

# rename DB OLD NEW: the supervisor renames company OLD in the program
rename() {
	open_tui "$1" leder1
	keys /
	type_text "$2"
	wait_for "$2"
	keys Enter Enter
	wait_for "Company: $2"
	keys e
	wait_for "Edit company"
	keys C-u
	type_text "$3"
	keys F2
	wait_for "$3 saved"
	quit
}

digest() { "$K" --db "$1" sync digest; }
name_of() { sqlite3 "$1" "SELECT name FROM company WHERE id = '$CO'"; }

# --- one snapshot, two sites --------------------------------------------
printf 'e2e password 1234\ne2e password 1234\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$A" init --demo --admin admin --name "Ada Admin" \
	--location aarhus 3<"$TMP/pw" >/dev/null
"$K" --db "$A" demo --companies 12 >/dev/null
cp "$A" "$B"
run "$A" site init --name "Aarhus office" --house midtjylland --location aarhus \
	--deployment demo >/dev/null
run "$B" site init --name "Aarhus laptop" --house midtjylland --location aarhus \
	--deployment demo >/dev/null
run "$A" site card --out "$TMP/office.card" >/dev/null
run "$B" site card --out "$TMP/laptop.card" >/dev/null
run "$A" site trust "$TMP/laptop.card" --yes >/dev/null
run "$B" site trust "$TMP/office.card" --yes >/dev/null
run "$A" sync export --to "Aarhus laptop" --full --out "$TMP/snap.kpsync" >/dev/null
run "$B" sync import "$TMP/snap.kpsync" | grep -q "0 new conflicts" || fail "the snapshot made conflicts"

CO=$(sqlite3 "$A" "SELECT id FROM company ORDER BY name, id LIMIT 1")
OLD=$(name_of "$A")
OTHER=$(sqlite3 "$A" "SELECT id FROM company ORDER BY name, id LIMIT 1 OFFSET 1")
[ "$(name_of "$B")" = "$OLD" ] || fail "the laptop lacks the snapshot's company"

# --- offline changes: the same field at both sites ------------------------
rename "$A" "$OLD" "Office name ApS"
rename "$B" "$OLD" "Laptop name ApS"
sqlite3 "$B" "UPDATE company SET town = 'Skanderborg' WHERE id = '$OTHER'"
# and both change a third company's town (a bare sqlite3 is noted and synced)
THIRD=$(sqlite3 "$A" "SELECT id FROM company ORDER BY name, id LIMIT 1 OFFSET 2")
sqlite3 "$A" "UPDATE company SET town = 'Viby J' WHERE id = '$THIRD'"
sqlite3 "$B" "UPDATE company SET town = 'Tilst' WHERE id = '$THIRD'"
# the office writes (stamps) first, the laptop ten minutes later: it wins
KNUDEPUNKT_NOW=2026-03-02T09:10:00Z run "$A" sync export --to "Aarhus laptop" --out "$TMP/a1.kpsync" >/dev/null
KNUDEPUNKT_NOW=2026-03-02T09:20:00Z run "$B" sync export --to "Aarhus office" --out "$TMP/b1.kpsync" >/dev/null

# --- both directions, both orders ----------------------------------------
export KNUDEPUNKT_NOW=2026-03-02T09:30:00Z
# three entries each: the name and its folded search key (shown as one),
# and the town
run "$B" sync import "$TMP/a1.kpsync" | grep -q " 3 new conflicts" || fail "the laptop logged no conflict"
run "$A" sync import "$TMP/b1.kpsync" | grep -q " 3 new conflicts" || fail "the office logged no conflict"
run "$A" sync export --to "Aarhus laptop" --out "$TMP/a2.kpsync" >/dev/null
run "$B" sync export --to "Aarhus office" --out "$TMP/b2.kpsync" >/dev/null
run "$A" sync import "$TMP/b2.kpsync" >/dev/null
run "$B" sync import "$TMP/a2.kpsync" >/dev/null
run "$B" sync import "$TMP/a1.kpsync" | grep -q "already applied" || fail "a1 applied twice"
run "$A" sync import "$TMP/b1.kpsync" | grep -q "already applied" || fail "b1 applied twice"
[ "$(digest "$A")" = "$(digest "$B")" ] || fail "digests differ after the exchange"
[ "$(name_of "$A")" = "Laptop name ApS" ] || fail "office: $(name_of "$A")"
[ "$(name_of "$B")" = "Laptop name ApS" ] || fail "laptop: $(name_of "$B")"
[ "$(sqlite3 "$A" "SELECT town FROM company WHERE id = '$OTHER'")" = Skanderborg ] ||
	fail "the laptop's other change did not reach the office"

# --- the town on the command line: a consultant may not, the supervisor keeps it
export KNUDEPUNKT_NOW=2026-03-02T09:40:00Z
"$K" --db "$A" --user leder1 sync conflicts >"$TMP/list"
[ "$(grep -c '^[0-9a-f]\{16\}  company\.' "$TMP/list")" = 2 ] || fail "not two conflicts listed: $(cat "$TMP/list")"
grep -q 'won:   "Tilst" (Aarhus laptop, 2026-03-02T09:20:00Z)' "$TMP/list" || fail "the town's winner is not shown"
grep -q 'lost:  "Viby J" (Aarhus office, 2026-03-02T09:10:00Z)' "$TMP/list" || fail "the town's loser is not shown"
TOWN=$(awk '/ company\.town /{print substr($1, 1, 6)}' "$TMP/list")
if "$K" --db "$A" --user konsulent1 sync keep "$TOWN" 2>"$TMP/err"; then
	fail "a consultant resolved a conflict"
fi
grep -q "may not review sync conflicts" "$TMP/err" || fail "no refusal: $(cat "$TMP/err")"
"$K" --db "$A" --user leder1 sync keep "$TOWN" | grep -q "winning value kept" || fail "keep failed"

# --- the name on the conflicts screen; restore the office's name ----------
open_tui "$A" leder1
keys m
wait_for "Main menu"
keys /
type_text "Conflicts"
keys Enter Enter
wait_for "Sync conflicts: 1 unresolved"
wait_for "Laptop name ApS"
wait_for "Won        \"Laptop name ApS\"  Aarhus laptop, 2026-03-02 09:20"
wait_for "Lost       \"Office name ApS\"  Aarhus office, 2026-03-02 09:10"
keys r
wait_for "Write \"Office name ApS\" into name of Laptop name ApS again?"
keys y
wait_for "the other value is written"
wait_for "no unresolved conflicts"
keys v
wait_for "restored"
quit
[ "$(name_of "$A")" = "Office name ApS" ] || fail "not restored at the office"

# --- round again: restored at both, digests equal -------------------------
export KNUDEPUNKT_NOW=2026-03-02T09:50:00Z
run "$A" sync export --to "Aarhus laptop" --out "$TMP/a3.kpsync" >/dev/null
run "$B" sync import "$TMP/a3.kpsync" | grep -q "0 new conflicts" || fail "the restore made a conflict"
run "$B" sync export --to "Aarhus office" --out "$TMP/b3.kpsync" >/dev/null
run "$A" sync import "$TMP/b3.kpsync" >/dev/null
[ "$(name_of "$B")" = "Office name ApS" ] || fail "not restored at the laptop: $(name_of "$B")"
[ "$(digest "$A")" = "$(digest "$B")" ] || fail "digests differ after the restore"
# the search key came along with the name: the laptop finds the company by it
"$K" --db "$B" --user leder1 search "Office name" | grep -q "Office name ApS" ||
	fail "the laptop's search does not find the restored name"
"$K" --db "$B" --user leder1 sync conflicts --all >"$TMP/list"
grep -q "resolved: value restored" "$TMP/list" || fail "the laptop does not show the name restored"
grep -q "resolved: value kept" "$TMP/list" || fail "the laptop does not show the town kept"
[ "$(sqlite3 "$B" "SELECT town FROM company WHERE id = '$THIRD'")" = Tilst ] || fail "the kept town changed"

# the laptop's screen shows it resolved too
open_tui "$B" leder1
keys m
wait_for "Main menu"
keys /
type_text "Conflicts"
keys Enter Enter
wait_for "no unresolved conflicts"
keys v
wait_for "Sync conflicts: all 2 entries"
keys /
type_text "Office name"
keys Enter
wait_for "Record     Office name ApS"
wait_for "the other value restored on 2026-03-02 by"
quit
echo "ok: two sites converge, the conflict is restored at both"
