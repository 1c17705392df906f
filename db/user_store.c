/* app_user rows. Login uniqueness is checked by the domain layer. */
#include "db/db_internal.h"
#include "db/user_store.h"
#include "src/xalloc.h"

#include <stdlib.h>

#define USER_COLS "u.id, u.login, u.name, u.initials, u.role, u.location, " \
	"coalesce(l.house, ''), u.themes, u.active, u.created_at, " \
	"coalesce((SELECT group_concat(location, ',') FROM (SELECT DISTINCT location " \
	"FROM user_scope WHERE user_id = u.id ORDER BY location)), '')"
#define USER_FROM " FROM app_user u LEFT JOIN location l ON l.key = u.location "

void user_finish(struct user *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->login);
	free(u->name);
	free(u->initials);
	free(u->role);
	free(u->location);
	free(u->house);
	free(u->themes);
	free(u->created_at);
	free(u->scope);
	*u = (struct user){ 0 };
}

static void read_user(sqlite3_stmt *st, struct user *u)
{
	u->id = db_col_dup(st, 0);
	u->login = db_col_dup(st, 1);
	u->name = db_col_dup(st, 2);
	u->initials = db_col_dup(st, 3);
	u->role = db_col_dup(st, 4);
	u->location = db_col_dup(st, 5);
	u->house = db_col_dup(st, 6);
	u->themes = db_col_dup(st, 7);
	u->active = sqlite3_column_int(st, 8) != 0;
	u->created_at = db_col_dup(st, 9);
	u->scope = db_col_dup(st, 10);
}

bool user_store_insert(struct db *db, const struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO app_user (id, login, name, initials, role, "
				       "location, themes, active, created_at) VALUES (?,?,?,?,?,?,?,?,?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, u->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->initials ? u->initials : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, u->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, u->themes ? u->themes : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, u->active);
	sqlite3_bind_text(st, 9, u->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool user_store_update(struct db *db, const struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE app_user SET name = ?, initials = ?, role = ?, "
				       "location = ?, themes = ?, active = ? WHERE id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->initials ? u->initials : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, u->themes ? u->themes : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, u->active);
	sqlite3_bind_text(st, 7, u->id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

static int get_one(struct db *db, sqlite3_stmt *st, struct user *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		read_user(st, out);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "cannot read user");
		return -1;
	}
	return 0;
}

int user_store_get(struct db *db, const char *id, struct user *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS USER_FROM "WHERE u.id = ?");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return get_one(db, st, out);
}

int user_store_find_login(struct db *db, const char *login, struct user *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS USER_FROM
				       "WHERE u.login = ? ORDER BY u.created_at, u.id LIMIT 1");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return get_one(db, st, out);
}

static void read_count(sqlite3_stmt *st, void *out)
{
	*(int *)out = sqlite3_column_int(st, 0);
}

static int count_for(struct db *db, sqlite3_stmt *st, const char *id)
{
	int n = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return db_get_one(db, st, read_count, &n, "cannot count users' rows") < 0 ? -1 : n;
}

int user_store_count_other_admins(struct db *db, const char *except_id)
{
	return count_for(db, db_stmt(db, "SELECT count(*) FROM app_user WHERE role = 'admin' "
					 "AND active = 1 AND id <> ?"), except_id);
}

static void read_text0(sqlite3_stmt *st, void *out)
{
	*(char **)out = db_col_dup(st, 0);
}

int user_store_revive_an_admin(struct db *db, char **id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM app_user WHERE role = 'admin' AND active = 0 AND NOT EXISTS "
				       "(SELECT 1 FROM app_user WHERE role = 'admin' AND active = 1) ORDER BY id LIMIT 1");
	int found;

	*id = NULL;
	if (!st)
		return -1;
	found = db_get_one(db, st, read_text0, id, "cannot read users");
	if (found != 1)
		return found;
	st = db_stmt(db, "UPDATE app_user SET active = 1 WHERE id = ?");
	if (!st) {
		free(*id);
		*id = NULL;
		return -1;
	}
	sqlite3_bind_text(st, 1, *id, -1, SQLITE_STATIC);
	if (!db_step_done(db, st)) {
		free(*id);
		*id = NULL;
		return -1;
	}
	return 1;
}

int user_store_open_cases(struct db *db, const char *user_id)
{
	return count_for(db, db_stmt(db, "SELECT count(*) FROM case_file WHERE consultant_id = ? "
					 "AND status IN ('new', 'assigned', 'active')"), user_id);
}

static void read_user_elem(sqlite3_stmt *st, void *elem)
{
	read_user(st, elem);
}

static void release_user(void *elem)
{
	user_finish(elem);
}

int user_store_list(struct db *db, bool active_only, const char *location, struct user **out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS USER_FROM
				       "WHERE (?1 = 0 OR u.active = 1) AND (?2 IS NULL OR u.location = ?2) "
				       "ORDER BY u.name COLLATE da, u.id");

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, active_only);
	db_bind_text_or_null(st, 2, location);
	return db_collect(db, st, sizeof **out, read_user_elem, release_user, (void **)out,
			  "cannot list users");
}

void user_list_free(struct user *list, int n)
{
	for (int i = 0; i < n; i++)
		user_finish(&list[i]);
	free(list);
}

bool user_scope_store_clear(struct db *db, const char *user_id)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM user_scope WHERE user_id = ?");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

bool user_scope_store_add(struct db *db, const char *id, const char *user_id, const char *location,
			  const char *set_by, const char *at)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO user_scope (id, user_id, location, set_by, set_at) "
				       "VALUES (?, ?, ?, ?, ?)");

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, location, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, set_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}
