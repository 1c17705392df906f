/* Duplicate companies and their merge (see integrity.h). */
#include "src/integrity.h"
#include "db/db.h"
#include "db/company_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/i18n.h"
#include "src/session.h"

#include <stdlib.h>
#include <string.h>

enum kp_status integrity_duplicates(struct session *s, struct dup_company **out, int *n)
{
	enum kp_status st = access_require(s, ACT_INTEGRITY);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = integrity_store_duplicates(s->db, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list duplicate companies"));
	}
	return KP_OK;
}

static enum kp_status load(struct session *s, const char *id, struct company *c)
{
	int found = company_store_get(s->db, id ? id : "", c);

	if (found < 0)
		return session_db_fail(s, _("cannot read companies"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no company %s"), id ? id : "");
	if (c->merged_into)
		return session_fail(s, KP_ERR_STATE, _("company %s was merged into %s already"), c->id,
				    c->merged_into);
	return KP_OK;
}

enum kp_status integrity_merge(struct session *s, const char *keep, const char *drop, int *moved)
{
	struct company k = { 0 }, d = { 0 };
	enum kp_status st = access_require(s, ACT_INTEGRITY);

	*moved = 0;
	if (st != KP_OK)
		return st;
	if ((st = load(s, keep, &k)) != KP_OK || (st = load(s, drop, &d)) != KP_OK)
		goto out;
	if (strcmp(k.id, d.id) == 0) {
		st = session_fail(s, KP_ERR_INVALID, _("a company cannot be merged into itself"));
		goto out;
	}
	if (!k.cvr || !d.cvr || !*k.cvr || strcmp(k.cvr, d.cvr) != 0) {
		st = session_fail(s, KP_ERR_INVALID, _("only companies with the same CVR number are merged"));
		goto out;
	}
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!integrity_store_merge(s->db, k.id, d.id, moved) ||
	    !audit_record(s, "company.merge", "company", k.id, "dropped=%s cvr=%s moved=%d", d.id, k.cvr,
			  *moved)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot merge the companies"));
		goto out;
	}
	st = db_commit(s->db) ? KP_OK : session_db_fail(s, _("cannot merge the companies"));
out:
	company_finish(&k);
	company_finish(&d);
	return st;
}

enum kp_status integrity_redirect(struct session *s, int *moved)
{
	char **ring;
	int n = integrity_store_merge_rings(s->db, &ring);
	bool ok = n >= 0;

	/* a ring (D into K at one site, K into D at another) would hide every
	 * member: its smallest id survives, alike at every site, and its
	 * cases, contacts and the rest follow it below */
	for (int i = 0; ok && i < n; i++)
		ok = integrity_store_unmerge(s->db, ring[i]) &&
		     audit_record(s, "company.merge_ring", "company", ring[i],
				  "merged into one another at two sites; this one stays");
	db_strings_free(ring, n > 0 ? n : 0);
	if (!ok) {
		*moved = 0;
		return session_db_fail(s, _("cannot move rows to the merged company"));
	}
	*moved = integrity_store_redirect(s->db);
	if (*moved < 0) {
		*moved = 0;
		return session_db_fail(s, _("cannot move rows to the merged company"));
	}
	*moved += n;
	return KP_OK;
}
