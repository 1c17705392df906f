/* RFC 4180 reader and writer. The reader scans the text once, copying each
 * field into one reusable buffer (quotes removed, doubled quotes halved),
 * and tracks the physical line so every error and every field can be
 * located. It allocates only when the record buffer grows, never beyond
 * max_record bytes. */
#include "src/csv.h"
#include "src/i18n.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char delim)
{
	memset(r, 0, sizeof *r);
	r->data = data;
	r->len = len;
	r->delim = delim ? delim : ';';
	r->max_field = CSV_MAX_FIELD;
	r->max_record = CSV_MAX_RECORD;
	r->line = 1;
}

void csv_reader_finish(struct csv_reader *r)
{
	free(r->buf);
	free(r->off);
	free(r->field_line);
	memset(r, 0, sizeof *r);
}

/* Characters (not bytes) from the start of the line to off, plus one. */
static long column_at(const struct csv_reader *r, size_t off)
{
	long col = 1;

	for (size_t i = r->line_start; i < off && i < r->len; i++)
		if (((unsigned char)r->data[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int fail(struct csv_reader *r, enum csv_error e, long line, long col)
{
	r->err = e;
	r->err_line = line;
	r->err_col = col;
	if (e != CSV_ERR_FIELD_COUNT)
		r->pos = r->len;      /* the file ends here */
	return -1;
}

static void buf_add(struct csv_reader *r, const char *p, size_t n)
{
	if (r->buf_len + n + 1 > r->buf_alloc) {
		size_t want = r->buf_alloc ? r->buf_alloc * 2 : 4096;

		while (want < r->buf_len + n + 1)
			want *= 2;
		r->buf = xrealloc(r->buf, want);
		r->buf_alloc = want;
	}
	memcpy(r->buf + r->buf_len, p, n);
	r->buf_len += n;
}

static void field_start(struct csv_reader *r)
{
	if (r->nfields == r->fields_alloc) {
		r->fields_alloc = r->fields_alloc ? r->fields_alloc * 2 : 32;
		r->off = xrealloc(r->off, (size_t)r->fields_alloc * sizeof *r->off);
		r->field_line = xrealloc(r->field_line,
					 (size_t)r->fields_alloc * sizeof *r->field_line);
	}
	r->off[r->nfields] = r->buf_len;
	r->field_line[r->nfields] = r->line;
	r->nfields++;
}

/* Length of the line end at p: 2 for CRLF, 1 for LF or a lone CR, else 0. */
static size_t line_end(const struct csv_reader *r, size_t p)
{
	if (p >= r->len)
		return 0;
	if (r->data[p] == '\n')
		return 1;
	if (r->data[p] == '\r')
		return (p + 1 < r->len && r->data[p + 1] == '\n') ? 2 : 1;
	return 0;
}

static void next_line(struct csv_reader *r, size_t after)
{
	r->line++;
	r->line_start = after;
}

/* Checks the sizes after appending to the current field. */
static int check_sizes(struct csv_reader *r, long line, long col)
{
	if (r->buf_len - r->off[r->nfields - 1] > r->max_field)
		return fail(r, CSV_ERR_FIELD_TOO_LONG, line, col);
	if (r->buf_len > r->max_record)
		return fail(r, CSV_ERR_RECORD_TOO_LONG, line, col);
	return 0;
}

/* An unquoted field: up to the delimiter, a line end or the end. */
static int read_plain(struct csv_reader *r)
{
	size_t start = r->pos, i = r->pos;
	const char *d = r->data;
	char delim = r->delim;

	while (i < r->len && d[i] != delim && d[i] != '\n' && d[i] != '\r' && d[i] != '\0')
		i++;
	if (i < r->len && d[i] == '\0')
		return fail(r, CSV_ERR_NUL, r->line, column_at(r, i));
	if (i - start > r->max_field || r->buf_len + (i - start) > r->max_record)
		return fail(r, i - start > r->max_field ? CSV_ERR_FIELD_TOO_LONG
							: CSV_ERR_RECORD_TOO_LONG,
			    r->line, column_at(r, start));
	buf_add(r, d + start, i - start);
	r->pos = i;
	return 0;
}

/* A quoted field, r->pos at the opening quote. */
static int read_quoted(struct csv_reader *r)
{
	long open_line = r->line, open_col = column_at(r, r->pos);
	size_t i = r->pos + 1;
	const char *d = r->data;

	for (;;) {
		size_t start = i;

		while (i < r->len && d[i] != '"' && d[i] != '\n' && d[i] != '\r' && d[i] != '\0')
			i++;
		buf_add(r, d + start, i - start);
		if (check_sizes(r, open_line, open_col) < 0)
			return -1;
		if (i >= r->len)
			return fail(r, CSV_ERR_UNTERMINATED_QUOTE, open_line, open_col);
		if (d[i] == '\0')
			return fail(r, CSV_ERR_NUL, r->line, column_at(r, i));
		if (d[i] == '\n' || d[i] == '\r') {
			size_t n = line_end(r, i);

			buf_add(r, d + i, n);
			i += n;
			next_line(r, i);
			continue;
		}
		/* a quote: doubled, or the end of the field */
		if (i + 1 < r->len && d[i + 1] == '"') {
			buf_add(r, "\"", 1);
			i += 2;
			continue;
		}
		i++;
		break;
	}
	if (i < r->len && d[i] != r->delim && !line_end(r, i))
		return fail(r, d[i] == '\0' ? CSV_ERR_NUL : CSV_ERR_AFTER_QUOTE, r->line,
			    column_at(r, i));
	r->pos = i;
	return 0;
}

static void skip_empty_lines(struct csv_reader *r)
{
	size_t n;

	while ((n = line_end(r, r->pos)) > 0) {
		r->pos += n;
		next_line(r, r->pos);
	}
}

int csv_read(struct csv_reader *r)
{
	r->buf_len = 0;
	r->nfields = 0;
	r->err = CSV_OK;
	skip_empty_lines(r);
	if (r->pos >= r->len)
		return 0;
	r->rec_line = r->line;
	for (;;) {
		int rc;

		if (r->nfields >= CSV_MAX_FIELDS)
			return fail(r, CSV_ERR_TOO_MANY_FIELDS, r->line, column_at(r, r->pos));
		field_start(r);
		if (r->pos < r->len && r->data[r->pos] == '"')
			rc = read_quoted(r);
		else
			rc = read_plain(r);
		buf_add(r, "", 1);    /* NUL-terminate the field */
		if (rc < 0)
			return -1;
		if (r->pos < r->len && r->data[r->pos] == r->delim) {
			r->pos++;
			continue;
		}
		size_t n = line_end(r, r->pos);
		if (n > 0) {
			r->pos += n;
			next_line(r, r->pos);
		}
		break;
	}
	if (r->expect_fields > 0 && r->nfields != r->expect_fields)
		return fail(r, CSV_ERR_FIELD_COUNT, r->rec_line, 1);
	return 1;
}

const char *csv_field(const struct csv_reader *r, int i)
{
	if (i < 0 || i >= r->nfields)
		return "";
	return r->buf + r->off[i];
}

size_t csv_field_len(const struct csv_reader *r, int i)
{
	if (i < 0 || i >= r->nfields)
		return 0;
	size_t end = i + 1 < r->nfields ? r->off[i + 1] : r->buf_len;
	return end - r->off[i] - 1;
}

char csv_detect_delimiter(const char *data, size_t len)
{
	int semi = 0, comma = 0, tab = 0;
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (c == '"')
			quoted = !quoted;     /* a doubled quote toggles twice */
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ';')
			semi++;
		else if (c == ',')
			comma++;
		else if (c == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab)
		return ';';
	return comma >= tab ? ',' : '\t';
}

char csv_parse_delimiter(const char *s)
{
	if (!s)
		return 0;
	if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0)
		return ';';
	if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0)
		return ',';
	if (strcmp(s, "\t") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0)
		return '\t';
	return 0;
}

const char *csv_delimiter_name(char delim)
{
	switch (delim) {
	case ';': return "';'";
	case ',': return "','";
	case '\t': return "tab";
	default: return "?";
	}
}

const char *csv_error_message(enum csv_error e)
{
	switch (e) {
	case CSV_OK: return _("no error");
	case CSV_ERR_UNTERMINATED_QUOTE:
		return _("quoted field is never closed (a quote is missing)");
	case CSV_ERR_AFTER_QUOTE:
		return _("text after the closing quote of a field");
	case CSV_ERR_FIELD_TOO_LONG: return _("field is longer than 64 KiB");
	case CSV_ERR_RECORD_TOO_LONG: return _("row is longer than 1 MiB");
	case CSV_ERR_TOO_MANY_FIELDS: return _("row has more than 1024 fields");
	case CSV_ERR_NUL: return _("NUL byte: this is not a text file");
	case CSV_ERR_FIELD_COUNT: return _("wrong number of columns");
	}
	return _("unknown error");
}

char *csv_error_describe(const struct csv_reader *r)
{
	if (r->err == CSV_ERR_FIELD_COUNT)
		return xasprintf(_("line %ld: %d columns where the header has %d"), r->err_line,
				 r->nfields, r->expect_fields);
	return xasprintf(_("line %ld, column %ld: %s"), r->err_line, r->err_col,
			 csv_error_message(r->err));
}

bool csv_needs_neutralising(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
		     *s == '\r');
}

const char *csv_unneutralise(const char *s)
{
	if (s && s[0] == '\'' && csv_needs_neutralising(s + 1))
		return s + 1;
	return s;
}

void csv_write_field(struct strbuf *out, const char *s, char delim)
{
	bool neutral = csv_needs_neutralising(s);
	bool quote = false;

	if (!s)
		s = "";
	for (const char *p = s; *p; p++)
		if (*p == delim || *p == '"' || *p == '\n' || *p == '\r') {
			quote = true;
			break;
		}
	if (!quote && !neutral) {
		strbuf_addstr(out, s);
		return;
	}
	if (quote)
		strbuf_addch(out, '"');
	if (neutral)
		strbuf_addch(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *p);
	}
	if (quote)
		strbuf_addch(out, '"');
}

void csv_write_record(struct strbuf *out, const char *const *fields, int n, char delim)
{
	if (n == 1 && (!fields[0] || !*fields[0])) {
		strbuf_addstr(out, "\"\"\r\n");  /* a blank line would be skipped */
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(out, delim);
		csv_write_field(out, fields[i], delim);
	}
	strbuf_addstr(out, "\r\n");
}
