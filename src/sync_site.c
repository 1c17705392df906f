/* Site identity and trusted peers. A site has two key pairs (Ed25519 to
 * sign, X25519 to receive); the secret keys stay in the database (0600)
 * and are never printed. A site card carries the public half, signed by
 * the site itself; its fingerprint is what operators compare by phone. */
#include "src/sync.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARD_HEAD "Knudepunkt site card 1\n"

void sync_fingerprint(const unsigned char sign_pk[32], const unsigned char box_pk[32], char fp[SYNC_FP_LEN])
{
	unsigned char both[64], h[16];
	size_t o = 0;

	memcpy(both, sign_pk, 32);
	memcpy(both + 32, box_pk, 32);
	crypto_generichash(h, sizeof h, both, sizeof both, NULL, 0);
	for (int i = 0; i < 16; i += 2)
		o += (size_t)snprintf(fp + o, SYNC_FP_LEN - o, "%s%02x%02x", i ? " " : "", h[i], h[i + 1]);
}

/* Text fields of a card: printable, no line breaks, bounded. */
static bool field_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

enum kp_status sync_site_init(struct session *s, const char *name, const char *house,
			      const char *location, const char *deployment)
{
	struct sync_identity id = { 0 };
	char at[CLOCK_TIME_LEN];
	int have;
	enum kp_status st = KP_OK;

	if (access_require(s, ACT_SITE_ADMIN) != KP_OK)
		return KP_ERR_DENIED;
	if (!field_ok(name, 80) || !field_ok(house, 40) || !field_ok(location, 40))
		return session_fail(s, KP_ERR_INVALID, _("give a site name, house and location (one line each)"));
	if (!field_ok(deployment, 64) || strchr(deployment, ' '))
		return session_fail(s, KP_ERR_INVALID, _("the deployment code is one word of at most 64 characters"));
	if (sodium_init() < 0)
		return session_fail(s, KP_ERR_IO, _("cannot initialise the cryptography library"));
	have = sync_store_self(s->db, &id);
	sync_identity_finish(&id);
	if (have < 0)
		return session_db_fail(s, _("cannot read the site identity"));
	if (have > 0)
		return session_fail(s, KP_ERR_STATE, _("this database is already a site; a site's identity never changes"));
	uuid_generate(id.site);
	id.name = xstrdup(name);
	id.house = xstrdup(house);
	id.location = xstrdup(location);
	id.deployment = xstrdup(deployment);
	clock_timestamp(at);
	id.created_at = xstrdup(at);
	crypto_sign_keypair(id.sign_pk, id.sign_sk);
	crypto_box_keypair(id.box_pk, id.box_sk);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!sync_store_set_self(s->db, &id)) {
		st = session_db_fail(s, _("cannot record the site identity"));
		db_rollback(s->db);
		goto out;
	}
	if (!audit_record(s, "site.init", "sync_self", id.site, "%s", name)) {
		st = KP_ERR_DB;
		db_rollback(s->db);
		goto out;
	}
	if (!db_commit(s->db))
		st = session_db_fail(s, _("cannot record the site identity"));
out:
	sodium_memzero(id.sign_sk, sizeof id.sign_sk);
	sodium_memzero(id.box_sk, sizeof id.box_sk);
	sync_identity_finish(&id);
	return st;
}

static void hex(struct strbuf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(b, "%02x", p[i]);
}

static enum kp_status need_self(struct session *s, struct sync_identity *id)
{
	int have = sync_store_self(s->db, id);

	if (have < 0)
		return session_db_fail(s, _("cannot read the site identity"));
	if (have == 0)
		return session_fail(s, KP_ERR_STATE, _("this database is not a site yet; run knudepunkt site init"));
	return KP_OK;
}

enum kp_status sync_site_card(struct session *s, char **card)
{
	struct sync_identity id;
	struct strbuf b = STRBUF_INIT;
	unsigned char sig[crypto_sign_BYTES];
	enum kp_status st = need_self(s, &id);

	if (st != KP_OK)
		return st;
	strbuf_addstr(&b, CARD_HEAD);
	strbuf_addf(&b, "site %s\nname %s\nhouse %s\nlocation %s\ndeployment %s\nsign ", id.site, id.name,
		    id.house, id.location, id.deployment);
	hex(&b, id.sign_pk, 32);
	strbuf_addstr(&b, "\nbox ");
	hex(&b, id.box_pk, 32);
	strbuf_addstr(&b, "\n");
	crypto_sign_detached(sig, NULL, (const unsigned char *)b.buf, b.len, id.sign_sk);
	strbuf_addstr(&b, "signature ");
	hex(&b, sig, sizeof sig);
	strbuf_addstr(&b, "\n");
	sync_identity_finish(&id);
	*card = strbuf_detach(&b);
	return KP_OK;
}

static bool unhex(const char *s, unsigned char *out, size_t n)
{
	size_t len;

	return s && strlen(s) == 2 * n && sodium_hex2bin(out, n, s, 2 * n, NULL, &len, NULL) == 0 && len == n;
}

/* The value of "key value\n" on a line of its own, copied; NULL if absent. */
static char *card_field(const char *text, const char *key)
{
	size_t kl = strlen(key);

	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ' ') {
			const char *v = line + kl + 1, *e = strchr(v, '\n');

			return e ? xstrndup(v, (size_t)(e - v)) : NULL;
		}
	}
	return NULL;
}

enum kp_status sync_site_read_card(struct session *s, const char *text, struct sync_peer *p, char fp[SYNC_FP_LEN])
{
	const char *sigline;
	char *site = NULL, *sighex = NULL;
	unsigned char sig[crypto_sign_BYTES];
	enum kp_status st = KP_OK;

