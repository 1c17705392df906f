#!/bin/sh
# Fails if a translatable string in db/, src/ or ui/ has no Danish
# translation: xgettext lists the msgids, msgcat joins po/da/*.po, and
# every msgid must be in the catalogue with a non-empty msgstr.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
find src ui db -name '*.[ch]' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --language=C --no-location \
	--files-from="$tmp/files" -o "$tmp/all.pot"
msgcat --use-first -o "$tmp/da.po" po/da/*.po
# msgids of the sources that the catalogue translates
msgattrib --translated --no-obsolete -o "$tmp/done.po" "$tmp/da.po"
msgcomm --more-than=1 --no-location -o "$tmp/common.pot" "$tmp/all.pot" "$tmp/done.po"
total=$(msgcat --no-wrap "$tmp/all.pot" | grep -c '^msgid "..*"\|^msgid ""$' || true)
total=$((total - 1))   # the header
missing=$(msgcomm --unique --no-location --omit-header "$tmp/all.pot" "$tmp/common.pot" 2>/dev/null |
	grep -v '^msgstr' || true)
if [ -n "$missing" ]; then
	echo "Danish catalogue incomplete; add these to po/da/<area>.po:"
	echo "$missing"
	exit 1
fi
echo "Danish catalogue complete: $total messages"
