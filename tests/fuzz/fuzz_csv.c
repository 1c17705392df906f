/* libFuzzer target for the CSV reader and the character-set layer: decode
 * whatever arrives, read every record with small caps, and check that the
 * writer's output of each record reads back to the same fields (after the
 * writer's formula prefix). Any violation aborts. */
#include "src/charset.h"
#include "src/csv.h"
#include "src/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void round_trip(const struct csv_reader *r)
{
	struct strbuf out = STRBUF_INIT;
	const char **fields = malloc((size_t)r->nfields * sizeof *fields);
	struct csv_reader back;

	for (int i = 0; i < r->nfields; i++)
		fields[i] = csv_field(r, i);
	csv_write_record(&out, fields, r->nfields, r->delim);
	csv_reader_init(&back, out.buf, out.len, r->delim);
	check(csv_read(&back) == 1);
	check(back.nfields == r->nfields);
	for (int i = 0; i < r->nfields; i++) {
		const char *got = csv_field(&back, i);

		if (csv_needs_neutralising(fields[i]))
			check(got[0] == '\'' && strcmp(got + 1, fields[i]) == 0);
		else
			check(strcmp(got, fields[i]) == 0);
	}
	check(csv_read(&back) == 0);
	csv_reader_finish(&back);
	free(fields);
	strbuf_finish(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf text = STRBUF_INIT, enc = STRBUF_INIT;
	struct charset_report rep;
	struct csv_reader r;
	enum charset cs = charset_detect((const char *)data, size);

	if (!charset_decode(cs, (const char *)data, size, &text, &rep)) {
		check(rep.error[0] != '\0');
		strbuf_finish(&text);
		return 0;
	}
	check(text.len == 0 || charset_detect(text.buf, text.len) != CHARSET_CP1252);
	csv_reader_init(&r, text.buf ? text.buf : "", text.len,
			csv_detect_delimiter(text.buf ? text.buf : "", text.len));
	r.max_field = 200;
	r.max_record = 1000;
	for (int n = 0;; n++) {
		int rc = csv_read(&r);

		if (rc == 0)
			break;
		if (rc < 0) {
			char *msg = csv_error_describe(&r);
			check(r.err_line >= 1 && r.err_col >= 1 && msg[0] != '\0');
			free(msg);
			if (r.err != CSV_ERR_FIELD_COUNT)
				break;
		}
		if (n == 0)
			r.expect_fields = r.nfields;
		check(r.nfields >= 1 && r.rec_line >= 1);
		for (int i = 0; i < r.nfields; i++)
			check(strlen(csv_field(&r, i)) == csv_field_len(&r, i) &&
			      csv_field_len(&r, i) <= r.max_field);
		round_trip(&r);
	}
	csv_reader_finish(&r);
	charset_encode(CHARSET_CP1252, text.buf ? text.buf : "", text.len, false, false, &enc,
		       &rep);
	strbuf_finish(&enc);
	strbuf_finish(&text);
	return 0;
}
