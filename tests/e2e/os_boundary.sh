#!/bin/sh
# The operating-system boundary (issue 7): a set-group-ID install made by
# tools/install-shared.sh, an ordinary account that is a Knudepunkt user
# but not in the data group. It gets "permission denied" on every file and
# folder of the data, yet works through the program; --db, KNUDEPUNKT_DB
# and KNUDEPUNKT_USER change nothing; a symbolic link is not followed.
# Needs root (to make the throw-away account and group); skipped otherwise.
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOOLS=$(cd "$(dirname "$0")/../../tools" && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the OS-boundary test must run as root to create a throw-away account and group"
	exit 77
fi
for tool in useradd groupadd runuser; do
	command -v $tool >/dev/null || { echo "SKIP: $tool is missing"; exit 77; }
done
TMP=$(mktemp -d /tmp/kp-osb-XXXXXX)
chmod 0755 "$TMP"
G=kpg$$
U=kpu$$
cleanup() {
	userdel "$U" 2>/dev/null || true
	groupdel "$G" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

groupadd "$G"
useradd --no-create-home --home-dir /nonexistent --shell /bin/sh "$U"
sh "$TOOLS/install-shared.sh" "$K" "$TMP/inst" "$G" "$TMP/data" >/dev/null
B="$TMP/inst/bin/knudepunkt"
export LANGUAGE=en TZ=UTC
unset KNUDEPUNKT_DB KNUDEPUNKT_USER KNUDEPUNKT_NOW

[ "$(stat -c %a "$B")" = 2755 ] || fail "binary mode is $(stat -c %a "$B")"
printf 'a long test sentence for admin\na long test sentence for admin\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$B" init --admin root --name "Root" --location aarhus 3<"$TMP/pw" >/dev/null
"$B" user add --login "$U" --name "Ole Ordinary" --role consultant --location aarhus >/dev/null
"$B" user list | grep -q "Ole Ordinary" || fail "root cannot use the installed program"

# the files: the database exists 0660 in a 2770 folder of the group
[ -f "$TMP/data/knudepunkt.db" ] || fail "the database is not where knudepunkt.conf says"
[ "$(stat -c %a "$TMP/data")" = 2770 ] || fail "data folder mode $(stat -c %a "$TMP/data")"
[ "$(stat -c %a:%G "$TMP/data/knudepunkt.db")" = "660:$G" ] ||
	fail "database mode $(stat -c %a:%G "$TMP/data/knudepunkt.db")"

# keep the WAL and shared memory there while the account tries them
"$B" audit list >/dev/null
as_user() { runuser -u "$U" -- "$@"; }
denied() {
	if out=$(as_user "$@" 2>&1); then
		fail "the ordinary account could run: $* ($out)"
	fi
	echo "$out" | grep -qi "permission denied" || fail "$*: expected permission denied, got: $out"
}
denied ls "$TMP/data"
for f in knudepunkt.db knudepunkt.db-wal knudepunkt.db-shm; do
	denied cat "$TMP/data/$f"
	denied dd if="$TMP/data/$f" of=/dev/null count=1 status=none
	denied sh -c "echo x >> '$TMP/data/$f'"
done
if command -v sqlite3 >/dev/null; then
	out=$(as_user sqlite3 "$TMP/data/knudepunkt.db" "select count(*) from app_user" 2>&1) &&
		fail "sqlite3 opened the database as the ordinary account: $out"
fi

# through the program it works, as the account's own user only
as_user "$B" user list | grep -q "Ole Ordinary" || fail "the ordinary account cannot use knudepunkt"
out=$(as_user env KNUDEPUNKT_USER=root "$B" audit list 2>&1) &&
	fail "KNUDEPUNKT_USER made the account root: $out"
echo "$out" | grep -q "permission denied: the role consultant" || fail "unexpected: $out"
out=$(as_user "$B" --user root audit list </dev/null 2>&1) && fail "--user root without a password: $out"
# --db and KNUDEPUNKT_DB are ignored: the installation's database is used
as_user "$B" --db "$TMP/evil.db" user list | grep -q "Ole Ordinary" || fail "--db was not ignored"
as_user env KNUDEPUNKT_DB="$TMP/evil.db" "$B" user list | grep -q "Ole Ordinary" ||
	fail "KNUDEPUNKT_DB was not ignored"
[ ! -e "$TMP/evil.db" ] || fail "an ordinary account made the program create $TMP/evil.db"
# a fixed clock is not taken from the environment either
as_user env KNUDEPUNKT_NOW=2001-01-01T00:00:00Z "$B" user list >/dev/null
"$B" audit list --limit 1 | grep -q "^2001" && fail "KNUDEPUNKT_NOW set the clock of a set-group-ID run"

# a symbolic link to the database is not followed
ln -s "$TMP/data/knudepunkt.db" "$TMP/data/link.db"
printf 'db = %s/link.db\n' "$TMP/data" >"$TMP/inst/etc/knudepunkt.conf"
out=$(as_user "$B" user list 2>&1) && fail "followed a symbolic link: $out"
echo "$out" | grep -q "symbolic link" || fail "unexpected: $out"
# and a configuration anyone may change is refused
printf 'db = %s/knudepunkt.db\n' "$TMP/data" >"$TMP/inst/etc/knudepunkt.conf"
chmod 0666 "$TMP/inst/etc/knudepunkt.conf"
out=$(as_user "$B" user list 2>&1) && fail "used a world-writable configuration: $out"
echo "$out" | grep -q "writable by root only" || fail "unexpected: $out"
echo "ok: the ordinary account is kept out of every file and reaches the data only through knudepunkt"
