#!/bin/sh
# End-to-end in tmux (issue 4): a supervisor reviews the Aarhus caseload,
# reassigns Kim's case to Dorte (Herning) with a reason and sees it leave
# Aarhus and appear in Herning's caseload; then enters a result-contract
# target on the goals dashboard and sees actual beside target, on screen
# and from `knudepunkt report goals`.
#   supervision.sh KNUDEPUNKT
# Polls the pane until the expected text appears; never sleeps blindly.
. "$(dirname "$0")/lib.sh"
english_sessions
# Opens a main screen through the menu (m), by name.
screen() {
	keys m
	wait_for "Main menu"
	keys /
	type_text "$1"
	keys Enter Enter
}

# A demo database: Kim (Aarhus) and Dorte (Herning) consult, Sus supervises.
printf 'e2e password 1234\ne2e password 1234\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --demo --admin admin --name "Ada Admin" \
	--location aarhus 3<"$TMP/pw" >/dev/null
"$K" --db "$DB" --user admin user add --login kim --name "Kim Konsulent" --role consultant \
	--location aarhus --initials KK >/dev/null
"$K" --db "$DB" --user admin user add --login dorte --name "Dorte Rådgiver" --role consultant \
	--location herning --initials DR >/dev/null
"$K" --db "$DB" --user admin user add --login sus --name "Sus Supervisor" --role supervisor \
	--location aarhus --initials SS >/dev/null
# Two served companies: Kim's case at Aarhus, Dorte's at Herning.
sqlite3 "$DB" "
INSERT INTO company (id, cvr, name, name_key, target_group, growth_ambition, created_at, created_by)
VALUES ('A', '12345678', 'Alfa Maskiner ApS', 'alfa maskiner', 'micro', 'high', '2026-01-01', 'x'),
       ('B', '23456789', 'Beta Foods A/S', 'beta foods', 'sme', 'moderate', '2026-01-01', 'x');
INSERT INTO case_file (id, company_id, title, source, themes, status, location, consultant_id,
                       opened, created_at, created_by, updated_at)
VALUES ('c1', 'A', 'Webshop', 'own_initiative', '[\"ecommerce\"]', 'active', 'aarhus',
        (SELECT id FROM app_user WHERE login = 'kim'), '2026-01-05', '2026-01-05', 'x', '2026-01-05'),
       ('c2', 'B', 'Eksport', 'municipality', '[\"internationalisation\"]', 'active', 'herning',
        (SELECT id FROM app_user WHERE login = 'dorte'), '2026-01-20', '2026-01-20', 'x', '2026-01-20');
INSERT INTO journal_entry (id, case_id, kind, occurred, place, author_id, created_at)
VALUES ('j1', 'c1', 'meeting', '2026-01-10', 'house', 'x', '2026-01-10'),
       ('j2', 'c2', 'meeting', '2026-02-01', 'company', 'x', '2026-02-01');"

tm new-session -d -s main -x 120 -y 30 "'$K' --db '$DB' --user sus; sleep 30"
wait_for "Sus Supervisor"

# 1. The Aarhus caseload holds Kim's case; reassign it to Dorte.
screen Caseloads
wait_for "Caseload: whole house"
keys B
wait_for "Show the caseload of"
keys /
type_text Aarhus
keys Enter Enter
wait_for "Caseload: Aarhus"
wait_line "Alfa Maskiner ApS" "Kim Konsulent"
keys r
wait_for "Reassign to"
keys /
type_text Dorte
keys Enter Enter
wait_for "Why are 1 case(s) reassigned to Dorte"
type_text "Kim is on leave"
keys Enter
wait_for "1 case(s) reassigned to Dorte"
wait_gone "Alfa Maskiner ApS"
wait_for "no open cases"
# ... and it is in Herning's caseload now, with Dorte's other case.
keys B
wait_for "Show the caseload of"
keys /
type_text Herning
keys Enter Enter
wait_for "Caseload: Herning"
wait_line "Alfa Maskiner ApS" "Dorte"
wait_line "Beta Foods A/S" "Dorte"
# The case's timeline records who, from, to and why.
keys /
type_text Alfa
keys Enter Enter
wait_for "Kim is on leave"
keys q

# 2. Goals: two companies served in 2026, no target yet; enter 4.
screen Goals
wait_for "Goals I-VII: Erhvervshus Midtjylland"
wait_line "companies served" "2" "-"
keys t
wait_for "Result-contract targets 2026"
keys Enter
wait_for "Target for companies served in 2026"
type_text 4
keys Enter
wait_for "target saved"
wait_line "companies served" "4" "result contract"
keys q
wait_line "companies served" "2" "4" "50%"

# 3. The command line prints the same figures.
out=$("$K" --db "$DB" --user sus report goals --year 2026)
echo "$out" | grep -E "^I +companies served +2 +4 " >/dev/null \
	|| { echo "$out" >&2; fail "report goals does not show 2 beside 4"; }
echo "ok"
