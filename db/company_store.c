/* company and contact rows. Uniqueness of the CVR is checked by the domain
 * layer before insert (synced tables carry no UNIQUE index). The search
 * lives in db/company_search.c. */
#include "db/company_store.h"
#include "db/db_internal.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define COMPANY_COLS "id, cvr, pnumber, name, address, postcode, town, municipality_code, " \
	"industry_code, industry_class, size_class, founded_year, target_group, growth_ambition, " \
	"is_prestart, consent_given, consent_scope, consent_withdrawn, merged_into, created_at, created_by"

void company_finish(struct company *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->cvr);
	free(c->pnumber);
	free(c->name);
	free(c->address);
	free(c->postcode);
	free(c->town);
	free(c->industry_code);
	free(c->industry_class);
	free(c->size_class);
	free(c->target_group);
	free(c->growth_ambition);
	free(c->consent_given);
	free(c->consent_scope);
	free(c->consent_withdrawn);
	free(c->merged_into);
	free(c->created_at);
	free(c->created_by);
	*c = (struct company){ 0 };
}

void contact_finish(struct contact *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->company_id);
	free(c->name);
	free(c->role);
	free(c->email);
	free(c->phone);
	free(c->created_at);
	*c = (struct contact){ 0 };
}

void company_hits_free(struct company_hit *hits, int n)
{
	for (int i = 0; i < n; i++) {
		free(hits[i].id);
		free(hits[i].cvr);
		free(hits[i].name);
		free(hits[i].town);
		free(hits[i].contacts);
	}
	free(hits);
}

