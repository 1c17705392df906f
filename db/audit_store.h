/* The audit trail table: append-only rows of who did what, when, where. */
#ifndef KP_AUDIT_STORE_H
#define KP_AUDIT_STORE_H

#include <stdbool.h>

struct db;

struct audit_entry {
	char *id;
	char *at;
	char *user_id;
	char *terminal;
	char *action;      /* e.g. company.create, case.assign, journal.read */
	char *tbl;
	char *row_id;
	char *detail;      /* fields changed, search text, export scope... */
};

void audit_entry_finish(struct audit_entry *e);
bool audit_store_append(struct db *db, const struct audit_entry *e);
/* Entries for one record (row_id), oldest first; caller frees with
 * audit_list_free. Returns the count or -1. */
int audit_store_for_row(struct db *db, const char *row_id, struct audit_entry **out);
void audit_list_free(struct audit_entry *list, int n);

#endif
