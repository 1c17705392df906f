/* The audit trail: who did what, when, from which terminal, to which
 * record. Entries are append-only and hash-chained per site (origin):
 *   hash = SHA-256(origin, seq, prev_hash, id, at, user, terminal, action,
 *                  table, row, detail, key_subject, secret)
 * with every field length-prefixed; seq counts 1, 2, 3 per origin and the
 * local head (seq and hash) is kept in the settings, so audit_verify finds
 * an entry changed, removed (also the newest), inserted or reordered.
 * The detail holds field names, ids and counts, never personal values;
 * personal content (search text, before/after values) goes through
 * audit_record_private, encrypted under a key per subject that erasure
 * deletes (audit_erase_subject), leaving the chain verifiable. */
#ifndef KP_AUDIT_H
#define KP_AUDIT_H

#include "db/audit_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* Appends an entry for the acting user; detail is printf-formatted (may be
 * NULL). Call inside the transaction of the change it records (it nests);
 * reads may call it on their own. Returns false (with the session message
 * set) on a database error. */
bool audit_record(struct session *s, const char *action, const char *tbl,
		  const char *row_id, const char *detail_fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The same with a personal part, stored encrypted under the key of subject
 * (a contact's or company's id; NULL: a key for this entry alone, e.g. a
 * search). detail must hold nothing personal. */
bool audit_record_private(struct session *s, const char *action, const char *tbl,
			  const char *row_id, const char *subject, const char *private_text,
			  const char *detail_fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Search as you type: each keystroke's search is noted, not written; a
 * search that continues the noted one (one text a prefix of the other:
 * typing on or deleting back) replaces it. The noted search is written,
 * with its final text, before the next audit entry of the session and when
 * the session closes, so every search is in the trail once, and typing
 * costs no write per key. */
void audit_note_search(struct session *s, const char *query, int rows);
/* Writes the noted search, if any. False on a database error. */
bool audit_flush_search(struct session *s);

/* The personal part of e, decrypted; NULL if it has none or it was erased
 * (then *erased is set). Caller frees. */
char *audit_reveal(struct session *s, const struct audit_entry *e, bool *erased);

/* Checks every chain; each problem goes to report (translated line). Sets
 * *problems. Needs ACT_AUDIT_READ. */
enum kp_status audit_verify(struct session *s, void (*report)(void *ctx, const char *line),
			    void *ctx, int *problems);

/* Entries matching f, newest first (ACT_AUDIT_READ; the query itself is
 * recorded). Caller frees with audit_list_free. */
enum kp_status audit_list(struct session *s, const struct audit_filter *f,
			  struct audit_entry **out, int *n);

/* The entry's hash as stored in the chain (hex). */
void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_LEN]);

/* Erasure: destroys the key of subject, and the key of every entry whose
 * personal part contains one of needles (NULL-terminated; compared without
 * regard to ASCII case). Call inside the erasure's transaction. Sets
 * *erased to the number of keys destroyed. */
bool audit_erase_subject(struct session *s, const char *subject, const char *const *needles,
			 int *erased);

#endif