	memset(p, 0, sizeof *p);
	if (strncmp(text, CARD_HEAD, strlen(CARD_HEAD)) != 0)
		return session_fail(s, KP_ERR_INVALID, _("not a Knudepunkt site card"));
	sigline = strstr(text, "\nsignature ");
	if (!sigline)
		return session_fail(s, KP_ERR_INVALID, _("the site card has no signature"));
	sigline++;
	site = card_field(text, "site");
	p->name = card_field(text, "name");
	p->house = card_field(text, "house");
	p->location = card_field(text, "location");
	p->deployment = card_field(text, "deployment");
	char *sign = card_field(text, "sign"), *box = card_field(text, "box");
	sighex = card_field(sigline, "signature");
	if (!site || !uuid_is_valid(site) || !p->name || !field_ok(p->name, 80) || !p->house ||
	    !field_ok(p->house, 40) || !p->location || !field_ok(p->location, 40) || !p->deployment ||
	    !field_ok(p->deployment, 64) || !unhex(sign, p->sign_pk, 32) || !unhex(box, p->box_pk, 32) ||
	    !unhex(sighex, sig, sizeof sig)) {
		st = session_fail(s, KP_ERR_INVALID, _("the site card is damaged"));
		goto out;
	}
	if (strlen(sigline) != strlen("signature ") + 2 * sizeof sig + 1) {
		st = session_fail(s, KP_ERR_INVALID, _("the site card has text after its signature"));
		goto out;
	}
	if (crypto_sign_verify_detached(sig, (const unsigned char *)text, (size_t)(sigline - text), p->sign_pk) != 0) {
		st = session_fail(s, KP_ERR_INVALID, _("the site card's signature does not match: it was altered"));
		goto out;
	}
	snprintf(p->site, sizeof p->site, "%s", site);
	sync_fingerprint(p->sign_pk, p->box_pk, fp);
out:
	free(site);
	free(sighex);
	free(sign);
	free(box);
	if (st != KP_OK)
		sync_peer_finish(p);
	return st;
}

enum kp_status sync_site_trust(struct session *s, const struct sync_peer *p)
{
	struct sync_identity self;
	struct sync_peer old;
	struct sync_peer n = *p;
	char at[CLOCK_TIME_LEN];
	enum kp_status st;
	int found;

	if (access_require(s, ACT_SITE_ADMIN) != KP_OK)
		return KP_ERR_DENIED;
	if ((st = need_self(s, &self)) != KP_OK)
		return st;
	if (strcmp(self.site, p->site) == 0)
		st = session_fail(s, KP_ERR_INVALID, _("that is this site's own card"));
	else if (strcmp(self.deployment, p->deployment) != 0)
		st = session_fail(s, KP_ERR_REFUSED, _("the card belongs to deployment %s; this site belongs to %s"),
				  p->deployment, self.deployment);
	sync_identity_finish(&self);
	if (st != KP_OK)
		return st;
	found = sync_store_peer_get(s->db, p->site, &old);
	if (found < 0)
		return session_db_fail(s, _("cannot read peers"));
	if (found > 0) {
		bool same = memcmp(old.sign_pk, p->sign_pk, 32) == 0 && memcmp(old.box_pk, p->box_pk, 32) == 0;
		bool revoked = old.revoked_at != NULL;

		sync_peer_finish(&old);
		if (revoked)
			return session_fail(s, KP_ERR_REFUSED, _("site %s was revoked; a revoked site stays revoked"),
					    p->site);
		if (!same)
			return session_fail(s, KP_ERR_REFUSED,
					    _("site %s is already trusted with other keys; this card may be forged"),
					    p->site);
		return KP_OK;
	}
	clock_timestamp(at);
	n.trusted_at = at;
	n.revoked_at = NULL;
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!sync_store_peer_put(s->db, &n)) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot record the peer"));
	}
	if (!audit_record(s, "site.trust", "sync_peer", p->site, "%s", p->name)) {
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot record the peer"));
	return KP_OK;
}

int sync_site_find_peer(struct session *s, const char *key, struct sync_peer *out)
{
	struct sync_peer *list;
	int n, found = 0;

	memset(out, 0, sizeof *out);
	if (uuid_is_valid(key))
		return sync_store_peer_get(s->db, key, out);
	n = sync_store_peer_list(s->db, &list);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].name, key) == 0) {
			if (found++ == 0) {
				*out = list[i];
				list[i] = (struct sync_peer){ 0 };
			}
		}
	sync_peer_list_free(list, n);
	if (found > 1) {
		sync_peer_finish(out);
		return 0;
	}
	return found;
}

enum kp_status sync_site_revoke(struct session *s, const char *key)
{
	struct sync_peer p;
	char at[CLOCK_TIME_LEN];
	int found;

	if (access_require(s, ACT_SITE_ADMIN) != KP_OK)
		return KP_ERR_DENIED;
	found = sync_site_find_peer(s, key, &p);
	if (found < 0)
		return session_db_fail(s, _("cannot read peers"));
	if (found == 0)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no trusted site %s (give its id or unique name)"), key);
	if (p.revoked_at) {
		sync_peer_finish(&p);
		return KP_OK;
	}
	clock_timestamp(at);
	if (!db_begin(s->db)) {
		sync_peer_finish(&p);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	if (!sync_store_peer_revoke(s->db, p.site, at) ||
	    !audit_record(s, "site.revoke", "sync_peer", p.site, "%s", p.name)) {
		db_rollback(s->db);
		sync_peer_finish(&p);
		return session_db_fail(s, _("cannot revoke the site"));
	}
	sync_peer_finish(&p);
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot revoke the site"));
	return KP_OK;
}
