/* Data-protection queries: where a person's name, e-mail or phone occurs
 * in free text, scrubbing it, anonymising a contact, the erasure log, and
 * compacting the file so that nothing erased survives in free pages, the
 * WAL or the search index. The free-text columns are listed once, in
 * gdpr_store.c; a new table with free text about people belongs there. */
#ifndef KP_GDPR_STORE_H
#define KP_GDPR_STORE_H

#include <stdbool.h>

struct db;

struct gdpr_mention {
	const char *tbl;     /* static */
	const char *col;     /* static */
	char *row_id;
	char *text;
};

void gdpr_mention_list_free(struct gdpr_mention *list, int n);
/* Rows whose free text contains one of needles (NULL-terminated, exact
 * bytes). Returns the count or -1. */
int gdpr_store_mentions(struct db *db, const char *const *needles, struct gdpr_mention **out);
/* Replaces every needle with replacement in all free text. Returns the
 * number of cells changed or -1. */
int gdpr_store_scrub(struct db *db, const char *const *needles, const char *replacement);
bool gdpr_store_anonymise_contact(struct db *db, const char *id, const char *name, const char *at);

bool gdpr_store_erasure_insert(struct db *db, const char *id, const char *kind, const char *subject_id,
			       const char *decision, const char *reason, const char *at,
			       const char *user_id);
/* 1 when subject_id was erased (decision erased), 0 not, -1 error. */
int gdpr_store_erased(struct db *db, const char *subject_id);

/* Contacts erased here (decision erased) whose fields are not blank (the
 * name is not marker, or role, e-mail or phone is set): ids
 * into *out (caller frees each and the array). Count or -1. */
int gdpr_store_erased_but_named(struct db *db, const char *marker, char ***out);
/* Deletes the audit keys of erased contacts that arrived after the erasure
 * (a key another site made, unaware of it): count or -1. */
int gdpr_store_drop_erased_keys(struct db *db);

/* Closed cases (closed before cutoff date) not yet purged; ids into *out
 * (caller frees each and the array). Returns the count or -1. */
int gdpr_store_expired_cases(struct db *db, const char *cutoff, char ***out);
/* Blanks the free text of one case: title, outcome, journal summaries and
 * participants, event reasons, referral texts. Statistics stay. */
bool gdpr_store_purge_case(struct db *db, const char *case_id);

/* Consent history (table consent_event). */
struct consent_event {
	char *id, *company_id, *kind, *scope, *text_version, *at, *user_id;
	char *user_name;     /* joined */
};
bool gdpr_store_consent_insert(struct db *db, const struct consent_event *e);
/* Oldest first; caller frees with consent_event_list_free. Count or -1. */
int gdpr_store_consent_list(struct db *db, const char *company_id, struct consent_event **out);
void consent_event_list_free(struct consent_event *list, int n);

/* Case members (table case_member; kept here with the other access data). */
int case_member_store_is(struct db *db, const char *case_id, const char *user_id);  /* 1, 0, -1 */
bool case_member_store_add(struct db *db, const char *id, const char *case_id, const char *user_id,
			   const char *added_by, const char *at);
bool case_member_store_remove(struct db *db, const char *case_id, const char *user_id);
struct case_member {
	char *user_id;
	char *name, *initials, *location;   /* of the member (joined) */
	char *added_by_name;                 /* joined */
	char *added_at;
	bool inactive;                       /* the member is deactivated */
};
/* The members of case_id, one row per user, by name; caller frees with
 * case_member_list_free. Count or -1. */
int case_member_store_list(struct db *db, const char *case_id, struct case_member **out);
void case_member_list_free(struct case_member *list, int n);

/* After an erasure: merge the search index, checkpoint and truncate the
 * WAL, VACUUM, truncate again. false (errmsg set) if a step failed, e.g.
 * another connection kept the WAL in use. */
bool gdpr_store_compact(struct db *db);

#endif
