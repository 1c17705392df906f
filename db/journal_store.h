/* Journal entries (meetings and notes) of a case: append-only, confidential. */
#ifndef KP_JOURNAL_STORE_H
#define KP_JOURNAL_STORE_H

#include <stdbool.h>

struct db;

struct journal_entry {
	char *id;
	char *case_id;
	char *kind;             /* meeting, note */
	char *occurred;         /* date */
	int duration_min;       /* 0 if not given */
	char *place;            /* "", house, company, online, phone */
	char *participants;
	char *summary;
	char *author_id;
	char *author_name;      /* joined */
	char *created_at;
};

void journal_entry_finish(struct journal_entry *e);
void journal_list_free(struct journal_entry *list, int n);

bool journal_store_insert(struct db *db, const struct journal_entry *e);
/* Oldest first. Returns the count or -1. */
int journal_store_list(struct db *db, const char *case_id, struct journal_entry **out);
int journal_store_count(struct db *db, const char *case_id, const char *kind);

#endif
