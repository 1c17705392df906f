#!/bin/sh
# End-to-end in tmux (issue 7), on a demo database:
#  1. intake opens a case of its house and sees that it exists and its
#     status, never the journal - the consultant sees the same meeting text;
#  2. a supervisor reassigns the case with a reason, opens the Audit tab,
#     narrows it to case.assigned and sees the reassignment, signed, with
#     its reason in the entry's personal part;
#  3. the idle lock takes the password and never draws it;
#  4. outside a demo database the login screen asks user and password
#     (same message for an unknown user and a wrong password, nothing
#     typed is drawn), C-p changes the password, and KNUDEPUNKT_PASSWORD_FD
#     still logs a script in.
#   security.sh KNUDEPUNKT
# Polls the pane until the expected text appears; never sleeps blindly.
. "$(dirname "$0")/lib.sh"
english_sessions

start() {   # start LOGIN
	tm kill-session -t main 2>/dev/null || true
	tm new-session -d -s main -x 150 -y 30 "'$K' --db '$DB' --user $1; sleep 30"
}

# opens the case of company $NAME from the Cases tab, all cases of the house
open_case() {
	wait_for "Companies"
	keys 2
	wait_for "Cases:"
	keys v
	keys v
	wait_for "all cases"
	keys /
	type_text "$NAME"
	keys Enter
	wait_line "$NAME"
	keys Enter
	wait_for "Case: $NAME"
}

"$K" --db "$DB" demo >/dev/null
# an active case of konsulent1 with a meeting; a line of its journal
CASE=$(sqlite3 "$DB" "SELECT c.id FROM case_file c JOIN app_user u ON u.id = c.consultant_id
	WHERE u.login = 'konsulent1' AND c.status = 'active' AND EXISTS
	(SELECT 1 FROM journal_entry j WHERE j.case_id = c.id AND j.kind = 'meeting')
	ORDER BY c.opened DESC LIMIT 1")
[ -n "$CASE" ] || fail "the demo has no active case of konsulent1 with a meeting"
NAME=$(sqlite3 "$DB" "SELECT co.name FROM case_file c JOIN company co ON co.id = c.company_id
	WHERE c.id = '$CASE'")
MEETING=$(sqlite3 "$DB" "SELECT substr(summary, 1, 30) FROM journal_entry WHERE case_id = '$CASE'
	AND kind = 'meeting' ORDER BY occurred DESC LIMIT 1")

# 1a. the consultant sees the meeting text
start konsulent1
open_case
wait_for "$MEETING"

# 1b. intake sees the case and its status, never the journal
start modtagelse1
open_case
wait_line "Status" "active"
wait_for "the journal is not shown to your role"
if screen_text | grep -qF -- "$MEETING"; then
	fail "intake sees the journal text \"$MEETING\""
fi
keys Q

# 2. the supervisor reassigns it with a reason and finds it in the audit trail
"$K" --db "$DB" --user leder1 reassign --to konsulent2 --reason "sygemelding til 1. april" "$CASE" >/dev/null
start leder1
wait_for "8 Goals"
keys 9
wait_for "Audit trail:"
keys f
wait_for "Action"
type_text "case.assigned"
keys Enter
wait_for "action case.assigned"
wait_line "leder1" "case.assigned" "case_file"
keys Enter
wait_for "Audit entry"
wait_for "$CASE"
wait_for "sygemelding til 1. april"
wait_line "User" "leder1"
keys Escape
# the chain verifies from the screen
keys V
wait_for "the audit trail is complete and unchanged"
keys Q
# and intake has no Audit tab
start modtagelse1
wait_for "Companies"
if screen_text | grep -qF "Audit"; then
	fail "intake sees the Audit tab"
fi
keys Q

# 3. the idle lock: a user with a password is locked out after the idle
#    time and back in only with the password, which is never drawn
tm kill-session -t main 2>/dev/null || true
sqlite3 -cmd ".timeout 5000" "$DB" "INSERT INTO setting(key, value) VALUES ('idle_lock_minutes', '0.03')"
printf 'konsulentens lange kodeord\nkonsulentens lange kodeord\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin passwd konsulent1 3<"$TMP/pw" >/dev/null
e2e_unset KNUDEPUNKT_NOW   # the wait after a failure is measured on the real clock
start konsulent1
wait_for "Knudepunkt is locked"
type_text "not the password"
keys Enter
wait_for "login failed"
if screen_text | grep -qF "not the password"; then
	fail "the typed password is on the screen"
fi
type_text "konsulentens lange kodeord"
keys Enter
wait_for "1 Companies"
if screen_text | grep -qF "konsulentens lange"; then
	fail "the password is on the screen"
fi
keys Q

# 4. outside a demo database, an account that is no Knudepunkt user gets
#    the login screen (in curses, not a prompt before it): a wrong password
#    and an unknown user say the same, the password is never drawn, and
#    after the login the main menu opens; C-p changes the password, and a
#    script still logs in with KNUDEPUNKT_PASSWORD_FD
tm kill-session -t main 2>/dev/null || true
sqlite3 -cmd ".timeout 5000" "$DB" "DELETE FROM setting WHERE key IN ('demo', 'idle_lock_minutes')"
tm new-session -d -s main -x 150 -y 30 "'$K' --db '$DB'; sleep 30"
wait_for "Knudepunkt: log in"
type_text "ingen-saadan"
keys Enter
type_text "konsulentens lange kodeord"
keys Enter
wait_for "login failed: unknown user, wrong password or locked account"
unknown=$(screen_text | grep -F "login failed")
keys BTab
keys C-u
type_text "konsulent1"
keys Enter
type_text "et forkert kodeord"
keys Enter
wait_for "login failed"
wrong=$(screen_text | grep -F "login failed")
[ "$unknown" = "$wrong" ] || fail "unknown user and wrong password differ: '$unknown' / '$wrong'"
if screen_text | grep -qF -e "forkert kodeord" -e "konsulentens lange"; then
	fail "a typed password is on the login screen"
fi
type_text "konsulentens lange kodeord"
keys Enter
wait_for "1 Companies"
wait_for "welcome,"
keys C-p
wait_for "Current password:"
type_text "konsulentens lange kodeord"
keys Enter
wait_for "New password (12 characters or more):"
type_text "et helt nyt og langt kodeord"
keys Enter
wait_for "New password again:"
type_text "et helt nyt og langt kodeord"
keys Enter
wait_for "your password is changed"
if screen_text | grep -qF -e "nyt og langt" -e "konsulentens lange"; then
	fail "a password is on the screen"
fi
keys Q
tm kill-session -t main 2>/dev/null || true
if grep -aqF "et helt nyt og langt kodeord" "$DB" "$DB-wal" 2>/dev/null; then
	fail "the new password is in the database file"
fi
printf 'et helt nyt og langt kodeord\n' >"$TMP/pw2"
tm new-session -d -s main -x 150 -y 30 "KNUDEPUNKT_PASSWORD_FD=3 '$K' --db '$DB' --user konsulent1 3<'$TMP/pw2'; sleep 30"
wait_for "1 Companies"
if screen_text | grep -qF "log in"; then
	fail "KNUDEPUNKT_PASSWORD_FD did not log in"
fi
keys Q
echo "ok"
