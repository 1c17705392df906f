/* Companies, pre-start persons and their contact persons (synced tables
 * company and contact), and the company search. */
#ifndef KP_COMPANY_STORE_H
#define KP_COMPANY_STORE_H

#include <stdbool.h>

struct db;

struct company {
	char *id;
	char *cvr;                 /* NULL for a pre-start person */
	char *pnumber;             /* NULL if none */
	char *name;
	char *address;
	char *postcode;
	char *town;
	int municipality_code;     /* 0 if unknown */
	char *industry_code;
	char *industry_class;      /* DB07 or DB25 */
	char *size_class;          /* "", 0, 1-9, 10-49, 50-249, 250+ */
	int founded_year;          /* 0 if unknown */
	char *target_group;        /* target_group key or "" */
	char *growth_ambition;     /* "", none, moderate, high */
	bool is_prestart;
	char *consent_given;       /* date or NULL */
	char *consent_scope;
	char *consent_withdrawn;   /* date or NULL */
	char *merged_into;         /* id of the survivor, or NULL */
	char *created_at;
	char *created_by;
};

struct contact {
	char *id;
	char *company_id;
	char *name;
	char *role;
	char *email;
	char *phone;
	char *created_at;
};

/* One search result; the strings are owned by the hit. */
struct company_hit {
	char *id;
	char *cvr;
	char *name;
	char *town;
	char *contacts;            /* contact names that matched, or "" */
};

void company_finish(struct company *c);     /* frees the members, zeroes */
void contact_finish(struct contact *c);
void company_hits_free(struct company_hit *hits, int n);
void contact_list_free(struct contact *list, int n);

bool company_store_insert(struct db *db, const struct company *c);
/* Updates every field but id, cvr, pnumber, created_*; cvr and pnumber are
 * written only where they were NULL (fixed once registered). */
bool company_store_update(struct db *db, const struct company *c);
bool company_store_delete(struct db *db, const char *id);
/* 1 found, 0 not found, -1 error */
int company_store_get(struct db *db, const char *id, struct company *out);
int company_store_find_cvr(struct db *db, const char *cvr, struct company *out);
/* Companies whose name starts with name, case and accents folded as the
 * search folds them ("aa" as å), in Danish order, for the "very like an
 * existing one" warning (db/company_search.c); at most max, caller frees
 * with company_hits_free. Returns count or -1. */
int company_store_similar(struct db *db, const char *name, int max, struct company_hit **out);

bool contact_store_insert(struct db *db, const struct contact *c);
bool contact_store_update(struct db *db, const struct contact *c);
bool contact_store_delete(struct db *db, const char *id);
int contact_store_get(struct db *db, const char *id, struct contact *out);
int contact_store_list(struct db *db, const char *company_id, struct contact **out);

/* Ranked search over name, CVR, town and contact names: exact CVR first,
 * then names starting with the text, then word matches (FTS5); Danish
 * order within a rank. An empty query lists companies in Danish order.
 * Returns the count (<= limit) or -1. */
int company_store_search(struct db *db, const char *query, int limit, int offset,
			 struct company_hit **out);
long company_store_count(struct db *db);

#endif
