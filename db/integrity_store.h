/* Integrity after sync: companies registered twice with the same CVR (two
 * sites registered it offline), and merging one into the other. Owner:
 * the sync helper (issue 5). */
#ifndef KP_INTEGRITY_STORE_H
#define KP_INTEGRITY_STORE_H

#include <stdbool.h>

struct db;

struct dup_company {
	char *id, *cvr, *name, *town, *created_at;
	int cases, contacts;
};

void dup_company_list_free(struct dup_company *list, int n);
/* Companies (not merged) whose CVR another company (not merged) has too,
 * by CVR, then oldest first. Count or -1. */
int integrity_store_duplicates(struct db *db, struct dup_company **out);
/* Moves everything that points at drop (contacts, cases, trust positions,
 * consent history) to keep and marks drop merged into keep. *moved counts
 * the rows moved. In the caller's transaction. */
bool integrity_store_merge(struct db *db, const char *keep, const char *drop, int *moved);
/* Rows that still point at a merged company (written at a site that had
 * not seen the merge) move to its survivor (following a chain). Returns
 * the rows moved or -1. */
int integrity_store_redirect(struct db *db);
/* The survivors of rings of companies merged into one another: in each
 * ring the member with the smallest id (every site picks the same). Count
 * or -1; *ids is caller-freed (each and the array). */
int integrity_store_merge_rings(struct db *db, char ***ids);
/* Clears a company's merged_into (it stays, the ring's other members point
 * at it). */
bool integrity_store_unmerge(struct db *db, const char *id);

#endif
