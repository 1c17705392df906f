/* CSV as RFC 4180 describes it and Danish Excel writes it: fields split by
 * ';', ',' or tab, quoted fields with doubled quotes and embedded newlines,
 * CRLF or LF line ends. The reader works on UTF-8 text in memory (charset.h
 * converts first) and never allocates per field; the writer neutralises
 * cells a spreadsheet would run as a formula.
 *
 * Invariants: a field never exceeds max_field bytes nor a record max_record
 * bytes (a 10 MB field is an error, not an allocation); every error carries
 * the physical line and the character column where it was found. */
#ifndef KP_CSV_H
#define KP_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_RECORD (1024 * 1024)
#define CSV_MAX_FIELDS 1024

enum csv_error {
	CSV_OK = 0,
	CSV_ERR_UNTERMINATED_QUOTE,   /* a quoted field runs to the end of the file */
	CSV_ERR_AFTER_QUOTE,          /* text between a closing quote and the delimiter */
	CSV_ERR_FIELD_TOO_LONG,
	CSV_ERR_RECORD_TOO_LONG,
	CSV_ERR_TOO_MANY_FIELDS,
	CSV_ERR_NUL,                  /* a NUL byte: not a text file */
	CSV_ERR_FIELD_COUNT,          /* differs from expect_fields; recoverable */
};

struct csv_reader {
	const char *data;             /* borrowed, len bytes */
	size_t len;
	size_t pos;
	char delim;
	size_t max_field;             /* defaults CSV_MAX_FIELD */
	size_t max_record;            /* defaults CSV_MAX_RECORD */
	int expect_fields;            /* 0: any count; else CSV_ERR_FIELD_COUNT */
	long line;                    /* physical line at pos, 1-based */
	size_t line_start;            /* offset where that line starts */

	/* the current record: fields NUL-terminated in buf */
	char *buf;
	size_t buf_len, buf_alloc;
	size_t *off;
	long *field_line;             /* physical line where each field starts */
	int nfields, fields_alloc;
	long rec_line;                /* line where the record starts */

	/* the last error */
	enum csv_error err;
	long err_line;
	long err_col;                 /* 1-based, in characters */
};

/* Reads data (borrowed; must outlive the reader) with the given delimiter. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char delim);
void csv_reader_finish(struct csv_reader *r);

/* Reads the next record: 1 when one was read, 0 at the end, -1 on an
 * error (r->err, err_line, err_col). Lines that are completely empty are
 * skipped. After CSV_ERR_FIELD_COUNT the record is available and reading
 * may continue; every other error ends the file. */
int csv_read(struct csv_reader *r);

/* Field i of the current record (borrowed until the next csv_read). */
const char *csv_field(const struct csv_reader *r, int i);
size_t csv_field_len(const struct csv_reader *r, int i);

/* The delimiter of the first line (';', ',' or '\t'), counting outside
 * quotes; ties prefer ';', then ',', then tab; ';' when there is none. */
char csv_detect_delimiter(const char *data, size_t len);
/* Parses a user's delimiter: ";", ",", "tab", "\t", "semicolon", "comma".
 * Returns 0 if unknown. */
char csv_parse_delimiter(const char *s);
const char *csv_delimiter_name(char delim);   /* "';'", "','", "tab" (static) */

/* The message for an error, translated, without line and column. */
const char *csv_error_message(enum csv_error e);
/* "line L, column C: message" for the reader's last error, translated.
 * Caller frees. */
char *csv_error_describe(const struct csv_reader *r);

/* Writing. A cell that starts with '=', '+', '-', '@', tab or CR is
 * prefixed with "'" so a spreadsheet shows it as text; a cell with the
 * delimiter, a quote, CR or LF is quoted with quotes doubled. */
bool csv_needs_neutralising(const char *s);
void csv_write_field(struct strbuf *out, const char *s, char delim);
/* n fields separated by delim and ended by CRLF. */
void csv_write_record(struct strbuf *out, const char *const *fields, int n, char delim);
/* The inverse of neutralising: s without its "'" when it was added by
 * csv_write_field (an apostrophe followed by one of the formula
 * characters); else s. Borrowed from s. */
const char *csv_unneutralise(const char *s);

#endif
