/* libFuzzer target for the sync file's cleartext header (src/sync_header.c):
 * the bytes read before anything is authenticated. A header that parses
 * must re-encode to the same bytes, name valid site ids and a deployment
 * code without NUL, and end inside the input; anything else is refused
 * with a reason. Any violation aborts. */
#include "src/strbuf.h"
#include "src/sync.h"
#include "src/uuid.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void put16(struct strbuf *b, unsigned v)
{
	unsigned char p[2] = { (unsigned char)(v & 0xff), (unsigned char)(v >> 8) };

	strbuf_add(b, p, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_envelope_info info;
	struct strbuf b = STRBUF_INIT;
	size_t end;
	unsigned nrecip;
	enum sync_header h = sync_file_header(data, size, &info, &end, &nrecip);

	if (h != SYNC_HDR_OK) {
		check(end == 0 && h > SYNC_HDR_OK && h <= SYNC_HDR_SITES);
		return 0;
	}
	check(end <= size && nrecip <= 0xffff);
	check(info.version >= 1 && info.version <= SYNC_FORMAT_VERSION);
	check(strlen(info.deployment) <= 64);
	check(uuid_is_valid(info.sender) && uuid_is_valid(info.recipient));
	strbuf_add(&b, "KNUDEPKT", 8);
	put16(&b, info.version);
	put16(&b, 0);
	unsigned char d = (unsigned char)strlen(info.deployment);
	strbuf_add(&b, &d, 1);
	strbuf_add(&b, info.deployment, d);
	strbuf_add(&b, info.sender, 36);
	strbuf_add(&b, info.recipient, 36);
	strbuf_add(&b, info.file_id, 16);
	for (int i = 0; i < 8; i++) {
		unsigned char c = (unsigned char)(info.max_hlc >> (8 * i));
		strbuf_add(&b, &c, 1);
	}
	put16(&b, nrecip);
	check(b.len == end && memcmp(b.buf, data, end) == 0);
	strbuf_finish(&b);
	return 0;
}
