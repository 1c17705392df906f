#!/bin/sh
# End to end, in Danish (the default): intake registers a company (an
# invalid CVR refused with the core's message, a valid one accepted),
# opens a case and routes it to a branch and consultant; the consultant
# logs a meeting; after quitting and starting again everything is there.
. "$(dirname "$0")/lib.sh"
make_site

login ib "$IB_PW"
wait_for "1 Virksomheder"
keys a
wait_for "Registrér en virksomhed"
type_text "12345678"
keys Tab Tab
type_text "Novo Nordisk A/S"
keys C-s
wait_for "modulus 11"
screen_text | grep -q "Registrér en virksomhed" || fail "the form closed on an invalid CVR"
keys Up Up C-u
type_text "24256790"
keys Down Down Down
type_text "Novo Allé 1"
keys Tab
type_text "2880"
keys F2
wait_for "Novo Nordisk A/S er registreret"
wait_for "Bagsværd"

# a case, routed to the København branch and Kim
keys o
wait_for "Opret et forløb"
type_text "Eksport til Tyskland"
keys Tab Tab Tab Tab
wait_for "Filial            København"
keys Tab Enter
wait_for "Kim Konsulent"
keys / 
wait_for "Søg:"
type_text "Kim"
keys Enter Enter
wait_for "Konsulent         Kim Konsulent"
keys C-s
wait_for "forløbet er oprettet"
wait_for "Status       fordelt"
quit

# the consultant finds it among "my cases" and logs a meeting
login kim "$KIM_PW"
keys 2
wait_for "mine forløb"
wait_for "Novo Nordisk A/S: Eksport"
keys Enter
wait_for "Forløb: Novo Nordisk A/S (24256790)"
keys M
wait_for "Registrér et møde"
type_text "60"
keys Tab Enter
wait_for "hos virksomheden"
keys / 
wait_for "Søg:"
type_text "virksomheden"
keys Enter Enter
keys Tab
type_text "Direktør Hansen"
keys Tab
type_text "Eksportplan gennemgået"
keys F2
wait_for "mødet er registreret"
wait_for "Status       aktiv"
wait_for "60 min, hos virksomheden: Eksportplan"
quit

# started again: the company, the case and the meeting are still there
login ib "$IB_PW"
keys /
type_text "novo"
wait_for "24256790 Novo Nordisk A/S"
keys Enter Enter
wait_for "Virksomhed: Novo Nordisk A/S"
wait_for "aktiv"
wait_for "Kim Konsulent"
quit
"$K" --db "$DB" check >/dev/null || fail "knudepunkt check failed after the session"
echo "ok"
