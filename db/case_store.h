/* Cases (forløb) and their timeline events (synced tables case_file and
 * case_event). */
#ifndef KP_CASE_STORE_H
#define KP_CASE_STORE_H

#include <stdbool.h>

struct db;

struct case_file {
	char *id;
	char *company_id;
	char *title;                /* the need, in a line */
	char *source;               /* case_source key */
	int source_municipality;    /* 0 unless source = municipality */
	char *source_date;          /* date or NULL */
	char *target_group;
	char *themes;               /* JSON array of theme keys */
	char *status;               /* new, assigned, active, closed */
	char *location;             /* location key or NULL */
	char *consultant_id;        /* user id or NULL */
	char *opened;
	char *closed;               /* date or NULL */
	char *outcome;
	char *created_at;
	char *created_by;
	char *updated_at;
	/* joined, read only */
	char *house;                /* house of location, or NULL */
	char *company_name;
	char *company_cvr;
	char *consultant_name;
	char *last_activity;        /* date of the latest journal entry or NULL */
	bool consultant_inactive;   /* the consultant is deactivated (left) */
	bool restricted;            /* set by case_get/case_list: only existence,
				     * company, status, location and consultant
				     * are filled (the reader may not read more) */
};

struct case_event {
	char *id;
	char *case_id;
	char *at;
	char *user_id;
	char *user_name;            /* joined */
	char *kind;                 /* opened, status, assigned, reopened, closed, ... */
	char *from_value;
	char *to_value;
	char *reason;
};

/* Which cases a list shows. NULL/empty members do not filter. */
struct case_filter {
	const char *consultant_id;
	const char *location;
	const char *house;
	const char *status;         /* one status, or "open" for all but closed */
	const char *company_id;
	int limit;                  /* 0: no limit */
};

void case_finish(struct case_file *c);
void case_list_free(struct case_file *list, int n);
void case_event_finish(struct case_event *e);
void case_event_list_free(struct case_event *list, int n);

bool case_store_insert(struct db *db, const struct case_file *c);
/* Updates every field but id and created_*. */
bool case_store_update(struct db *db, const struct case_file *c);
int case_store_get(struct db *db, const char *id, struct case_file *out);
/* Newest opened first. Returns the count or -1. */
int case_store_list(struct db *db, const struct case_filter *f, struct case_file **out);

bool case_event_insert(struct db *db, const struct case_event *e);
int case_event_list(struct db *db, const char *case_id, struct case_event **out);

#endif
