#!/bin/sh
# Installs the Debian packages named as arguments that are missing: with
# apt-get as root, through sudo where it is available, otherwise prints the
# exact command and stops.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd
elif command -v sudo >/dev/null 2>&1; then
	echo "installing with sudo:$missing"
	sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $cmd
else
	echo "missing Debian packages:$missing" >&2
	echo "run as root: apt-get update && $cmd" >&2
	exit 1
fi
