/* Sync metadata (db/ side of issue 5): site identity and peers, the hybrid
 * logical clock, the side tables sync_row (each row's cells packed in it,
 * db/sync_pack.c) and sync_conflict kept from the changes the generated
 * triggers note, the merge (join) of incoming records, and the
 * materialisation of merged fields into the synced tables.
 *
 * Which tables are synced is data: the rows of sync_table (add one in your
 * migration). At open, db_open calls sync_store_attach (registers the C
 * functions the triggers call) and, after migrating, sync_store_prepare
 * (regenerates the triggers from sync_table and each table's columns when
 * they changed). The triggers are plain SQL that note changed rows and
 * fields in sync_dirty (so a sqlite3 shell can write, and is synced);
 * sync_store_flush_local stamps them before each export, import, digest.
 *
 * Versions are ordered by (cl, hlc, site); see doc/sync-format.md.
 * Owner: the sync helper. */
#ifndef KP_SYNC_STORE_H
#define KP_SYNC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#define SYNC_SITE_LEN 37         /* a UUID and the NUL */
#define SYNC_CTX_ENTRY 44        /* 36-byte site + 8-byte big-endian HLC */

enum sync_vtype { SYNC_V_NULL = 0, SYNC_V_INT = 1, SYNC_V_REAL = 2, SYNC_V_TEXT = 3, SYNC_V_BLOB = 4 };

/* A field value (borrowed bytes for text and blob). */
struct sync_value {
	int type;
	int64_t i;
	double r;
	const unsigned char *p;
	size_t n;
};

enum sync_conflict_kind { SYNC_CONFLICT_EDIT = 1, SYNC_CONFLICT_DELETE = 2 };

struct sync_rec_row {
	const char *tbl, *id;
	int64_t cl;
	uint64_t hlc;
	const char *site;              /* "" for an unknown dot */
	const unsigned char *ctx;
	size_t ctxlen;
	int64_t seq;                   /* local only; not exported */
};

struct sync_rec_cell {
	const char *tbl, *id, *col;
	int64_t cl;
	uint64_t hlc;
	const char *site;
	const unsigned char *ctx;
	size_t ctxlen;
	struct sync_value val;
	int64_t seq;
};

struct sync_rec_conflict {
	const char *tbl, *id, *col;
	uint64_t loser_hlc;
	const char *loser_site;
	uint64_t winner_hlc;
	const char *winner_site;
	int kind;
	struct sync_value val;
	int64_t seq;
};

struct sync_identity {
	char site[SYNC_SITE_LEN];
	char *name, *house, *location, *deployment, *created_at;
	unsigned char sign_pk[32], sign_sk[64], box_pk[32], box_sk[32];
};

struct sync_peer {
	char site[SYNC_SITE_LEN];
	char *name, *house, *location, *deployment, *trusted_at, *revoked_at;
	unsigned char sign_pk[32], box_pk[32];
	int64_t have;                  /* we hold its changes up to */
	int64_t peer_has;              /* it reported holding ours up to */
	char *last_import, *last_export;
};

/* Called by db_open: before migrating (functions) and after (triggers). */
bool sync_store_attach(struct db *db);
bool sync_store_prepare(struct db *db, char *err, size_t errlen);
void sync_store_detach(struct db *db);

/* Stamps the local changes noted by the triggers since the last call (new
 * HLC and seq per field). Export, import and digest call it first, inside
 * their transaction. */
bool sync_store_flush_local(struct db *db);

/* Bulk inserts (db/ only): a store that inserts many rows at once may drop
 * the table's generated insert trigger (named SYNC_INSERT_TRIGGER "tbl")
 * inside its transaction, create it again from its own SQL afterwards,
 * and note the rows here as the trigger would have: ids_sql is a SELECT
 * of their keys. */
#define SYNC_INSERT_TRIGGER "kp_sync_ai_"
/* Drops what sync_store remembers of sync_row between calls (db_rollback
 * calls it: a rolled-back record must not be served again). */
void sync_store_forget_cache(struct db *db);
bool sync_store_note_inserted(struct db *db, const char *tbl, const char *ids_sql);

/* --- identity and peers ------------------------------------------------ */
void sync_identity_finish(struct sync_identity *id);
void sync_peer_finish(struct sync_peer *p);
int sync_store_self(struct db *db, struct sync_identity *out);   /* 1, 0 none, -1 */
/* Sets the identity (once) and stamps every existing row of the synced
 * tables as this site's; in the caller's transaction. */
bool sync_store_set_self(struct db *db, const struct sync_identity *id);
int sync_store_peer_get(struct db *db, const char *site, struct sync_peer *out);
bool sync_store_peer_put(struct db *db, const struct sync_peer *p);
bool sync_store_peer_revoke(struct db *db, const char *site, const char *at);
int sync_store_peer_list(struct db *db, struct sync_peer **out);  /* count or -1 */
void sync_peer_list_free(struct sync_peer *list, int n);

/* --- clock ------------------------------------------------------------- */
/* The physical clock in ms (default: real time, or KNUDEPUNKT_NOW). The
 * simulation gives each database its own. */
void sync_store_set_time_source(struct db *db, int64_t (*now_ms)(void *arg), void *arg);
bool sync_store_clock(struct db *db, uint64_t *hlc, int64_t *seq);
int64_t sync_store_now_ms(struct db *db);

/* --- export ------------------------------------------------------------ */
/* Calls fn for every record with seq > above, in seq order (by key when
 * by_key). fn returns false to stop; the function then returns false. */
bool sync_store_each_row(struct db *db, int64_t above, bool by_key,
			 bool (*fn)(void *arg, const struct sync_rec_row *r), void *arg);
