/* Data protection tasks (administrators, ACT_GDPR):
 *  - right of access: everything stored about a contact person, including
 *    who looked it up and when, as readable text;
 *  - erasure: after a review of every free text that names the person,
 *    the contact is anonymised everywhere (free text scrubbed, audit keys
 *    destroyed, search index merged, file vacuumed, WAL truncated) and an
 *    erasure record is written that sync carries to the other sites, where
 *    gdpr_apply_erasure repeats it on their copy; a lawful refusal is
 *    recorded with its reason;
 *  - retention: closed cases older than the house's retention period
 *    (setting retention_years, default 5) lose their free text; the
 *    statistics (dates, themes, status, outcome category) stay. */
#ifndef KP_GDPR_H
#define KP_GDPR_H

#include "db/gdpr_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

#define GDPR_ERASED_TEXT "[slettet]"
#define GDPR_DEFAULT_RETENTION_YEARS 5

struct gdpr_review {
	char *contact_name;        /* for the reviewer's screen */
	char *company_name;
	struct gdpr_mention *mentions;
	int n;
};
void gdpr_review_finish(struct gdpr_review *r);

/* The review step: every free text that names the contact (name, e-mail
 * or phone). Recorded in the audit trail. */
enum kp_status gdpr_review_contact(struct session *s, const char *contact_id, struct gdpr_review *out);
/* Erases the contact. reviewed is the number of mentions the reviewer saw;
 * if the text changed since, KP_ERR_STATE asks for a new review. Sets
 * *compacted false when the file could not be compacted yet (another
 * program holds the WAL): the erasure is committed, run gdpr_compact later. */
enum kp_status gdpr_erase_contact(struct session *s, const char *contact_id, int reviewed,
				  bool *compacted);
/* Records a lawful refusal to erase, with its reason. */
enum kp_status gdpr_refuse_erasure(struct session *s, const char *contact_id, const char *reason);
/* For sync import: repeats an erasure received from another site on the
 * local copy (no role check: the erasure was authorised where it was
 * made). known is the contact as this site knew it BEFORE the merge (its
 * name, e-mail and phone find the texts written here that the eraser never
 * saw); NULL reads the contact now. Writes the erasure row unless it is
 * there. Call inside the import's transaction, after the merge. */
struct contact;
enum kp_status gdpr_apply_erasure(struct session *s, const char *erasure_id, const char *contact_id,
				  const struct contact *known, const char *at, const char *user_id);
/* For sync import, after the merge: a contact erased here whose fields
 * came back (a site that had not seen the erasure edited it later by its
 * clock) is erased again with what came back. Sets *n to the contacts
 * erased again. Inside the import's transaction. */
enum kp_status gdpr_reapply_erasures(struct session *s, int *n);
enum kp_status gdpr_compact(struct session *s);

/* The right-of-access file's text (caller frees): the contact, its
 * company, the company's cases, journal text naming the person, erasure
 * decisions, and every audit entry showing who looked the person up. */
enum kp_status gdpr_access_report(struct session *s, const char *contact_id, char **text);

/* Cases the retention rule would purge now (dry_run) or purges. ids are
 * the cases (caller frees each and the array). */
enum kp_status gdpr_purge(struct session *s, bool dry_run, char ***ids, int *n, bool *compacted);
int gdpr_retention_years(struct session *s);

#endif
