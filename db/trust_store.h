/* Trust positions (table trust_position) and the impartiality report's
 * query: cases whose consultant held a trust position in the case's
 * company while the case was open. */
#ifndef KP_TRUST_STORE_H
#define KP_TRUST_STORE_H

#include <stdbool.h>

struct db;

struct trust_position {
	char *id;
	char *user_id;
	char *company_id;
	char *kind;          /* board, owner, family, employment, other */
	char *note;
	char *from_date;
	char *to_date;       /* NULL: still held */
	char *created_at;
	char *created_by;
	/* joined, read only */
	char *user_name;
	char *company_name;
	char *company_cvr;
	bool user_inactive;  /* the holder is deactivated (has left) */
};

/* A row of the impartiality report. */
struct trust_case {
	char *case_id;
	char *case_status;
	char *opened;
	char *location;
	char *consultant_name;
	char *company_name;
	char *company_cvr;
	char *kind;
	char *from_date;
	char *to_date;
	char *reason;        /* the reason recorded with the latest assignment */
	bool consultant_inactive;   /* the consultant is deactivated (has left) */
};

void trust_position_finish(struct trust_position *t);
void trust_list_free(struct trust_position *list, int n);
void trust_case_list_free(struct trust_case *list, int n);

bool trust_store_insert(struct db *db, const struct trust_position *t);
bool trust_store_set_to(struct db *db, const char *id, const char *to_date);
int trust_store_get(struct db *db, const char *id, struct trust_position *out);
/* Positions of user (NULL: everyone) in company (NULL: any), held on date
 * (NULL: any time), oldest first. Returns the count or -1. */
int trust_store_list(struct db *db, const char *user_id, const char *company_id,
		     const char *on_date, struct trust_position **out);
/* Positions of every user whose home location is in house, by holder's
 * name, then from date. Returns the count or -1. */
int trust_store_list_house(struct db *db, const char *house, struct trust_position **out);
/* Cases of house whose consultant held a position in the company at some
 * time between the case's opening and its closing (or now). */
int trust_store_cases(struct db *db, const char *house, struct trust_case **out);

#endif
