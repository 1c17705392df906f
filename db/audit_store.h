/* The audit trail table: append-only rows of who did what, when, where,
 * chained per origin (site) by hash; and the per-subject keys that encrypt
 * the personal part of entries (audit_key). Triggers refuse UPDATE and
 * DELETE on audit; nothing here tries. */
#ifndef KP_AUDIT_STORE_H
#define KP_AUDIT_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct db;

#define AUDIT_KEY_BYTES 32
#define AUDIT_HASH_LEN 65     /* 64 hex digits and the NUL */

struct audit_entry {
	char *id;
	char *at;
	char *user_id;
	char *terminal;
	char *action;      /* e.g. company.create, case.assign, journal.read */
	char *tbl;
	char *row_id;
	char *detail;      /* field names, ids, counts: never personal values */
	/* the chain */
	char *origin;      /* site that wrote it */
	long long seq;     /* 1, 2, 3, ... per origin */
	char *prev_hash;
	char *hash;
	/* the erasable personal part: secret encrypted under key_subject's key */
	char *key_subject;
	unsigned char *secret;
	size_t secret_len;
	/* joined on read, not stored */
	char *user_login;
};

void audit_entry_finish(struct audit_entry *e);
bool audit_store_append(struct db *db, const struct audit_entry *e);
/* The newest entry of origin: 1 found (seq and hash set), 0 none, -1 error. */
int audit_store_last(struct db *db, const char *origin, long long *seq, char hash[AUDIT_HASH_LEN]);
/* Entries for one record (row_id), oldest first; caller frees with
 * audit_list_free. Returns the count or -1. */
int audit_store_for_row(struct db *db, const char *row_id, struct audit_entry **out);
void audit_list_free(struct audit_entry *list, int n);

/* Calls fn for every entry ordered by origin and seq (then id); stops and
 * returns false if fn does. Returns false (errmsg set) on a database error. */
bool audit_store_each(struct db *db, bool (*fn)(void *ctx, const struct audit_entry *e), void *ctx);

/* Entries matching every given filter (NULL/empty: any), newest first,
 * at most limit (0: 1000). from/to compare with `at` as text
 * (YYYY-MM-DD or a full timestamp; to is inclusive of that day). */
struct audit_filter {
	const char *user_id;
	const char *row_id;
	const char *action_prefix;   /* "journal." matches journal.read, ... */
	const char *from;
	const char *to;
	int limit;
	const char *house;           /* only entries written by users of this house */
	const char *locations;       /* only entries written by users whose home
					location is one of these keys (separated by
					commas), or by the user self_id; NULL: no
					such limit */
	const char *self_id;
};
int audit_store_query(struct db *db, const struct audit_filter *f, struct audit_entry **out);

/* SQL: the subject an audit_key row belongs to. Keys are "subject/origin"
 * (one per site, src/audit.c), or the bare subject when written before. */
#define AUDIT_KEY_OWNER_SQL "(CASE WHEN instr(subject, '/') > 0 " \
	"THEN substr(subject, 1, instr(subject, '/') - 1) ELSE subject END)"

/* audit_key rows. get: 1 found (key filled), 0 none, -1 error. */
int audit_key_get(struct db *db, const char *subject, unsigned char key[AUDIT_KEY_BYTES]);
bool audit_key_put(struct db *db, const char *subject, const unsigned char key[AUDIT_KEY_BYTES],
		   const char *created_at);
bool audit_key_delete(struct db *db, const char *subject);
/* Deletes every key of a subject: its sites' keys ("subject/origin") and
 * a key under the bare subject. Returns how many, or -1. */
int audit_key_delete_subject(struct db *db, const char *subject);

#endif
