/* Integrity issues after sync (issue 5): companies registered twice with
 * the same CVR number (two sites registered it offline), and merging them:
 * everything that points at the dropped company (contacts, cases with
 * everything of theirs, trust positions, consent history) moves to the
 * survivor, and the dropped one becomes a tombstone pointing at it
 * (company.merged_into). One transaction, audited, synced; rows written
 * for the dropped company at a site that had not seen the merge move to
 * the survivor when they meet it (integrity_redirect, run by every sync
 * import), so every site converges. Supervisors and administrators
 * (ACT_INTEGRITY). Owner: the sync helper. */
#ifndef KP_INTEGRITY_H
#define KP_INTEGRITY_H

#include "db/integrity_store.h"
#include "src/status.h"

struct session;

/* Groups by CVR, oldest first within a group. Caller frees with
 * dup_company_list_free. */
enum kp_status integrity_duplicates(struct session *s, struct dup_company **out, int *n);
/* Merges drop into keep (same CVR, both not merged). *moved counts the
 * rows moved. */
enum kp_status integrity_merge(struct session *s, const char *keep, const char *drop, int *moved);
/* For sync import: a ring of companies merged into one another (a pair
 * merged each its own way at two sites) keeps its member with the smallest
 * id (audited, company.merge_ring); then rows pointing at a merged company
 * move to its survivor. Inside the import's transaction; *moved counts the
 * rows moved and the companies kept. */
enum kp_status integrity_redirect(struct session *s, int *moved);

#endif
