/* Reference data (houses, locations, municipalities, postcodes, themes,
 * target groups, case sources, partner types): read only, from migrations. */
#ifndef KP_REF_STORE_H
#define KP_REF_STORE_H

#include <stdbool.h>

struct db;

/* A key and its labels, for every pick list. */
struct ref_item {
	char *key;
	char *label_da;
	char *label_en;
	char *parent;            /* location: house key; municipality: house key;
				    theme: group; otherwise "" */
	int flag;                /* theme: digital (goal VI); location: 1 = head office */
};

enum ref_table {
	REF_HOUSE,
	REF_LOCATION,
	REF_MUNICIPALITY,
	REF_THEME,
	REF_TARGET_GROUP,
	REF_CASE_SOURCE,
	REF_PARTNER_TYPE,
};
#define REF_TABLES (REF_PARTNER_TYPE + 1)

void ref_list_free(struct ref_item *list, int n);
/* All rows of a table in display order. Returns the count or -1. */
int ref_store_list(struct db *db, enum ref_table t, struct ref_item **out);
/* 1 if key exists in the table, 0 if not, -1 on error. */
int ref_store_exists(struct db *db, enum ref_table t, const char *key);
/* Town and municipality of a postcode (the first, if it spans several).
 * 1 found, 0 not, -1 error. town is caller-freed. */
int ref_store_postcode(struct db *db, const char *postcode, char **town, int *municipality);
/* Every postcode, ordered by postcode and municipality code (the first
 * row of a postcode is the one ref_store_postcode gives). Returns the
 * count or -1; free with ref_postcode_list_free. */
struct ref_postcode {
	char *postcode;
	char *town;
	int municipality;
};
int ref_store_postcodes(struct db *db, struct ref_postcode **out);
void ref_postcode_list_free(struct ref_postcode *list, int n);
/* House key of a location (caller frees) or NULL. */
char *ref_store_location_house(struct db *db, const char *location);

#endif
