#!/bin/sh
# Fails if a translatable string in the sources has no Danish translation:
# xgettext over src/ and ui/, then msgcmp against the joined catalogue.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
find src ui db -name '*.[ch]' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --language=C --no-location \
	--files-from="$tmp/files" -o "$tmp/knudepunkt.pot"
msgcat --use-first -o "$tmp/da.po" po/da/*.po
msgcmp --use-untranslated "$tmp/da.po" "$tmp/knudepunkt.pot" 2>"$tmp/missing" || true
# msgcmp reports untranslated as errors only without --use-untranslated; list them ourselves
msgattrib --untranslated "$tmp/da.po" -o "$tmp/untr.po" 2>/dev/null || true
msgcomm --more-than=1 --no-location -o "$tmp/common.pot" "$tmp/knudepunkt.pot" "$tmp/da.po" 2>/dev/null || true
missing=$(msgcomm --unique --no-location "$tmp/knudepunkt.pot" "$tmp/common.pot" 2>/dev/null | grep -c '^msgid "..*"' || true)
untranslated=$(grep -c '^msgid "..*"' "$tmp/untr.po" 2>/dev/null || true)
if [ "${missing:-0}" -gt 0 ] || [ "${untranslated:-0}" -gt 0 ]; then
	echo "Danish catalogue incomplete: $missing message(s) missing, $untranslated untranslated:"
	msgcomm --unique --no-location "$tmp/knudepunkt.pot" "$tmp/common.pot" 2>/dev/null | grep '^msgid' | head -50
	exit 1
fi
echo "Danish catalogue complete: $(grep -c '^msgid "..*"' "$tmp/knudepunkt.pot") messages"
