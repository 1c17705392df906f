/* Sync test helpers (see synctest.h). */
#include "tests/sync/synctest.h"
#include "db/db.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t tsite_clock(void *arg)
{
	struct tsite *t = arg;

	return t->now_ms + t->skew_ms;
}

char *tmpdir_make(void)
{
	char tmpl[] = "/tmp/kp-sync-XXXXXX";

	if (!mkdtemp(tmpl))
		die("mkdtemp failed");
	return xstrdup(tmpl);
}

void tmpdir_remove(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

void tsite_reopen(struct tsite *t)
{
	char err[512];

	t->s = session_open(t->path, false, err, sizeof err);
	if (!t->s)
		die("%s", err);
	sync_store_set_time_source(t->s->db, tsite_clock, t);
	if (session_login(t->s, "admin") != KP_OK)
		die("login: %s", session_message(t->s));
}

void tsite_create(struct tsite *t, const char *dir, const char *name, const char *deployment)
{
	tsite_create_house(t, dir, name, deployment, "midtjylland", "aarhus");
}

void tsite_create_house(struct tsite *t, const char *dir, const char *name, const char *deployment,
			const char *house, const char *location)
{
	char err[512];

	t->path = xasprintf("%s/%s.db", dir, name);
	if (t->now_ms == 0)
		t->now_ms = INT64_C(1772442000000);    /* 2026-03-02 09:00 UTC */
	t->s = session_open(t->path, true, err, sizeof err);
	if (!t->s)
		die("%s", err);
	if (!db_exec(t->s->db, "INSERT INTO app_user(id, login, name, initials, role, location, created_at) "
			       "VALUES ('00000000-0000-7000-8000-000000000001', 'admin', 'Admin', 'AD', 'admin', "
			       "'aarhus', '2026-01-01T00:00:00Z')"))
		die("cannot add the admin: %s", db_errmsg(t->s->db));
	sync_store_set_time_source(t->s->db, tsite_clock, t);
	if (session_login(t->s, "admin") != KP_OK)
		die("login: %s", session_message(t->s));
	if (sync_site_init(t->s, name, house, location, deployment) != KP_OK)
		die("site init: %s", session_message(t->s));
}

void tsite_close(struct tsite *t)
{
	session_close(t->s);
	t->s = NULL;
}

void tsite_trust_all(struct tsite *sites, int n)
{
	for (int i = 0; i < n; i++) {
		char *card;
		struct sync_peer p;
		char fp[SYNC_FP_LEN];

		if (sync_site_card(sites[i].s, &card) != KP_OK)
			die("card: %s", session_message(sites[i].s));
		for (int j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (sync_site_read_card(sites[j].s, card, &p, fp) != KP_OK ||
			    sync_site_trust(sites[j].s, &p) != KP_OK)
				die("trust: %s", session_message(sites[j].s));
			sync_peer_finish(&p);
		}
		free(card);
	}
}

bool tsite_exec(struct tsite *t, bool may_fail, const char *fmt, ...)
{
	va_list ap;
	char *sql;
	bool ok;

	va_start(ap, fmt);
	if (vasprintf(&sql, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	ok = db_exec(t->s->db, sql);
	if (!ok && !may_fail)
		die("%s: %s", sql, db_errmsg(t->s->db));
	free(sql);
	return ok;
}

const char *tsite_id(struct tsite *t)
{
	static char buf[SYNC_SITE_LEN];
	struct sync_identity id;

	if (sync_store_self(t->s->db, &id) <= 0)
		die("no identity");
	snprintf(buf, sizeof buf, "%s", id.site);
	sync_identity_finish(&id);
	return buf;
}
