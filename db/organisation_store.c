/* organisation and organisation_contact rows. The directory is small
 * (hundreds of rows), so the text search folds names in C with the Danish
 * folding of the company search rather than keeping an index. */
#include "db/db_internal.h"
#include "db/organisation_store.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ORG_COLS "o.id, o.name, o.type, o.themes, o.area, coalesce(o.municipality_code, 0), " \
	"o.email, o.phone, o.website, o.note, o.active, o.created_at, " \
	"coalesce(pt.label_da, o.type), coalesce(pt.label_en, o.type), " \
	"coalesce(m.name, h.name, ''), " \
	"(SELECT count(*) FROM referral r WHERE r.organisation_id = o.id)"
#define ORG_FROM " FROM organisation o LEFT JOIN partner_type pt ON pt.key = o.type " \
	"LEFT JOIN municipality m ON m.code = o.municipality_code " \
	"LEFT JOIN house h ON h.key = o.area "
/* serves house ?N: national, the house itself, or a municipality in it */
#define ORG_SERVES(n) "(o.area = 'national' OR o.area = ?" n " OR (o.area = 'municipality' " \
	"AND EXISTS (SELECT 1 FROM municipality mm WHERE mm.code = o.municipality_code " \
	"AND mm.house = ?" n ")))"

void organisation_finish(struct organisation *o)
{
	if (!o)
		return;
	free(o->id);
	free(o->name);
	free(o->type);
	free(o->themes);
	free(o->area);
	free(o->email);
	free(o->phone);
	free(o->website);
	free(o->note);
	free(o->created_at);
	free(o->type_label_da);
	free(o->type_label_en);
	free(o->area_name);
	*o = (struct organisation){ 0 };
}

void organisation_list_free(struct organisation *list, int n)
{
	for (int i = 0; i < n; i++)
		organisation_finish(&list[i]);
	free(list);
}

void organisation_contact_finish(struct organisation_contact *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->organisation_id);
	free(c->name);
	free(c->role);
	free(c->email);
	free(c->phone);
	free(c->created_at);
	*c = (struct organisation_contact){ 0 };
}

void organisation_contact_list_free(struct organisation_contact *list, int n)
{
	for (int i = 0; i < n; i++)
		organisation_contact_finish(&list[i]);
	free(list);
}

static void read_org(sqlite3_stmt *st, struct organisation *o)
{
	o->id = db_col_dup(st, 0);
	o->name = db_col_dup(st, 1);
	o->type = db_col_dup(st, 2);
	o->themes = db_col_dup(st, 3);
	o->area = db_col_dup(st, 4);
	o->municipality_code = sqlite3_column_int(st, 5);
	o->email = db_col_dup(st, 6);
	o->phone = db_col_dup(st, 7);
	o->website = db_col_dup(st, 8);
	o->note = db_col_dup(st, 9);
	o->active = sqlite3_column_int(st, 10) != 0;
	o->created_at = db_col_dup(st, 11);
	o->type_label_da = db_col_dup(st, 12);
	o->type_label_en = db_col_dup(st, 13);
	o->area_name = db_col_dup(st, 14);
	o->referral_count = sqlite3_column_int(st, 15);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static void bind_org(sqlite3_stmt *st, const struct organisation *o)
{
	sqlite3_bind_text(st, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->themes ? o->themes : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->area ? o->area : "national", -1, SQLITE_STATIC);
	if (o->municipality_code > 0)
		sqlite3_bind_int(st, 5, o->municipality_code);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, or_empty(o->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, or_empty(o->phone), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, or_empty(o->website), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, or_empty(o->note), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, o->active);
	sqlite3_bind_text(st, 11, o->id, -1, SQLITE_STATIC);
}

bool organisation_store_insert(struct db *db, const struct organisation *o)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO organisation (name, type, themes, area, "
				       "municipality_code, email, phone, website, note, active, id, "
				       "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");

	if (!st)
		return false;
	bind_org(st, o);
	sqlite3_bind_text(st, 12, o->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool organisation_store_update(struct db *db, const struct organisation *o)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE organisation SET name = ?1, type = ?2, themes = ?3, "
				       "area = ?4, municipality_code = ?5, email = ?6, phone = ?7, "
				       "website = ?8, note = ?9, active = ?10 WHERE id = ?11");

	if (!st)
		return false;
	bind_org(st, o);
	return db_step_done(db, st);
}

static void read_org_elem(sqlite3_stmt *st, void *elem)
{
	read_org(st, elem);
}

static int get_one(struct db *db, sqlite3_stmt *st, struct organisation *out)
{
	return db_get_one(db, st, read_org_elem, out, "cannot read organisation");
}

int organisation_store_get(struct db *db, const char *id, struct organisation *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS ORG_FROM "WHERE o.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return get_one(db, st, out);
}

int organisation_store_find_municipal(struct db *db, int municipality_code,
				      struct organisation *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS ORG_FROM
				       "WHERE o.type = 'municipality' AND o.municipality_code = ? "
				       "ORDER BY o.active DESC, o.created_at, o.id LIMIT 1");

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, municipality_code);
	return get_one(db, st, out);
}

static bool text_matches(const struct organisation *o, const char *folded_query)
{
	const char *fields[] = { o->name, o->note, o->website, o->area_name };
	char buf[1024];

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		db_fold_name(fields[i], buf, sizeof buf);
		if (strstr(buf, folded_query))
			return true;
	}
	return false;
}

