/* Reference tables, read only. One query per table, all shaped as
 * (key, label_da, label_en, parent, flag). */
#include "db/db_internal.h"
#include "db/ref_store.h"
#include "src/xalloc.h"

#include <stdlib.h>

static const char *const list_sql[] = {
	[REF_HOUSE] = "SELECT key, name, name, '', 0 FROM house ORDER BY name COLLATE da",
	[REF_LOCATION] = "SELECT l.key, l.town, l.town, l.house, l.kind = 'head_office' FROM location l "
			 "JOIN house h ON h.key = l.house ORDER BY h.name COLLATE da, l.kind DESC, l.town COLLATE da",
	[REF_MUNICIPALITY] = "SELECT CAST(code AS TEXT), name, name, house, 0 FROM municipality "
			     "ORDER BY name COLLATE da",
	[REF_THEME] = "SELECT key, label_da, label_en, grp, digital FROM theme ORDER BY sort",
	[REF_TARGET_GROUP] = "SELECT key, label_da, label_en, '', 0 FROM target_group ORDER BY sort",
	[REF_CASE_SOURCE] = "SELECT key, label_da, label_en, '', 0 FROM case_source ORDER BY sort",
	[REF_PARTNER_TYPE] = "SELECT key, label_da, label_en, '', 0 FROM partner_type ORDER BY sort",
};

static const char *const exists_sql[] = {
	[REF_HOUSE] = "SELECT 1 FROM house WHERE key = ?",
	[REF_LOCATION] = "SELECT 1 FROM location WHERE key = ?",
	/* by key (code is the rowid), still only the code's own spelling */
	[REF_MUNICIPALITY] = ("SELECT 1 FROM municipality WHERE code = CAST(?1 AS INTEGER) "
			      "AND CAST(code AS TEXT) = ?1"),
	[REF_THEME] = "SELECT 1 FROM theme WHERE key = ?",
	[REF_TARGET_GROUP] = "SELECT 1 FROM target_group WHERE key = ?",
	[REF_CASE_SOURCE] = "SELECT 1 FROM case_source WHERE key = ?",
	[REF_PARTNER_TYPE] = "SELECT 1 FROM partner_type WHERE key = ?",
};

void ref_list_free(struct ref_item *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].key);
		free(list[i].label_da);
		free(list[i].label_en);
		free(list[i].parent);
	}
	free(list);
}

static void read_item(sqlite3_stmt *st, void *elem)
{
	struct ref_item *r = elem;

	r->key = db_col_dup(st, 0);
	r->label_da = db_col_dup(st, 1);
	r->label_en = db_col_dup(st, 2);
	r->parent = db_col_dup(st, 3);
	r->flag = sqlite3_column_int(st, 4);
}

static void release_item(void *elem)
{
	struct ref_item *r = elem;

	free(r->key);
	free(r->label_da);
	free(r->label_en);
	free(r->parent);
}

int ref_store_list(struct db *db, enum ref_table t, struct ref_item **out)
{
	sqlite3_stmt *st = db_stmt(db, list_sql[t]);

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_item, release_item, (void **)out,
			  "cannot read reference data");
}

int ref_store_exists(struct db *db, enum ref_table t, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, exists_sql[t]);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key ? key : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int ref_store_postcode(struct db *db, const char *postcode, char **town, int *municipality)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT town, municipality_code FROM postcode WHERE postcode = ? "
				       "ORDER BY municipality_code LIMIT 1");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, postcode, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (town)
			*town = db_col_dup(st, 0);
		if (municipality)
			*municipality = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void read_postcode(sqlite3_stmt *st, void *elem)
{
	struct ref_postcode *p = elem;

	p->postcode = db_col_dup(st, 0);
	p->town = db_col_dup(st, 1);
	p->municipality = sqlite3_column_int(st, 2);
}

static void release_postcode(void *elem)
{
	struct ref_postcode *p = elem;

	free(p->postcode);
	free(p->town);
}

void ref_postcode_list_free(struct ref_postcode *list, int n)
{
	for (int i = 0; i < n; i++)
		release_postcode(&list[i]);
	free(list);
}

int ref_store_postcodes(struct db *db, struct ref_postcode **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT postcode, town, municipality_code FROM postcode "
				       "ORDER BY postcode, municipality_code");

	*out = NULL;
	if (!st)
		return -1;
	return db_collect(db, st, sizeof **out, read_postcode, release_postcode, (void **)out,
			  "cannot read postcodes");
}

char *ref_store_location_house(struct db *db, const char *location)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT house FROM location WHERE key = ?");
	char *house = NULL;

	if (!st || !location)
		return NULL;
	sqlite3_bind_text(st, 1, location, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		house = db_col_dup(st, 0);
	sqlite3_reset(st);
	return house;
}
