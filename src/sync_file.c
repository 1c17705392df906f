/* The sync file envelope (doc/sync-format.md, "File"): a cleartext header
 * with per-recipient sealed file keys, the payload encrypted in chunks with
 * crypto_secretstream_xchacha20poly1305 (the first chunk authenticates the
 * header, the last carries TAG_FINAL), and an Ed25519 signature over every
 * byte before it. Opening checks in SYNC.md's order and touches nothing. */
#include "src/sync.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char file_magic[8] = { 'K', 'N', 'U', 'D', 'E', 'P', 'K', 'T' };

#define CHUNK 65536
#define SEALED (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define SIG crypto_sign_BYTES
#define MAX_RECIP 64

static void put16(struct strbuf *b, unsigned v)
{
	unsigned char p[2] = { (unsigned char)(v & 0xff), (unsigned char)(v >> 8) };

	strbuf_add(b, p, 2);
}

bool sync_file_seal(const struct sync_identity *self, const struct sync_peer *recipients, size_t nrecip,
		    const unsigned char file_id[16], uint64_t max_hlc,
		    const unsigned char *plain, size_t plen, unsigned char **out, size_t *outlen)
{
	struct strbuf b = STRBUF_INIT;
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_sign_state ss;
	unsigned char sig[SIG];
	size_t dlen = strlen(self->deployment);

	if (nrecip == 0 || nrecip > MAX_RECIP || dlen > 64 || sodium_init() < 0)
		return false;
	strbuf_add(&b, file_magic, sizeof file_magic);
	put16(&b, SYNC_FORMAT_VERSION);
	put16(&b, 0);
	sync_put_u8(&b, (unsigned)dlen);
	strbuf_add(&b, self->deployment, dlen);
	strbuf_add(&b, self->site, 36);
	strbuf_add(&b, recipients[0].site, 36);
	strbuf_add(&b, file_id, 16);
	sync_put_u64(&b, max_hlc);
	put16(&b, (unsigned)nrecip);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	for (size_t i = 0; i < nrecip; i++) {
		unsigned char sealed[SEALED];

		if (crypto_box_seal(sealed, key, sizeof key, recipients[i].box_pk) != 0) {
			sodium_memzero(key, sizeof key);
			strbuf_finish(&b);
			return false;
		}
		strbuf_add(&b, recipients[i].site, 36);
		strbuf_add(&b, sealed, sizeof sealed);
	}
	crypto_secretstream_xchacha20poly1305_init_push(&st, hdr, key);
	sodium_memzero(key, sizeof key);
	strbuf_add(&b, hdr, sizeof hdr);
	size_t header_len = b.len;
	unsigned char *hcopy = xmalloc(header_len);
	memcpy(hcopy, b.buf, header_len);
	size_t off = 0;
	bool first = true;
	unsigned char *c = xmalloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	do {
		size_t n = plen - off > CHUNK ? CHUNK : plen - off;
		bool last = off + n == plen;
		unsigned long long clen;

		crypto_secretstream_xchacha20poly1305_push(&st, c, &clen, plain + off, n,
							   first ? hcopy : NULL, first ? header_len : 0,
							   last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		sync_put_u32(&b, (uint32_t)clen);
		strbuf_add(&b, c, (size_t)clen);
		off += n;
		first = false;
	} while (off < plen);
	free(c);
	free(hcopy);
	crypto_sign_init(&ss);
	crypto_sign_update(&ss, (const unsigned char *)b.buf, b.len);
	crypto_sign_final_create(&ss, sig, NULL, self->sign_sk);
	strbuf_add(&b, sig, sizeof sig);
	*outlen = b.len;
	*out = (unsigned char *)strbuf_detach(&b);
	return true;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum kp_status sync_file_open(struct session *s, const struct sync_identity *self,
			      const unsigned char *buf, size_t len, struct sync_envelope_info *info,
			      unsigned char **plain, size_t *plen)
{
	size_t off = 0;
	unsigned nrecip;
	const unsigned char *sealed = NULL;
	struct sync_peer sender = { 0 };
	enum kp_status st = KP_OK;
	int found;

	*plain = NULL;
	*plen = 0;
	memset(info, 0, sizeof *info);
	if (sodium_init() < 0)
		return session_fail(s, KP_ERR_IO, _("cannot initialise the cryptography library"));
	switch (sync_file_header(buf, len, info, &off, &nrecip)) {
	case SYNC_HDR_OK: break;
	case SYNC_HDR_TOO_LARGE:
		return session_fail(s, KP_ERR_INVALID, _("the file is too large to be a sync file"));
	case SYNC_HDR_MAGIC:
		return session_fail(s, KP_ERR_INVALID, _("not a Knudepunkt sync file"));
	case SYNC_HDR_TRUNCATED:
		return session_fail(s, KP_ERR_INVALID, _("the file is damaged or truncated (header)"));
	case SYNC_HDR_NEWER:
		return session_fail(s, KP_ERR_REFUSED,
				    _("the file has format version %u, newer than this program knows (%d); "
				      "upgrade knudepunkt to import it"), info->version, SYNC_FORMAT_VERSION);
	case SYNC_HDR_VERSION:
		return session_fail(s, KP_ERR_INVALID, _("the file is damaged (bad format version)"));
	case SYNC_HDR_DEPLOYMENT:
		return session_fail(s, KP_ERR_INVALID, _("the file is damaged (deployment code)"));
	case SYNC_HDR_SITES:
		if (strcmp(info->deployment, self->deployment) != 0)
			break;     /* the deployment is told first, as before */
		return session_fail(s, KP_ERR_INVALID, _("the file is damaged (site ids)"));
	}
	if (strcmp(info->deployment, self->deployment) != 0)
		return session_fail(s, KP_ERR_REFUSED,
				    _("the file comes from another deployment (%s); this site belongs to %s"),
				    info->deployment, self->deployment);
	if (strcmp(info->sender, self->site) == 0)
		return session_fail(s, KP_ERR_REFUSED, _("the file was written by this site"));
	found = sync_store_peer_get(s->db, info->sender, &sender);
	if (found < 0)
		return session_db_fail(s, _("cannot read peers"));
	if (found == 0)
		return session_fail(s, KP_ERR_REFUSED,
				    _("the file comes from an unknown site %s; trust its site card first"),
				    info->sender);
	if (sender.revoked_at) {
		st = session_fail(s, KP_ERR_REFUSED, _("the file comes from site %s (%s), which was revoked on %s"),
				  sender.name, info->sender, sender.revoked_at);
		goto out;
	}
	if (len - off < SIG + 1) {
		st = session_fail(s, KP_ERR_INVALID, _("the file is damaged or truncated (signature)"));
		goto out;
	}
	{
		crypto_sign_state ss;

		crypto_sign_init(&ss);
		crypto_sign_update(&ss, buf, len - SIG);
		if (crypto_sign_final_verify(&ss, buf + len - SIG, sender.sign_pk) != 0) {
			st = session_fail(s, KP_ERR_REFUSED,
					  _("the file's signature does not match site %s: it is damaged or forged"),
					  sender.name);
			goto out;
		}
	}
	/* authenticated from here on, but still parsed with care */
	len -= SIG;
	if (nrecip == 0 || nrecip > MAX_RECIP || (size_t)nrecip * (36 + SEALED) > len - off) {
		st = session_fail(s, KP_ERR_INVALID, _("the file is damaged (recipients)"));
		goto out;
	}
	for (unsigned i = 0; i < nrecip; i++) {
		const unsigned char *e = buf + off + (size_t)i * (36 + SEALED);

		if (memcmp(e, self->site, 36) == 0)
			sealed = e + 36;
	}
	off += (size_t)nrecip * (36 + SEALED);
	if (!sealed) {
		st = session_fail(s, KP_ERR_REFUSED, _("the file is not for this site (it is for %s)"), info->recipient);
		goto out;
	}
	{
		unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
		crypto_secretstream_xchacha20poly1305_state ss;
		struct strbuf out = STRBUF_INIT;
		unsigned char *m;
		bool final = false, first = true;
		size_t header_len;

		if (crypto_box_seal_open(key, sealed, SEALED, self->box_pk, self->box_sk) != 0) {
			st = session_fail(s, KP_ERR_REFUSED, _("the file key was not sealed to this site's key"));
			goto out;
		}
		if (len - off < crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
		    crypto_secretstream_xchacha20poly1305_init_pull(&ss, buf + off, key) != 0) {
			sodium_memzero(key, sizeof key);
			st = session_fail(s, KP_ERR_INVALID, _("the file is damaged (stream header)"));
			goto out;
		}
		sodium_memzero(key, sizeof key);
		off += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
		header_len = off;
		m = xmalloc(CHUNK);
		while (off < len) {
			uint32_t clen;
			unsigned long long mlen;
			unsigned char tag;

			if (final || len - off < 4) {
				st = KP_ERR_INVALID;
				break;
			}
			clen = get32(buf + off);
			off += 4;
			if (clen < crypto_secretstream_xchacha20poly1305_ABYTES ||
			    clen > CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES || clen > len - off) {
				st = KP_ERR_INVALID;
				break;
			}
			if (crypto_secretstream_xchacha20poly1305_pull(&ss, m, &mlen, &tag, buf + off, clen,
								       first ? buf : NULL, first ? header_len : 0) != 0) {
				st = KP_ERR_INVALID;
				break;
			}
			first = false;
			off += clen;
			strbuf_add(&out, m, (size_t)mlen);
			if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
				final = true;
			else if (tag != 0) {
				st = KP_ERR_INVALID;
				break;
			}
		}
		free(m);
		if (st == KP_OK && !final)
			st = KP_ERR_INVALID;
		if (st != KP_OK) {
			strbuf_finish(&out);
			st = session_fail(s, KP_ERR_INVALID, _("the file is damaged or truncated (payload)"));
			goto out;
		}
		*plen = out.len;
		*plain = (unsigned char *)strbuf_detach(&out);
	}
out:
	sync_peer_finish(&sender);
	return st;
#undef NEED
}
