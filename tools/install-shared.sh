#!/bin/sh
# Installs knudepunkt for a shared host (run as root; make install-shared):
# the binary set-group-ID to a dedicated group, which alone owns the data
# folder, so people reach the data only through the program.
#   install-shared.sh BINARY PREFIX [GROUP] [DATADIR]
#     BINARY   the built program (build/knudepunkt)
#     PREFIX   where it goes (/usr/local): PREFIX/bin/knudepunkt (root:GROUP
#              2755) and PREFIX/etc/knudepunkt.conf (root, 0644) naming the
#              database DATADIR/knudepunkt.db
#     GROUP    the data group (knudepunkt); created when missing
#     DATADIR  the data folder (/var/lib/knudepunkt): root:GROUP 2770, so the
#              database, its WAL, backups, keys and exports kept there are
#              0660/0770 and nobody outside the group can open them
# Then, still as root: knudepunkt init --admin LOGIN --name NAME --location LOC
# (root acts through the installed program like everyone else).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BINARY PREFIX [GROUP] [DATADIR]" >&2; exit 2; }
BIN=$1
PREFIX=$2
GROUP=${3:-knudepunkt}
DATA=${4:-/var/lib/knudepunkt}
[ "$(id -u)" = 0 ] || { echo "$0: run as root" >&2; exit 1; }
case $DATA in /*) ;; *) echo "$0: DATADIR must be absolute" >&2; exit 2 ;; esac
getent group "$GROUP" >/dev/null || groupadd --system "$GROUP"
install -d -m 0755 -o root -g root "$PREFIX/bin" "$PREFIX/etc"
install -m 0755 -o root -g "$GROUP" "$BIN" "$PREFIX/bin/knudepunkt"
chmod 2755 "$PREFIX/bin/knudepunkt"
install -d -m 2770 -o root -g "$GROUP" "$DATA"
umask 022
printf '# the database of this installation (only root may change this file)\ndb = %s/knudepunkt.db\n' \
	"$DATA" >"$PREFIX/etc/knudepunkt.conf.tmp"
chown root:root "$PREFIX/etc/knudepunkt.conf.tmp"
chmod 0644 "$PREFIX/etc/knudepunkt.conf.tmp"
mv "$PREFIX/etc/knudepunkt.conf.tmp" "$PREFIX/etc/knudepunkt.conf"
echo "installed $PREFIX/bin/knudepunkt (set-group-ID $GROUP), data in $DATA"
