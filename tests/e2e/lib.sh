# Shared by the end-to-end tests: drive the real binary inside a private
# tmux server (tmux -L test$$ -f /dev/null), type with send-keys, and poll
# capture-pane until the expected text appears (never a fixed sleep).
# Sourced with the binary as $1.
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
SOCK=test$$
DB="$TMP/site.db"
TIMEOUT=${KNUDEPUNKT_E2E_TIMEOUT:-20}

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
# the test's environment before the server starts: a tmux server gives
# every session it starts its own environment, not the client's
export HOME="$TMP" TZ=UTC LANG=C.UTF-8 KNUDEPUNKT_NOW=2026-03-02T09:00:00Z
unset LANGUAGE LC_ALL LC_CTYPE KNUDEPUNKT_DB KNUDEPUNKT_USER KNUDEPUNKT_SCREEN_SCRIPT NO_COLOR ESCDELAY
# a session that lives as long as the test, so the server does not exit
# (and race the next start) whenever the program's session ends
tm new-session -d -s keeper -x 80 -y 24 cat

screen_text() { tm capture-pane -p -t "${1:-main}"; }

fail() {
	echo "FAIL: $*"
	echo "--- screen of ${PANE:-main}:"
	screen_text "${PANE:-main}" || true
	exit 1
}

# wait_for TEXT [SESSION]: polls the pane until TEXT shows, or fails.
wait_for() {
	PANE=${2:-main}
	i=0
	while [ $i -lt $((TIMEOUT * 20)) ]; do
		if screen_text "$PANE" | grep -qF -- "$1"; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "timed out waiting for \"$1\""
}

# wait_gone TEXT [SESSION]: polls until TEXT is no longer shown.
wait_gone() {
	PANE=${2:-main}
	i=0
	while [ $i -lt $((TIMEOUT * 20)) ]; do
		if ! screen_text "$PANE" | grep -qF -- "$1"; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "timed out waiting for \"$1\" to go"
}

# wait_width COLS [SESSION]: polls until the program has redrawn for COLS
# columns: the user's name in the tab bar ends one column before the edge.
wait_width() {
	PANE=${2:-main}
	i=0
	while [ $i -lt $((TIMEOUT * 20)) ]; do
		if [ "$(screen_text "$PANE" | head -n 1 | wc -L)" = "$(($1 - 1))" ]; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "the screen never became $1 columns wide"
}

keys() { tm send-keys -t main "$@"; }          # named keys: Enter Tab C-s F2 Up
type_text() { tm send-keys -t main -l "$1"; }  # literal text

# make_site: a database with an administrator, an intake user (ib) and a
# consultant (kim), each with a password (given on file descriptor 3).
ADMIN_PW=Korrekt-Hest-Batteri-9
IB_PW=Gul-Cykel-Under-Broen-4
KIM_PW=Blaa-Kaffekande-Mandag-7
make_site() {
	printf '%s\n%s\n' "$ADMIN_PW" "$ADMIN_PW" >"$TMP/pw"
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --admin admin --name "Ada Admin" \
		--location kobenhavn 3<"$TMP/pw" >/dev/null
	printf '%s\n' "$ADMIN_PW" >"$TMP/pw"
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin user add --login ib \
		--name "Ib Indtag" --role intake --location kobenhavn --initials II 3<"$TMP/pw" >/dev/null
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin user add --login kim \
		--name "Kim Konsulent" --role consultant --location kobenhavn --initials KK \
		3<"$TMP/pw" >/dev/null
	printf '%s\n%s\n%s\n' "$ADMIN_PW" "$IB_PW" "$IB_PW" >"$TMP/pw"
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin passwd ib 3<"$TMP/pw" >/dev/null
	printf '%s\n%s\n%s\n' "$ADMIN_PW" "$KIM_PW" "$KIM_PW" >"$TMP/pw"
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin passwd kim 3<"$TMP/pw" >/dev/null
	rm -f "$TMP/pw"
}

# login LOGIN PASSWORD [COLS ROWS]: starts the program as LOGIN in session
# main. The password comes on descriptor 3 (KNUDEPUNKT_PASSWORD_FD): typed
# at the prompt it could arrive before echo is off, and be flushed.
login() {
	printf '%s\n' "$2" >"$TMP/pw.$1"
	tm new-session -d -s main -x "${3:-80}" -y "${4:-24}" \
		"KNUDEPUNKT_PASSWORD_FD=3 $K --db '$DB' --user $1 3<'$TMP/pw.$1'; echo EXITED:\$?; read x"
	wait_for "Knudepunkt"
}

# quit: Q, then the program must end with status 0.
quit() {
	keys Q
	wait_for "EXITED:0"
	tm kill-session -t main
}

# wait_line TEXT...: polls until one line of session main holds every TEXT.
wait_line() {
	PANE=main
	i=0
	while [ $i -lt $((TIMEOUT * 20)) ]; do
		if screen_text main | awk 'BEGIN { for (k = 1; k < ARGC; k++) want[k] = ARGV[k]; n = ARGC - 1; ARGC = 1 }
			{ ok = 1; for (k = 1; k <= n; k++) if (index($0, want[k]) == 0) ok = 0; if (ok) found = 1 }
			END { exit !found }' "$@"; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "no line with: $*"
}

# The tmux server keeps the environment it was started with (above, before
# this file's exports), and gives that to every session. e2e_export
# NAME=VALUE... and e2e_unset NAME... change a variable for this script and
# for the sessions started after it.
e2e_export() {
	for kv in "$@"; do
		export "$kv"
		tm set-environment -g "${kv%%=*}" "${kv#*=}"
	done
}
e2e_unset() {
	for v in "$@"; do
		unset "$v"
		tm set-environment -g -u "$v" 2>/dev/null || true
	done
}

# english_sessions: the program in every later session runs with this
# file's environment (HOME in the test's folder, UTC, C.UTF-8, the fixed
# clock), English screens, TERM=xterm and no colours.
english_sessions() {
	e2e_export HOME="$TMP" TZ=UTC LANG=C.UTF-8 KNUDEPUNKT_NOW="$KNUDEPUNKT_NOW" \
		TERM=xterm NO_COLOR=1 LANGUAGE=en
	e2e_unset LC_ALL LC_CTYPE KNUDEPUNKT_DB KNUDEPUNKT_USER KNUDEPUNKT_SCREEN_SCRIPT \
		KNUDEPUNKT_SCREEN_SIZE
}
