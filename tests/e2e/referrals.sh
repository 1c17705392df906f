#!/bin/sh
# End-to-end in tmux (issue 3): a consultant refers a case to Vækstfonden
# from the case screen and moves the referral on to accepted; the referral
# shows on the overview, a supervisor sees it counted per destination on
# screen and from `report referrals`, and once its follow-up date has
# passed (KNUDEPUNKT_NOW moves the clock) it is on the consultant's start
# screen, where Enter opens the case.
#   referrals.sh KNUDEPUNKT
# Polls the pane until the expected text appears; never sleeps blindly.
. "$(dirname "$0")/lib.sh"
english_sessions
e2e_unset KNUDEPUNKT_NOW   # the real clock, as before

start() {   # start NOW LOGIN
	tm kill-session -t main 2>/dev/null || true
	tm new-session -d -s main -x 110 -y 30 \
		"env KNUDEPUNKT_NOW=$1 '$K' --db '$DB' --user $2; sleep 30"
}

# A demo database with a consultant and a supervisor at Aarhus.
printf 'e2e password 1234\ne2e password 1234\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --demo --admin admin --name "Ada Admin" \
	--location aarhus 3<"$TMP/pw" >/dev/null
"$K" --db "$DB" --user admin user add --login kim --name "Kim Konsulent" --role consultant \
	--location aarhus --initials KK >/dev/null
"$K" --db "$DB" --user admin user add --login sus --name "Sus Supervisor" --role supervisor \
	--location aarhus --initials SS >/dev/null
# 1. The consultant registers a company, opens a case on capital, refers
#    it to Vækstfonden from the case screen and moves the referral on.
start 2026-03-02T09:00:00Z kim
wait_for "Companies"
keys a
wait_for "CVR"
type_text 24256790
keys Tab Tab
type_text "Fiktiv Maskinfabrik ApS"
keys Tab Tab
type_text 8000
keys F2
wait_for "Company: Fiktiv Maskinfabrik ApS"
keys o
wait_for "Open a case"
type_text "Growth capital for a new line"
keys Tab Tab Tab Enter
keys /
type_text Capital
keys Enter Space Enter
wait_for "Capital and financing >"
keys Tab Tab Enter
keys /
type_text Kim
keys Enter Enter
wait_for "Kim Konsulent >"
keys F2
wait_for "Case: Fiktiv Maskinfabrik ApS"
keys F
wait_for "no referrals yet"
keys a
wait_for "New referral"
keys Enter
wait_for "Destination ─"
keys /
type_text "Vækstfonden"
keys Enter
keys Enter
wait_for "Vækstfonden (EIFO) (State scheme)"
keys Tab Tab Tab
type_text "Needs a growth loan"
keys Tab Tab Tab
type_text "2026-03-05"
keys C-s
wait_for "referral to Vækstfonden (EIFO) saved"
wait_line "2026-03-02" "Vækstfonden (EIFO)" "proposed" "2026-03-05"
keys s
wait_for "New status"
keys Enter
wait_for "Note (optional)"
type_text "mailed to EIFO"
keys Enter
wait_for "is now sent"
keys s
wait_for "New status"
keys Enter
wait_for "Note (optional)"
keys Enter
wait_for "is now accepted"
wait_line "Vækstfonden (EIFO)" "accepted" "2026-03-05"
# the history is dated and signed
keys Enter
wait_line "2026-03-02" "sent" "Kim Konsulent" "mailed to EIFO"
keys q

# 2. It is on the overview.
keys 4
wait_for "Referral overview"
wait_line "2026-03-05" "Fiktiv Mas" "Vækstfonden (EIFO)" "accepted" "Kim Konsulent"
keys Q

# 3. The supervisor sees it counted per destination, on screen and from
#    the command line (the same figures).
start 2026-03-02T09:00:00Z sus
wait_for "Sus Supervisor"
keys 4
wait_for "Referral overview"
wait_line "Vækstfonden (EIFO)" "accepted" "Kim Konsulent"
keys v
wait_for "View: by destination"
wait_line "Vækstfonden (EIFO)" "0      0        1         0        0      1         0"
keys Q
"$K" --db "$DB" --user sus report referrals --from 2026-01-01 --to 2026-12-31 --format csv \
	>"$TMP/report.csv"
grep -qx "ab1147a7-0169-5356-b2b7-1daf6d133eaa,Vækstfonden (EIFO),state_scheme,0,0,1,0,0,1,0" \
	"$TMP/report.csv" || { cat "$TMP/report.csv" >&2; fail "report referrals"; }

# 4. Before the follow-up date the start screen is the first tab; once it
#    has passed, the consultant starts on the follow-ups and Enter opens
#    the case.
start 2026-03-04T09:00:00Z kim
wait_for "Companies"
start 2026-03-10T09:00:00Z kim
wait_for "Referral follow-ups due"
wait_line "2026-03-05" "5" "Fiktiv Maskinfabrik ApS" "Vækstfonden (EIFO)" "accepted"
keys Enter
wait_for "Case: Fiktiv Maskinfabrik ApS"
keys Q
echo "ok: referral to Vækstfonden created, accepted, on the overview, counted, due"
