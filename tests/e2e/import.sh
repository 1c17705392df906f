#!/bin/sh
# End-to-end in tmux (issue 6): a consultant imports a municipality's
# Windows-1252 semicolon file and the register's UTF-8 comma file from the
# company list through the import preview (encoding and delimiter
# detected, the bad row shown with its line and column before anything is
# written), sees the companies in the list, and exports the list as
# Windows-1252, which keeps æøå; the command line lists both batches.
#   import.sh KNUDEPUNKT
# Polls the pane until the expected text appears; never sleeps blindly.
. "$(dirname "$0")/lib.sh"
english_sessions
e2e_unset KNUDEPUNKT_NOW   # the real clock, as before

printf 'e2e password 1234\ne2e password 1234\n' >"$TMP/pw"
KNUDEPUNKT_PASSWORD_FD=3 "$K" --db "$DB" init --demo --admin admin --name "Ada Admin" \
	--location aarhus 3<"$TMP/pw" >/dev/null
"$K" --db "$DB" --user admin user add --login kim --name "Kim Konsulent" --role consultant \
	--location aarhus --initials KK >/dev/null

# The municipality's file: Windows-1252, ';', CRLF, one bad CVR.
printf 'CVR-nr.;Firmanavn;Adresse;Postnr.;By\r\n10000009;S\370ren \306bel\370 ApS;Vestergade 1;8000;\r\n10000018;Fejl A/S;;;\r\n10000017;"Jensen; S\370nner I/S";Gade 2;5000;Odense\r\n' \
	>"$TMP/kommune.csv"
# The register's file: UTF-8, ',', LF.
printf 'cvr,name,address,postcode,city\n10000025,Ærø Café ApS,Havnen 1,5970,Ærøskøbing\n10000033,Åbyhøj Smedje,Åbyvej 2,8230,Åbyhøj\n' \
	>"$TMP/register.csv"

tm new-session -d -s main -x 110 -y 32 -c "$TMP" "'$K' --db '$DB' --user kim; sleep 30"
wait_for "Companies"

# 1. The municipality's file: a preview, nothing written until F2 and y.
keys i
wait_for "Import companies from file:"
type_text kommune.csv
keys Enter
wait_for "Import companies: preview"
wait_for "Encoding: Windows-1252 (detected)   Delimiter: ';' (detected)"
wait_for "line 3, column 1 (CVR-nr.): CVR number fails the modulus-11 check: 10000018"
wait_for "Would create 2, update 0, leave 0 unchanged, reject 1"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM company')" = 0 ] || fail "the preview wrote companies"
keys S
wait_for "Skip bad rows: yes"
keys F2
wait_for "(y/N)"
keys y
wait_for "Imported: created 2, updated 0, unchanged 0, rejected 1"
wait_for "rejected rows written to kommune.csv.rejects.csv"
keys q
wait_for "Søren Æbelø ApS"
wait_for "Jensen; Sønner I/S"

# 2. The register's UTF-8 file.
keys i
wait_for "Import companies from file:"
type_text register.csv
keys Enter
wait_for "Encoding: UTF-8 (detected)   Delimiter: ',' (detected)"
wait_for "Would create 2, update 0, leave 0 unchanged, reject 0"
keys F2
wait_for "(y/N)"
keys y
wait_for "Imported: created 2"
keys q
wait_for "Ærø Café ApS"
wait_for "Åbyhøj Smedje"

# 3. Export the list as Windows-1252 (second in the encoding list).
keys X
wait_for "Export to file:"
keys Enter
wait_for "Windows-1252"
keys Down Enter
wait_for "Who gets the file?"
keys Enter
wait_for "4 rows written to companies.csv"
keys Q
i=0
while tm has-session -t main 2>/dev/null && screen_text | grep -qF "Companies"; do
	i=$((i + 1))
	[ $i -le 200 ] || break
	sleep 0.05
done

[ "$(stat -c %a "$TMP/companies.csv")" = 600 ] || fail "the export is not mode 0600"
iconv -f CP1252 -t UTF-8 "$TMP/companies.csv" | grep -q '^10000025;;Ærø Café ApS;Havnen 1;5970;Ærøskøbing;' ||
	fail "the exported Windows-1252 file lost æøå: $(iconv -f CP1252 -t UTF-8 "$TMP/companies.csv")"
[ "$(wc -l <"$TMP/companies.csv")" = 5 ] || fail "the export should have a header and 4 rows"
[ "$("$K" --db "$DB" --user kim import list | wc -l)" = 2 ] || fail "import list should show 2 batches"
echo "ok: imported through the preview and exported with æøå intact"
