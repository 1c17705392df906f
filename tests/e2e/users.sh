#!/bin/sh
# End to end, in Danish (the default), outside a demo database: Kim's
# password works on the command line, and Kim is working in the screens;
# the administrator opens the Users tab, deactivates Kim (a confirm
# first) and sees "inaktiv"; Kim's running program ends at the next key
# with the reason; Kim's login on the command line is then refused with
# the right password; activated again on the command line, Kim can log
# in again.
. "$(dirname "$0")/lib.sh"
make_site

as() {   # as LOGIN PASSWORD ARGS...: one command with the password on fd 3
	printf '%s\n' "$2" >"$TMP/pw.cli"
	who=$1
	shift 2
	KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user "$who" "$@" 3<"$TMP/pw.cli"
}

as kim "$KIM_PW" user list | grep -q "Kim Konsulent" || fail "kim cannot log in to begin with"

# Kim at work in the screens (session kims)
printf '%s\n' "$KIM_PW" >"$TMP/pw.kims"
tm new-session -d -s kims -x 80 -y 24 \
	"KNUDEPUNKT_PASSWORD_FD=3 $K --db '$DB' --user kim 3<'$TMP/pw.kims' 2>&1; echo EXITED:\$?; read x"
wait_for "Kim Konsulent" kims

login admin "$ADMIN_PW"
wait_for "Ada Admin"
keys BTab
wait_for "Adgangskode: sat"
screen_text | grep -q "Brugere" || fail "no Users tab for the administrator"
type_text "/Kim"
keys Enter
keys d
wait_for "Deaktivér Kim Konsulent (kim)?"
type_text j
wait_for "kim er deaktiveret"
screen_text | grep "^ kim " | grep -q "inaktiv" || fail "the list does not show kim as inactive"
quit

# Kim's next key ends Kim's program, with the reason
tm send-keys -t kims j
wait_for "EXITED:1" kims
screen_text kims | grep -q "deaktiverede din bruger" || fail "kim's program did not say why it ended"

if out=$(as kim "$KIM_PW" user list 2>&1); then
	fail "a deactivated user logged in: $out"
fi
echo "$out" | grep -q "Kim Konsulent" && fail "a deactivated user saw the users: $out"
as admin "$ADMIN_PW" audit list --action user.deactivate | grep -q "user.deactivate" ||
	fail "the deactivation is not in the audit trail"

as admin "$ADMIN_PW" user activate kim | grep -q "kim" || fail "activate said nothing"
# the refused try began the usual wait after a failure; a minute on
export KNUDEPUNKT_NOW=2026-03-02T09:01:00Z
as kim "$KIM_PW" user list | grep -q "Kim Konsulent" || fail "kim cannot log in after activation"

# the other user commands on the command line
as admin "$ADMIN_PW" user edit kim --name "Kim K. Konsulent" --location hillerod >/dev/null ||
	fail "user edit failed"
as admin "$ADMIN_PW" user list | grep "^kim " | grep -q "Kim K. Konsulent.*hillerod" ||
	fail "user edit did not change name and location"
if out=$(as admin "$ADMIN_PW" user edit admin --role consultant 2>&1); then
	fail "the last administrator was demoted"
fi
echo "$out" | grep -q "sidste aktive administrator" || fail "no reason for the refusal: $out"
printf '%s\n%s\n%s\n' "$ADMIN_PW" "Groen-Stol-Paa-Taget-8" "Groen-Stol-Paa-Taget-8" >"$TMP/pw.cli"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" --user admin user password kim 3<"$TMP/pw.cli" >"$TMP/out" ||
	fail "user password failed"
grep -q "Groen-Stol" "$TMP/out" && fail "the password was printed"
export KNUDEPUNKT_NOW=2026-03-02T09:02:00Z
as kim "Groen-Stol-Paa-Taget-8" user list >/dev/null || fail "the new password does not work"
sqlite3 "$DB" "UPDATE credential SET locked = 1, failures = 5 WHERE user_id = (SELECT id FROM app_user WHERE login = 'kim')"
as admin "$ADMIN_PW" user list | grep "^kim " | grep -q "spærret" || fail "user list does not show the lock"
as admin "$ADMIN_PW" user unlock kim >/dev/null || fail "user unlock failed"
as kim "Groen-Stol-Paa-Taget-8" user list >/dev/null || fail "kim is still locked"
echo "ok"