void contact_list_free(struct contact *list, int n)
{
	for (int i = 0; i < n; i++)
		contact_finish(&list[i]);
	free(list);
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

static void bind_int_or_null(sqlite3_stmt *st, int idx, int v)
{
	if (v)
		sqlite3_bind_int(st, idx, v);
	else
		sqlite3_bind_null(st, idx);
}

/* Binds the mutable columns at 1..16 in the order of the UPDATE below. */
static void bind_fields(sqlite3_stmt *st, const struct company *c)
{
	char key[512];

	db_fold_name(s_or(c->name), key, sizeof key);
	sqlite3_bind_text(st, 1, s_or(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, s_or(c->address), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s_or(c->postcode), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s_or(c->town), -1, SQLITE_STATIC);
	bind_int_or_null(st, 6, c->municipality_code);
	sqlite3_bind_text(st, 7, s_or(c->industry_code), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->industry_class && *c->industry_class ? c->industry_class : "DB07",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, s_or(c->size_class), -1, SQLITE_STATIC);
	bind_int_or_null(st, 10, c->founded_year);
	sqlite3_bind_text(st, 11, s_or(c->target_group), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, s_or(c->growth_ambition), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, c->is_prestart);
	db_bind_text_or_null(st, 14, c->consent_given);
	sqlite3_bind_text(st, 15, s_or(c->consent_scope), -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 16, c->consent_withdrawn);
}

bool company_store_insert(struct db *db, const struct company *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO company (name, name_key, address, postcode, town, "
		"municipality_code, industry_code, industry_class, size_class, founded_year, target_group, "
		"growth_ambition, is_prestart, consent_given, consent_scope, consent_withdrawn, "
		"id, cvr, pnumber, merged_into, created_at, created_by) "
		"VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)");

	if (!st)
		return false;
	bind_fields(st, c);
	sqlite3_bind_text(st, 17, c->id, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 18, c->cvr);
	db_bind_text_or_null(st, 19, c->pnumber);
	db_bind_text_or_null(st, 20, c->merged_into);
	sqlite3_bind_text(st, 21, c->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 22, c->created_by, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool company_store_update(struct db *db, const struct company *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE company SET name = ?1, name_key = ?2, address = ?3, "
		"postcode = ?4, town = ?5, municipality_code = ?6, industry_code = ?7, industry_class = ?8, "
		"size_class = ?9, founded_year = ?10, target_group = ?11, growth_ambition = ?12, "
		"is_prestart = ?13, consent_given = ?14, consent_scope = ?15, consent_withdrawn = ?16, "
		"cvr = coalesce(cvr, ?18), pnumber = coalesce(pnumber, ?19), merged_into = ?20 "
		"WHERE id = ?17");

	if (!st)
		return false;
	bind_fields(st, c);
	sqlite3_bind_text(st, 17, c->id, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 18, c->cvr);
	db_bind_text_or_null(st, 19, c->pnumber);
	db_bind_text_or_null(st, 20, c->merged_into);
	return db_step_done(db, st);
}

bool company_store_delete(struct db *db, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM company WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_company(sqlite3_stmt *st, struct company *c)
{
	c->id = db_col_dup(st, 0);
	c->cvr = db_col_dup_or_null(st, 1);
	c->pnumber = db_col_dup_or_null(st, 2);
	c->name = db_col_dup(st, 3);
	c->address = db_col_dup(st, 4);
	c->postcode = db_col_dup(st, 5);
	c->town = db_col_dup(st, 6);
	c->municipality_code = sqlite3_column_int(st, 7);
	c->industry_code = db_col_dup(st, 8);
	c->industry_class = db_col_dup(st, 9);
	c->size_class = db_col_dup(st, 10);
	c->founded_year = sqlite3_column_int(st, 11);
	c->target_group = db_col_dup(st, 12);
	c->growth_ambition = db_col_dup(st, 13);
	c->is_prestart = sqlite3_column_int(st, 14) != 0;
	c->consent_given = db_col_dup_or_null(st, 15);
	c->consent_scope = db_col_dup(st, 16);
	c->consent_withdrawn = db_col_dup_or_null(st, 17);
	c->merged_into = db_col_dup_or_null(st, 18);
	c->created_at = db_col_dup(st, 19);
	c->created_by = db_col_dup(st, 20);
}

static void read_company_elem(sqlite3_stmt *st, void *elem)
{
	read_company(st, elem);
}

static int get_one(struct db *db, sqlite3_stmt *st, struct company *out)
{
	return db_get_one(db, st, read_company_elem, out, "cannot read company");
}

int company_store_get(struct db *db, const char *id, struct company *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " COMPANY_COLS " FROM company WHERE id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return get_one(db, st, out);
}

int company_store_find_cvr(struct db *db, const char *cvr, struct company *out)
{
	/* the oldest registration wins when two sites registered the same CVR */
	sqlite3_stmt *st = db_stmt(db, "SELECT " COMPANY_COLS " FROM company "
				       "WHERE cvr = ? AND merged_into IS NULL ORDER BY created_at, id LIMIT 1");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, cvr, -1, SQLITE_STATIC);
	return get_one(db, st, out);
}

bool contact_store_insert(struct db *db, const struct contact *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO contact (id, company_id, name, role, email, phone, "
				       "created_at) VALUES (?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->company_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s_or(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s_or(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s_or(c->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s_or(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool contact_store_update(struct db *db, const struct contact *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE contact SET name = ?, role = ?, email = ?, phone = ? "
				       "WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, s_or(c->name), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s_or(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s_or(c->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s_or(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool contact_store_delete(struct db *db, const char *id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM contact WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static void read_contact(sqlite3_stmt *st, struct contact *c)
{
	c->id = db_col_dup(st, 0);
	c->company_id = db_col_dup(st, 1);
	c->name = db_col_dup(st, 2);
	c->role = db_col_dup(st, 3);
	c->email = db_col_dup(st, 4);
	c->phone = db_col_dup(st, 5);
	c->created_at = db_col_dup(st, 6);
}

static void read_contact_elem(sqlite3_stmt *st, void *elem)
{
	read_contact(st, elem);
}

int contact_store_get(struct db *db, const char *id, struct contact *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, company_id, name, role, email, phone, created_at "
				       "FROM contact WHERE id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_contact_elem, out, "cannot read contact");
}

static void release_contact(void *elem)
{
	contact_finish(elem);
}

int contact_store_list(struct db *db, const char *company_id, struct contact **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, company_id, name, role, email, phone, created_at "
				       "FROM contact WHERE company_id = ? ORDER BY name COLLATE da, id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, company_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_contact_elem, release_contact, (void **)out,
			  "cannot list contacts");
}
