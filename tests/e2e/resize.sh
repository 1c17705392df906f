#!/bin/sh
# Live resize between 80x24 and 200x50 (and below the minimum): after each
# resize the screen equals what a program started at that size shows, so
# nothing stale is left behind.
. "$(dirname "$0")/lib.sh"
make_site
printf '%s\n' "$KIM_PW" >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 KNUDEPUNKT_SCREEN_SCRIPT="$(dirname "$0")/../screen/companies.setup" \
	"$K" --db "$DB" --user kim 3<"$TMP/pw" >/dev/null

# reference: started at 200x50
printf '%s\n' "$KIM_PW" >"$TMP/pw.ref"
tm new-session -d -s ref -x 200 -y 50 \
	"KNUDEPUNKT_PASSWORD_FD=3 $K --db '$DB' --user kim 3<'$TMP/pw.ref'; echo EXITED:\$?; read x"
wait_for "5 fundet" ref
wait_width 200 ref
screen_text ref >"$TMP/ref200"
tm send-keys -t ref Q
wait_for "EXITED:0" ref

login kim "$KIM_PW" 80 24
wait_for "5 fundet"
screen_text >"$TMP/small1"
tm resize-window -t main -x 200 -y 50
wait_width 200
screen_text >"$TMP/big"
diff -u "$TMP/ref200" "$TMP/big" || fail "200x50 after a resize differs from a fresh start"

tm resize-window -t main -x 70 -y 20
wait_for "terminalen er for lille: 70x20"
tm resize-window -t main -x 80 -y 24
wait_width 80
wait_for "5 fundet"
screen_text >"$TMP/small2"
diff -u "$TMP/small1" "$TMP/small2" || fail "80x24 after resizing differs from before"
quit
echo "ok"
