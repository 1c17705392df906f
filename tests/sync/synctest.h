/* Helpers for the sync tests: real databases that are sites of one
 * deployment and trust each other. */
#ifndef KP_SYNCTEST_H
#define KP_SYNCTEST_H

#include <stdbool.h>
#include <stdint.h>

struct session;

struct tsite {
	char *path;
	struct session *s;
	int64_t now_ms;        /* this site's physical clock */
	int64_t skew_ms;
};

/* Creates dir/name.db with an admin user, makes it a site of deployment
 * (dies on failure). The site's clock is t->now_ms + t->skew_ms. */
void tsite_create(struct tsite *t, const char *dir, const char *name, const char *deployment);
/* The same for a site of another house and location (tsite_create:
 * midtjylland, aarhus). */
void tsite_create_house(struct tsite *t, const char *dir, const char *name, const char *deployment,
			const char *house, const char *location);
void tsite_close(struct tsite *t);       /* closes, keeps the files */
void tsite_reopen(struct tsite *t);
/* Every site trusts every other. */
void tsite_trust_all(struct tsite *sites, int n);
/* Runs SQL on the site's database as a local change (dies on error unless
 * may_fail). Returns true on success. */
bool tsite_exec(struct tsite *t, bool may_fail, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The site's id (static buffer per call). */
const char *tsite_id(struct tsite *t);
char *tmpdir_make(void);
void tmpdir_remove(const char *dir);

#endif
