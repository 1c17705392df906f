/* Password credentials (local table credential, never synced): the
 * Argon2id hash string and the failure counter behind the growing delay
 * and the lock. Nothing here ever logs or returns a password. */
#ifndef KP_CREDENTIAL_STORE_H
#define KP_CREDENTIAL_STORE_H

#include <stdbool.h>

struct db;

struct credential {
	char *user_id;
	char *hash;           /* libsodium crypto_pwhash_str string */
	int failures;
	char *last_failure;   /* timestamp or NULL */
	bool locked;
	char *changed_at;
};

void credential_finish(struct credential *c);
/* 1 found, 0 none, -1 error. */
int credential_store_get(struct db *db, const char *user_id, struct credential *out);
/* Inserts or replaces the hash; resets failures and the lock. */
bool credential_store_set_hash(struct db *db, const char *user_id, const char *hash,
			       const char *changed_at);
bool credential_store_set_failures(struct db *db, const char *user_id, int failures,
				   const char *last_failure, bool locked);

#endif
