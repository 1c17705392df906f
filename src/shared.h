/* The operating-system boundary on a shared host. Installed set-group-ID
 * to the group that owns the data (make install-shared), knudepunkt is the
 * only way in for ordinary accounts, as crontab is for the spool:
 *  - the environment is reduced to a few harmless variables (no
 *    KNUDEPUNKT_DB, KNUDEPUNKT_USER, KNUDEPUNKT_NOW, no loader or locale
 *    paths), the umask becomes 007;
 *  - the database is the one the installation names, never --db: the
 *    path comes from <prefix>/etc/knudepunkt.conf ("db = /path") when that
 *    file and its folder belong to root and only root may write them, else
 *    from the path built in (meson option shared_db);
 *  - no symbolic link is followed to the database;
 *  - files the user names (imports, exports, access files) are opened with
 *    the user's own group (shared_as_user), so nobody reads or writes a
 *    file through knudepunkt that they could not reach themselves. */
#ifndef KP_SHARED_H
#define KP_SHARED_H

#include <stdbool.h>
#include <stddef.h>

/* True when running with a group or user other than the real one. */
bool shared_mode(void);
/* Call first thing in main when shared_mode(): environment and umask. */
void shared_sanitize(void);
/* The database path for shared mode; caller frees. NULL with err set if
 * the configuration is unsafe. */
char *shared_db_path(char *err, size_t errlen);
/* Brackets a file operation on a path the user chose: drops to the real
 * group (no-op outside shared mode), then restores. Must pair. */
void shared_as_user(void);
void shared_as_program(void);

#endif
