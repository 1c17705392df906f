/* libFuzzer target for the sync payload parser (src/sync_payload.c): after
 * the envelope is authenticated the payload is still distrusted. Whatever
 * parses must re-encode (with the exporter's writer) to the same bytes and
 * parse again to the same records. Any violation aborts. */
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

static unsigned char *encode(const struct sync_payload *p, size_t *len)
{
	struct sync_writer *w = sync_writer_new(p->sender, p->recipient,
						(p->full ? SYNC_FLAG_FULL : 0) | (p->handover ? SYNC_FLAG_HANDOVER : 0),
						p->lo, p->hi, p->acks, p->nacks);

	for (size_t i = 0; i < p->nrows; i++)
		sync_writer_row(w, &p->rows[i]);
	for (size_t i = 0; i < p->ncells; i++)
		sync_writer_cell(w, &p->cells[i]);
	for (size_t i = 0; i < p->nconflicts; i++)
		sync_writer_conflict(w, &p->conflicts[i]);
	return sync_writer_finish(w, p->max_hlc, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_payload p, q;
	unsigned char *b;
	size_t len;
	char err[256];

	if (!sync_payload_parse(data, size, &p, err, sizeof err)) {
		check(err[0] != '\0');
		return 0;
	}
	b = encode(&p, &len);
	/* the encoding is canonical except a real's NaN payload, which is kept */
	check(len == size && memcmp(b, data, size) == 0);
	check(sync_payload_parse(b, len, &q, err, sizeof err));
	check(q.nrows == p.nrows && q.ncells == p.ncells && q.nconflicts == p.nconflicts && q.nacks == p.nacks);
	sync_payload_free(&q);
	sync_payload_free(&p);
	free(b);
	return 0;
}