/* Reads every row of st into a growing array, keeping those keep() allows. */
static int collect(struct db *db, sqlite3_stmt *st, const char *folded_query, int limit,
		   struct organisation **out, const char *what)
{
	int n = 0, cap = 32, rc;

	*out = xcalloc((size_t)cap, sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		read_org(st, &(*out)[n]);
		if (folded_query && !text_matches(&(*out)[n], folded_query)) {
			organisation_finish(&(*out)[n]);
			continue;
		}
		if (++n == limit)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_set_error(db, what);
		organisation_list_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

int organisation_store_list(struct db *db, const struct organisation_filter *f,
			    struct organisation **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS ORG_FROM
				       "WHERE (?1 IS NULL OR o.type = ?1) "
				       "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(o.themes) j "
				       "WHERE j.value = ?2)) "
				       "AND (?3 IS NULL OR " ORG_SERVES("3") ") "
				       "AND (?4 OR o.active = 1) "
				       "ORDER BY o.name COLLATE da, o.id");
	char folded[512];

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, f->type);
	db_bind_text_or_null(st, 2, f->theme);
	db_bind_text_or_null(st, 3, f->area);
	sqlite3_bind_int(st, 4, f->include_inactive);
	folded[0] = '\0';
	if (f->text)
		db_fold_name(f->text, folded, sizeof folded);
	return collect(db, st, folded[0] ? folded : NULL, f->limit, out,
		       "cannot list organisations");
}

int organisation_store_advisors(struct db *db, const char *theme, const char *house,
				int max, struct organisation **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLS ORG_FROM
				       "WHERE o.type = 'private_advisor' AND o.active = 1 "
				       "AND (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(o.themes) j "
				       "WHERE j.value = ?1)) "
				       "AND (?2 IS NULL OR " ORG_SERVES("2") ") "
				       "ORDER BY (SELECT count(*) FROM referral r, json_each(r.advisors_offered) a "
				       "WHERE a.value = o.id), o.name COLLATE da, o.id");

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text_or_null(st, 1, theme);
	db_bind_text_or_null(st, 2, house);
	return collect(db, st, NULL, max, out, "cannot list advisors");
}

int organisation_store_name_taken(struct db *db, const char *name, const char *except_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, name FROM organisation WHERE id != ?1");
	char want[512], have[512];
	int rc, found = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, except_id ? except_id : "", -1, SQLITE_STATIC);
	db_fold_name(name, want, sizeof want);
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 1);

		db_fold_name(t ? (const char *)t : "", have, sizeof have);
		found = strcmp(want, have) == 0;
	}
	if (!found && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		db_set_error(db, "cannot check organisation names");
		return -1;
	}
	sqlite3_reset(st);
	return found;
}

static void release_contact(void *elem)
{
	organisation_contact_finish(elem);
}

static void read_contact(sqlite3_stmt *st, void *elem)
{
	struct organisation_contact *c = elem;

	c->id = db_col_dup(st, 0);
	c->organisation_id = db_col_dup(st, 1);
	c->name = db_col_dup(st, 2);
	c->role = db_col_dup(st, 3);
	c->email = db_col_dup(st, 4);
	c->phone = db_col_dup(st, 5);
	c->active = sqlite3_column_int(st, 6) != 0;
	c->created_at = db_col_dup(st, 7);
}

#define CONTACT_COLS "id, organisation_id, name, role, email, phone, active, created_at"

bool organisation_contact_store_insert(struct db *db, const struct organisation_contact *c)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO organisation_contact (" CONTACT_COLS
				       ") VALUES (?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->organisation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, or_empty(c->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, c->active);
	sqlite3_bind_text(st, 8, c->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool organisation_contact_store_update(struct db *db, const struct organisation_contact *c)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE organisation_contact SET name = ?, role = ?, "
				       "email = ?, phone = ?, active = ? WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, or_empty(c->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, or_empty(c->email), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(c->phone), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, c->active);
	sqlite3_bind_text(st, 6, c->id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

int organisation_contact_store_get(struct db *db, const char *id, struct organisation_contact *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS " FROM organisation_contact WHERE id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_contact, out, "cannot read organisation contact");
}

int organisation_contact_store_list(struct db *db, const char *organisation_id,
				    struct organisation_contact **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS " FROM organisation_contact "
				       "WHERE organisation_id = ? ORDER BY active DESC, name COLLATE da, id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, organisation_id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, read_contact, release_contact, (void **)out,
			  "cannot list organisation contacts");
}

static int exists(struct db *db, sqlite3_stmt *st, const char *what)
{
	return st ? db_exists(db, st, what) : -1;
}

int organisation_store_partner_type_exists(struct db *db, const char *type)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM partner_type WHERE key = ?");

	if (st)
		sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	return exists(db, st, "cannot read partner types");
}

int organisation_store_theme_exists(struct db *db, const char *theme)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM theme WHERE key = ?");

	if (st)
		sqlite3_bind_text(st, 1, theme, -1, SQLITE_STATIC);
	return exists(db, st, "cannot read themes");
}

int organisation_store_house_exists(struct db *db, const char *house)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM house WHERE key = ?");

	if (st)
		sqlite3_bind_text(st, 1, house, -1, SQLITE_STATIC);
	return exists(db, st, "cannot read houses");
}

int organisation_store_municipality_exists(struct db *db, int code)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM municipality WHERE code = ?");

	if (st)
		sqlite3_bind_int(st, 1, code);
	return exists(db, st, "cannot read municipalities");
}
