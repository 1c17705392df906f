/* Reviewing sync (issue 5): the conflict log as the conflicts screen and
 * `sync conflicts` show it, the decisions on its entries (the synced table
 * conflict_resolution), restoring a losing value by an ordinary write,
 * files held because they are dated in the future (local table
 * sync_held_file), and what an export would carry to a peer.
 * The domain side (roles, ids, names) is src/sync_review.c. Owner: ui. */
#ifndef KP_SYNC_REVIEW_STORE_H
#define KP_SYNC_REVIEW_STORE_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* An entry of sync_conflict with the field's current state. Values are
 * display text (a blob as "(N bytes)"); NULL for an SQL NULL. */
struct sync_conflict_entry {
	char *tbl, *id, *col;
	int64_t loser_hlc, winner_hlc;
	char *loser_site, *winner_site;
	int kind;                      /* SYNC_CONFLICT_EDIT or _DELETE */
	char *loser_val;
	bool has_current;              /* the field is in sync_cell */
	char *current_val;
	int64_t current_hlc;
	char *current_site;
	int64_t row_cl;                /* 0: row unknown; even: deleted */
};

void sync_conflict_entry_finish(struct sync_conflict_entry *e);
void sync_conflict_entry_list_free(struct sync_conflict_entry *list, int n);
/* Every entry, newest first (by the later of its two writes). Count or -1. */
int sync_review_store_conflicts(struct db *db, struct sync_conflict_entry **out);

struct sync_resolution {
	char *conflict, *action, *at, *by_user, *by_name;
};
void sync_resolution_list_free(struct sync_resolution *list, int n);
/* Every decision, oldest first. Count or -1. */
int sync_review_store_resolutions(struct db *db, struct sync_resolution **out);
bool sync_review_store_resolve(struct db *db, const char *id, const char *conflict, const char *action,
			       const char *at, const char *user_id);

/* A human name for a record: a company's name, a case's title and
 * company, a contact's or organisation's or user's name; for rows that
 * belong to a case (a case_id column) the case's. 1 found, 0 none, -1. */
int sync_review_store_label(struct db *db, const char *tbl, const char *id, char **out);
/* The case a record belongs to (case_file itself, or its case_id column).
 * 1 found, 0 none, -1 error. */
int sync_review_store_case_of(struct db *db, const char *tbl, const char *id, char **case_id);

/* Is tbl.col computed from another column (company.name_key from name)?
 * Its conflicts go with the source column's: not listed, and restoring
 * the source recomputes it. */
bool sync_review_store_derived(const char *tbl, const char *col);

/* Writes the entry's losing value into its table (and updated_at, when
 * the table has one, to at; and the columns derived from it): an ordinary
 * local write that the triggers note. 1 written, 0 the table, column or row is not here, -1 error. */
int sync_review_store_write_loser(struct db *db, const struct sync_conflict_entry *e, const char *at);

/* Records an export would carry to a peer holding ours up to above,
 * with the local changes not yet stamped. -1 on error. */
int64_t sync_review_store_waiting(struct db *db, int64_t above);

struct sync_held {
	char *path, *sender, *dated, *noted_at;
};
void sync_held_list_free(struct sync_held *list, int n);
int sync_review_store_held(struct db *db, struct sync_held **out);   /* count or -1 */
bool sync_review_store_held_put(struct db *db, const struct sync_held *h);
bool sync_review_store_held_remove(struct db *db, const char *path);

#endif
