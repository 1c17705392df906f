#!/bin/sh
# A kill in the middle of an import leaves the database as it was (issue 6:
# "all or nothing: one transaction; a failure or a kill midway leaves the
# database as it was"). Imports 30,000 generated rows and sends SIGKILL once
# the import is writing (its WAL file grows; a bulk import keeps its pages in
# memory, so that is while it commits). The import is then wholly absent, or
# wholly there when the commit was done before the signal arrived - never in
# part - no batch is recorded without its companies, the database passes
# check and keeps its search triggers, and a rerun completes the import (or
# finds every row unchanged).
#   import_kill.sh KNUDEPUNKT
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export HOME="$tmp" TZ=UTC LANG=C.UTF-8 LANGUAGE=en
unset LC_ALL LC_CTYPE KNUDEPUNKT_DB KNUDEPUNKT_USER
DB="$tmp/kill.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'kill password 1234\nkill password 1234\n' >"$tmp/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --demo --admin admin --name "Ada Admin" \
	--location aarhus 3<"$tmp/pw" >/dev/null
"$K" --db "$DB" --user admin user add --login kim --name "Kim Konsulent" --role consultant \
	--location aarhus >/dev/null

# 30,000 rows with valid CVR numbers (modulus 11), Windows-1252 letters.
awk 'BEGIN {
	printf "CVR-nr.;Firmanavn;Postnr.\r\n";
	split("2 7 6 5 4 3 2", w, " ");
	n = 0;
	for (i = 1000000; n < 30000; i++) {
		s = 0; t = i;
		for (k = 7; k >= 1; k--) { s += (t % 10) * w[k]; t = int(t / 10); }
		d = (11 - s % 11) % 11;
		if (d == 10) continue;
		printf "%d%d;S\370rens \306bler %d ApS;8000\r\n", i, d, n;
		n++;
	}
}' >"$tmp/big.csv"

"$K" --db "$DB" --user kim import companies "$tmp/big.csv" >"$tmp/out" 2>&1 &
pid=$!
# wait until the import writes (the WAL passes 1 MB), then kill it; on a
# fast machine it may have finished by then (and removed its WAL on close)
i=0
while [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -lt 1048576 ] && kill -0 "$pid" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 6000 ] || fail "the import never wrote"
	sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=

companies=$(sqlite3 "$DB" 'SELECT count(*) FROM company')
batches=$(sqlite3 "$DB" 'SELECT count(*) FROM import_batch')
case "$companies:$batches" in
0:0) state=absent want="created 30000, updated 0, unchanged 0, rejected 0" ;;
30000:1) state=applied want="created 0, updated 0, unchanged 30000, rejected 0" ;;
*) fail "a killed import left $companies companies and $batches batches" ;;
esac
"$K" --db "$DB" check >/dev/null || fail "the database does not pass check after the kill"
# a large import drops the full-text insert triggers while it moves its rows
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN
	('company_fts_ai', 'contact_fts_ai')")" = 2 ] || fail "the kill lost the search triggers"

"$K" --db "$DB" --user kim import companies "$tmp/big.csv" >"$tmp/out" 2>&1 ||
	fail "the import after the kill failed: $(cat "$tmp/out")"
grep -q "$want" "$tmp/out" || fail "after a kill that left the import $state: $(cat "$tmp/out")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM company')" = 30000 ] || fail "not every row arrived"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM company_fts WHERE company_fts MATCH 'name:\"29999\"'")" = 1 ] ||
	fail "the search index lacks the imported rows"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN
	('company_fts_ai', 'contact_fts_ai')")" = 2 ] || fail "the import lost the search triggers"
echo "ok: the killed import was wholly $state; the same file then imported whole"