bool sync_store_each_cell(struct db *db, int64_t above, bool by_key,
			  bool (*fn)(void *arg, const struct sync_rec_cell *c), void *arg);
bool sync_store_each_conflict(struct db *db, int64_t above, bool by_key,
			      bool (*fn)(void *arg, const struct sync_rec_conflict *c), void *arg);
/* Checks the sync metadata (knudepunkt check): every row's packed cells
 * readable, its cseq the newest seq of record and cells. */
bool sync_store_check(struct db *db, void (*report)(void *ctx, const char *line), void *ctx);
/* Visible synced data (fields of alive rows of tables known here) by key. */
bool sync_store_each_visible(struct db *db,
			     bool (*fn)(void *arg, const char *tbl, const char *id, const char *col,
					const struct sync_value *v), void *arg);

/* The synced tables as stored here (tables by name, rows by id, columns
 * in table order). */
bool sync_store_each_base(struct db *db,
			  bool (*fn)(void *arg, const char *tbl, const char *id, const char *col,
				     const struct sync_value *v), void *arg);
/* Moves the change counter up to at_least (after a restore from backup). */
bool sync_store_raise_seq(struct db *db, int64_t at_least);

/* Per-site acknowledgements (have / peer_has) as a list. */
struct sync_ack {
	char site[SYNC_SITE_LEN];
	int64_t have, peer_has;
};
int sync_store_acks(struct db *db, struct sync_ack **out);        /* count or -1 */
bool sync_store_note_export(struct db *db, const char *peer, const char *at);

/* --- import (one transaction: begin, merges, materialise, finish) -------- */
bool sync_store_import_begin(struct db *db);
void sync_store_import_abort(struct db *db);
int sync_store_file_seen(struct db *db, const unsigned char file_id[16]);  /* 1, 0, -1 */
bool sync_store_merge_row(struct db *db, const struct sync_rec_row *r);
bool sync_store_merge_cell(struct db *db, const struct sync_rec_cell *c);
bool sync_store_merge_conflict(struct db *db, const struct sync_rec_conflict *c);
/* Writes the row whose records were merged last into its table now, while
 * its metadata is in hand: call it when a row's records are all merged (an
 * importer that merges a file row by row). Adds to the counts. */
bool sync_store_settle(struct db *db, long *written, long *deleted, long *refused);
/* Applies merged state of every row not settled yet to the synced tables;
 * adds the rows written, deleted and refused by the local schema to the
 * counts. Ends the merge. */
bool sync_store_materialize(struct db *db, long *written, long *deleted, long *refused);
/* HLC receive rule: the local clock moves past hlc. */
bool sync_store_observe(struct db *db, uint64_t hlc);
/* Acknowledgements after a file from sender covering (lo, hi] of its seqs,
 * whose sender holds ours up to peer_has; then the file is recorded. */
bool sync_store_import_finish(struct db *db, const unsigned char file_id[16], const char *sender,
			      int64_t lo, int64_t hi, int64_t peer_has, long changes, const char *at);
/* Changes (seq increments) made by the current import so far. */
int64_t sync_store_import_changes(struct db *db);

/* --- conflicts and integrity (for the screens and the CLI) -------------- */
int sync_store_conflict_count(struct db *db);
int sync_store_unapplied_count(struct db *db);

/* --- data protection (called by src/gdpr.c and src/sync.c) ------------- */
/* Forgets the local change noted for a row (a row an import is about to
 * bring in itself). */
bool sync_store_undirty(struct db *db, const char *tbl, const char *id);
/* Replaces every needle (NULL-terminated) in the text values of the
 * conflict log. Returns the entries changed or -1. */
int sync_store_scrub_conflicts(struct db *db, const char *const *needles, const char *replacement);
/* The conflict log keeps no value of an erased contact's fields (table
 * erasure, decision 'erased'); the same rule at every site, so the log
 * still converges. Returns the entries changed or -1. */
int sync_store_forget_erased(struct db *db);

/* --- consent: what an export beyond the house holds back (sync_hold.c) -- */
/* For an export to peer, a site of another house: computes the rows held
 * back now (a company whose consent does not cover "sharing", and every
 * row that belongs to it; doc/sync-format.md "Consent"), and gives the
 * rows held back from peer before that are no longer held a new seq, so
 * that this export and later ones carry them. *released counts those. In
 * the export's transaction. */
bool sync_store_hold_prepare(struct db *db, const char *peer, long *released);
/* 1 when (tbl, id) is held back (then noted as held back from peer), 0
 * when not, -1 on error. After sync_store_hold_prepare. */
int sync_store_held(struct db *db, const char *peer, const char *tbl, const char *id);
/* A hand-over (sync handover): the rows of one case and its company with
 * what they need (contacts, consent history, journal, timeline, referrals
 * and their events, report-backs, evaluations, members, the audit keys of
 * company, contacts and case, the users they name). In a transaction. */
bool sync_store_only_case(struct db *db, const char *case_id);
/* 1 when (tbl, id) belongs to the hand-over, 0 not, -1 error. */
int sync_store_in_only(struct db *db, const char *tbl, const char *id);
/* Gives every record of the row (row, fields, conflict entries) a new seq,
 * so the next exports carry it again. */
bool sync_store_resend(struct db *db, const char *tbl, const char *id);

/* Test switch: plants one of the five bugs of SYNC.md (1..5; 0 none) so
 * the simulation can show it fails. Defaults to the meson option plant_bug. */
void sync_store_plant_bug(int bug);
int sync_store_planted_bug(void);

#endif
