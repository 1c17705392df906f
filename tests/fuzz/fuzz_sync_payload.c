/* libFuzzer target for the sync payload parser (src/sync_payload.c): after
 * the envelope is authenticated the payload is still distrusted. Whatever
 * parses must re-encode to the same bytes and parse again to the same
 * records. Any violation aborts. */
#include "src/strbuf.h"
#include "src/sync.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void encode(struct strbuf *b, const struct sync_payload *p)
{
	const unsigned char magic[4] = { 'K', 'P', 'P', 'L' };

	strbuf_add(b, magic, 4);
	sync_put_u32(b, SYNC_PAYLOAD_VERSION);
	sync_put_str(b, p->sender);
	sync_put_str(b, p->recipient);
	sync_put_u8(b, (uint8_t)((p->full ? SYNC_FLAG_FULL : 0) | (p->handover ? SYNC_FLAG_HANDOVER : 0)));
	sync_put_u64(b, (uint64_t)p->lo);
	sync_put_u64(b, (uint64_t)p->hi);
	sync_put_u64(b, p->max_hlc);
	sync_put_u32(b, (uint32_t)p->nacks);
	for (size_t i = 0; i < p->nacks; i++) {
		sync_put_str(b, p->acks[i].site);
		sync_put_u64(b, (uint64_t)p->acks[i].have);
	}
	sync_put_u32(b, (uint32_t)p->nrows);
	for (size_t i = 0; i < p->nrows; i++)
		sync_put_row(b, &p->rows[i]);
	sync_put_u32(b, (uint32_t)p->ncells);
	for (size_t i = 0; i < p->ncells; i++)
		sync_put_cell(b, &p->cells[i]);
	sync_put_u32(b, (uint32_t)p->nconflicts);
	for (size_t i = 0; i < p->nconflicts; i++)
		sync_put_conflict(b, &p->conflicts[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_payload p, q;
	struct strbuf b = STRBUF_INIT;
	char err[256];

	if (!sync_payload_parse(data, size, &p, err, sizeof err)) {
		check(err[0] != '\0');
		return 0;
	}
	encode(&b, &p);
	/* the encoding is canonical except a real's NaN payload, which is kept */
	check(b.len == size && memcmp(b.buf, data, size) == 0);
	check(sync_payload_parse((const unsigned char *)b.buf, b.len, &q, err, sizeof err));
	check(q.nrows == p.nrows && q.ncells == p.ncells && q.nconflicts == p.nconflicts && q.nacks == p.nacks);
	sync_payload_free(&q);
	sync_payload_free(&p);
	strbuf_finish(&b);
	return 0;
}
