/* Reviewing sync (issue 5): what the sync screen and `sync status` show
 * (this site, the peers, the changes waiting for each, held files), the
 * import of files by path that remembers held ones, and the conflict log
 * with its decisions: restoring the losing value of a conflict is an
 * ordinary write (role-checked, audited) that syncs and wins everywhere.
 * Core functions: they check roles and never print. Owner: ui. */
#ifndef KP_SYNC_REVIEW_H
#define KP_SYNC_REVIEW_H

#include "db/sync_review_store.h"
#include "src/clock.h"
#include "src/status.h"
#include "src/sync.h"

#include <stdbool.h>
#include <stdint.h>

struct session;

#define SYNC_CONFLICT_ID_LEN 17          /* 16 hex digits and the NUL */

struct sync_peer_view {
	struct sync_peer peer;           /* owned */
	char fp[SYNC_FP_LEN];
	int64_t waiting;                 /* records an export to it would carry now */
};

struct sync_view {
	char site[SYNC_SITE_LEN];
	char *name, *house, *location, *deployment;
	char fp[SYNC_FP_LEN];
	int64_t changes;                 /* the local change counter */
	int conflicts, unresolved, unapplied;
	struct sync_peer_view *peers;
	int npeers;
	struct sync_held *held;          /* files held: dated in the future */
	int nheld;
};

/* This site and its peers (ACT_SYNC). KP_ERR_STATE if not a site. */
enum kp_status sync_view_get(struct session *s, struct sync_view *v);
void sync_view_finish(struct sync_view *v);

/* A file name for an export to peer: the peer's name made safe, the date
 * and time (no personal data). Caller frees. */
char *sync_export_default_name(const char *peer_name);

/* sync_import_file, and a file held for its date is remembered (listed
 * by sync_view_get) until it is applied or no longer there. */
enum kp_status sync_import_path(struct session *s, const char *path, int flags,
				struct sync_import_result *res);

/* --- conflicts -------------------------------------------------------- */
struct sync_conflict_view {
	char id[SYNC_CONFLICT_ID_LEN];   /* the same at every site */
	char *tbl, *row_id, *col;
	char *label;                     /* a human name of the record, or its id */
	bool hidden;                     /* values withheld: the user may not read the record */
	int kind;                        /* SYNC_CONFLICT_EDIT or _DELETE */
	char *winner_value;              /* the field's value now (NULL: empty) */
	bool winner_current;             /* ... and it is still the winning write's */
	bool deleted;                    /* the record was deleted */
	char *loser_value;               /* the value that lost */
	char *winner_site, *loser_site;  /* site names (or ids) */
	char winner_at[CLOCK_TIME_LEN], loser_at[CLOCK_TIME_LEN];   /* from the clocks, UTC */
	char *resolution;                /* NULL, "restored" or "kept" */
	char *resolved_at, *resolved_by;
};

/* The conflict log, newest first; only unresolved entries unless all
 * (ACT_CONFLICT_REVIEW). The reading is audited (the log holds values). */
enum kp_status sync_conflicts(struct session *s, bool all, struct sync_conflict_view **out, int *n);
void sync_conflict_view_list_free(struct sync_conflict_view *list, int n);
/* The entry's losing value is written again (an ordinary write: it syncs
 * and wins at every site) and the entry is marked resolved. id: the
 * conflict's id or an unambiguous prefix of at least 4 digits. */
enum kp_status sync_conflict_restore(struct session *s, const char *id);
/* The entry is marked resolved, the winning value kept. */
enum kp_status sync_conflict_keep(struct session *s, const char *id);
/* What a synced table holds, for people ("company" -> "Company",
 * translated); the name itself for tables without a label. */
const char *sync_table_label(const char *tbl);
/* The id of a conflict-log entry (hex). */
void sync_conflict_id(const struct sync_conflict_entry *e, char out[SYNC_CONFLICT_ID_LEN]);

#endif
