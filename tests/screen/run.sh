#!/bin/sh
# Runs one screen test without a terminal (STYLE.md "Tests"): the real
# binary, headless through KNUDEPUNKT_SCREEN_SCRIPT, against a fresh
# database in a temporary HOME, with TZ=UTC and a fixed clock and size.
#   run.sh KNUDEPUNKT DIR NAME
# DIR/NAME.keys is the key script; its header lines set the run:
#   # user: LOGIN      log in as LOGIN (else the user picker shows)
#   # size: COLSxROWS  the screen size (default 80x24)
#   # lang: da|en      the language (default en)
#   # locale: NAME     LANG for the run (default C.UTF-8; C: an ASCII terminal)
#   # setup: FILE      another key script run first (to make data)
#   # sql: STATEMENT   run by sqlite3 after the setup (e.g. to store a
#                      control character no form would accept)
#   # file: NAME       copy DIR/NAME into the working folder (a file to
#                      import, say)
#   # sh: COMMAND      run by sh in the working folder after the sql lines,
#                      with K (the binary) and DB set (e.g. a script copied
#                      by file: that makes the database a sync site)
#   # mask: ERE        every match in the dumped rows becomes #### before
#                      the comparison (random keys and ids)
# Every ":dump screen.txt" in the script appends the screen rows; the
# result must equal DIR/NAME.expected. KNUDEPUNKT_UPDATE_EXPECTED=1
# writes the result there instead (review the diff before committing).
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=$2
NAME=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

export HOME="$tmp" TZ=UTC LANG=C.UTF-8 TERM=xterm NO_COLOR=1
export KNUDEPUNKT_NOW=2026-03-02T09:00:00Z
unset LC_ALL LC_CTYPE KNUDEPUNKT_DB KNUDEPUNKT_USER ESCDELAY KNUDEPUNKT_SCREEN_SIZE
DB="$tmp/test.db"
keys="$DIR/$NAME.keys"
header() { sed -n "s/^# $1: //p" "$keys"; }

lang=$(header lang)
export LANGUAGE="${lang:-en}"
# A demo database: --user may name anyone and the user picker shows
# (outside a demo database the account or a password decides who acts).
printf 'Korrekt-Hest-Batteri-9\nKorrekt-Hest-Batteri-9\n' >"$tmp/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --admin admin --name "Ada Admin" \
	--location kobenhavn --demo >/dev/null 3<"$tmp/pw"
"$K" --db "$DB" --user admin user add --login ib --name "Ib Indtag" --role intake \
	--location kobenhavn --initials II >/dev/null
"$K" --db "$DB" --user admin user add --login kim --name "Kim Konsulent" --role consultant \
	--location kobenhavn --initials KK >/dev/null
"$K" --db "$DB" --user admin user add --login sus --name "Sus Supervisor" --role supervisor \
	--location kobenhavn --initials SS >/dev/null

for f in $(header file); do
	cp "$DIR/$f" "$tmp/"
done
cd "$tmp"
for setup in $(header setup); do
	KNUDEPUNKT_SCREEN_SCRIPT="$DIR/$setup" "$K" --db "$DB" --user kim >/dev/null
done
header sql | while IFS= read -r stmt; do
	sqlite3 "$DB" "$stmt"
done
export K DB
header sh | while IFS= read -r cmd; do
	sh -c "$cmd"
done

locale=$(header locale)
export LANG="${locale:-C.UTF-8}"
size=$(header size)
user=$(header user)
export KNUDEPUNKT_SCREEN_SIZE="${size:-80x24}"
if [ -n "$user" ]; then
	KNUDEPUNKT_SCREEN_SCRIPT="$keys" "$K" --db "$DB" --user "$user"
else
	KNUDEPUNKT_SCREEN_SCRIPT="$keys" "$K" --db "$DB"
fi
touch screen.txt
header mask | while IFS= read -r re; do
	sed -E "s/$re/####/g" screen.txt >screen.masked
	mv screen.masked screen.txt
done
if [ "${KNUDEPUNKT_UPDATE_EXPECTED:-0}" = 1 ]; then
	cp screen.txt "$DIR/$NAME.expected"
	exit 0
fi
diff -u "$DIR/$NAME.expected" screen.txt
