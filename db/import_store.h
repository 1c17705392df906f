/* Import batches and their items (synced tables import_batch and
 * import_item): what each CSV import created or filled, so it can be
 * listed and reverted as a whole. A company an import created carries the
 * batch in its column import_batch (from migration 0022), and the contact
 * created with it has an id derived from the company's (src/import.c,
 * import_contact_id); import_item records the fields a batch filled or
 * updated, the contacts it added to companies it found, the evaluations it
 * created, and every row an older batch created (action 'created'). */
#ifndef KP_IMPORT_STORE_H
#define KP_IMPORT_STORE_H

#include <stdbool.h>

struct db;
struct company;
struct contact;

struct import_batch {
	char *id;
	char *kind;              /* "companies", "evaluations" */
	char *file_name;
	char *encoding;
	char *delimiter;
	long created, updated, unchanged, rejected;
	char *created_at;
	char *created_by;
	char *reverted_at;       /* NULL while in force */
	char *reverted_by;
};

struct import_item {
	char *id;
	char *batch_id;
	char *tbl;               /* "company", "contact", ... */
	char *row_id;
	char *action;            /* "created", "filled", "updated" */
	char *field;             /* column name for filled/updated, else "" */
	char *old_value;         /* NULL for created */
	char *new_value;
};

void import_batch_finish(struct import_batch *b);
void import_batch_list_free(struct import_batch *list, int n);
void import_item_list_free(struct import_item *list, int n);

bool import_store_batch_insert(struct db *db, const struct import_batch *b);
bool import_store_batch_counts(struct db *db, const struct import_batch *b);
bool import_store_batch_reverted(struct db *db, const char *id, const char *at,
				 const char *by);
/* 1 found, 0 not, -1 error. */
int import_store_batch_get(struct db *db, const char *id, struct import_batch *out);
/* Newest first, at most limit; returns the count or -1. */
int import_store_batch_list(struct db *db, int limit, struct import_batch **out);

bool import_store_item_insert(struct db *db, const struct import_item *it);
/* Every item of a batch in the order written; count or -1. */
int import_store_items(struct db *db, const char *batch_id, struct import_item **out);

/* What has been built on a company since a batch created it: cases that
 * name it, and contacts the batch did not create (own_contact: the id of
 * the one it created with the company). Count or -1. */
long import_store_company_cases(struct db *db, const char *company_id);
long import_store_foreign_contacts(struct db *db, const char *company_id,
				   const char *batch_id, const char *own_contact);
/* The ids of the companies the batch created (or of the contacts listed in
 * its items as created); count or -1, caller frees with db_strings_free. */
int import_store_created(struct db *db, bool contacts, const char *batch_id, char ***out);
/* Whether the batch created the company: 1, 0, or -1 on error. */
int import_store_created_by(struct db *db, const char *company_id, const char *batch_id);
/* Audit entries that changed the row (action not ending in .read, .view,
 * .export or .search, and not one of the batch's own import.* entries)
 * at or after since. Count or -1. */
/* Removes an evaluation an import recorded (when its batch is reverted). */
bool import_store_delete_evaluation(struct db *db, const char *id);
long import_store_row_writes_since(struct db *db, const char *row_id, const char *since);

/* Bulk creation. Rows inserted one by one into company would make its
 * full-text index flush at every statement; an import stages its new
 * companies and contacts in temporary tables instead and moves them with
 * one statement each (flush), which the triggers and indexes see as
 * ordinary inserts. Staged rows are written to the temporary tables by a
 * writer thread, a batch at a time, while the caller reads on (the
 * connection is never used by both: db/import_store.c). stage_begin also
 * enlarges the page cache (up to 512 MiB, changed pages kept up to 1 GiB)
 * and lets SQLite sort with a helper thread; stage_end stops the writer
 * and gives the connection its own settings back. All inside the caller's
 * transaction. */
bool import_store_stage_begin(struct db *db);
/* contact: the name of the one contact staged with the company, or NULL;
 * batch_id: the import creating it, kept in its column import_batch, which
 * is how a revert finds what the batch created */
bool import_store_stage_company(struct db *db, const struct company *c, const char *batch_id,
				const char *contact);
bool import_store_stage_contact(struct db *db, const struct contact *k);
/* Moves the staged rows. From a few thousand companies on, the full-text
 * and sync insert triggers are dropped for the move and created again
 * after it (inside the transaction), and their work is done in one pass. */
bool import_store_stage_flush(struct db *db);
void import_store_stage_end(struct db *db);
/* Calls fn for the CVR number of every company (merged ones too), so an
 * import can tell new numbers from known ones without a query per row.
 * Returns the count or -1. */
long import_store_cvrs(struct db *db, void (*fn)(void *ctx, const char *cvr), void *ctx);

#endif
