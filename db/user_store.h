/* Users of the program (synced table app_user). */
#ifndef KP_USER_STORE_H
#define KP_USER_STORE_H

#include <stdbool.h>

struct db;

struct user {
	char *id;
	char *login;
	char *name;
	char *initials;
	char *role;          /* intake, consultant, supervisor, admin */
	char *location;      /* location key (home) */
	char *house;         /* house of the home location (read only, joined) */
	char *themes;        /* JSON array of theme keys */
	bool active;
	char *created_at;
	char *scope;         /* supervisor's location scope (read only, joined
			      * from user_scope): location keys separated by
			      * commas, sorted; "" = the whole house */
};

void user_finish(struct user *u);           /* frees the members */

bool user_store_insert(struct db *db, const struct user *u);
bool user_store_update(struct db *db, const struct user *u);
/* 1 found, 0 not found, -1 error. out is filled only when found. */
int user_store_get(struct db *db, const char *id, struct user *out);
int user_store_find_login(struct db *db, const char *login, struct user *out);
/* Active administrators other than except_id; -1 on error. */
int user_store_count_other_admins(struct db *db, const char *except_id);
/* When no administrator is active but some are deactivated (two sites
 * each deactivated another one offline): activates the one with the
 * smallest id, the same at every site. 1 and *id (caller frees) when one
 * was activated, 0 when nothing needed it, -1 on error. */
int user_store_revive_an_admin(struct db *db, char **id);
/* Open cases (new, assigned, active) with consultant user_id; -1 on error. */
int user_store_open_cases(struct db *db, const char *user_id);

/* All users (active_only: only active), by name; *out is caller-freed with
 * user_list_free. Returns the count, -1 on error. */
int user_store_list(struct db *db, bool active_only, const char *location, struct user **out);
void user_list_free(struct user *list, int n);

/* The location scope (table user_scope): removes every location of
 * user_id, and adds one (id a new UUID). The caller holds a transaction. */
bool user_scope_store_clear(struct db *db, const char *user_id);
bool user_scope_store_add(struct db *db, const char *id, const char *user_id, const char *location,
			  const char *set_by, const char *at);

#endif
