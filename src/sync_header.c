/* The cleartext header of a sync file (doc/sync-format.md, "File"): the
 * part read before anything is authenticated, so it is parsed here without
 * the database or the keys, and fuzzed on its own
 * (tests/fuzz/fuzz_sync_envelope.c). sync_file_open turns the result into
 * its messages and goes on with the sender, signature and decryption. */
#include "src/sync.h"
#include "src/uuid.h"

#include <string.h>

static const unsigned char file_magic[8] = { 'K', 'N', 'U', 'D', 'E', 'P', 'K', 'T' };

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool site_field(const unsigned char *p, char out[SYNC_SITE_LEN])
{
	memcpy(out, p, 36);
	out[36] = '\0';
	return uuid_is_valid(out);
}

enum sync_header sync_file_header(const unsigned char *buf, size_t len, struct sync_envelope_info *info,
				  size_t *end, unsigned *nrecip)
{
	size_t off;
	unsigned dlen;

	memset(info, 0, sizeof *info);
	*end = 0;
	*nrecip = 0;
	if (len > SYNC_MAX_FILE)
		return SYNC_HDR_TOO_LARGE;
	if (len < sizeof file_magic || memcmp(buf, file_magic, sizeof file_magic) != 0)
		return SYNC_HDR_MAGIC;
	off = sizeof file_magic;
	if (len - off < 5)
		return SYNC_HDR_TRUNCATED;
	info->version = (uint16_t)get16(buf + off);
	if (info->version > SYNC_FORMAT_VERSION)
		return SYNC_HDR_NEWER;
	if (info->version == 0 || get16(buf + off + 2) != 0)
		return SYNC_HDR_VERSION;
	dlen = buf[off + 4];
	off += 5;
	if (dlen > 64)
		return SYNC_HDR_DEPLOYMENT;
	if (len - off < (size_t)dlen + 36 + 36 + 16 + 8 + 2)
		return SYNC_HDR_TRUNCATED;
	memcpy(info->deployment, buf + off, dlen);
	info->deployment[dlen] = '\0';
	off += dlen;
	if (strlen(info->deployment) != dlen)
		return SYNC_HDR_DEPLOYMENT;
	if (!site_field(buf + off, info->sender) || !site_field(buf + off + 36, info->recipient))
		return SYNC_HDR_SITES;
	off += 72;
	memcpy(info->file_id, buf + off, 16);
	off += 16;
	info->max_hlc = get64(buf + off);
	off += 8;
	*nrecip = get16(buf + off);
	off += 2;
	*end = off;
	return SYNC_HDR_OK;
}
