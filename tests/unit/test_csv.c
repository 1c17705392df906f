/* The CSV reader and writer: RFC 4180 quoting, line ends, delimiter
 * detection, every malformed case with its line and column, size caps,
 * formula neutralising. */
#include "tests/unit/testutil.h"
#include "src/csv.h"
#include "src/strbuf.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

static struct csv_reader rd;

static void open_text(const char *text, char delim)
{
	csv_reader_init(&rd, text, strlen(text), delim);
}

static void reads_plain_and_quoted(void **state)
{
	(void)state;
	open_text("CVR;Navn;By\r\n12345678;\"Jensen; Sønner\";Århus\r\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.nfields, 3);
	assert_string_equal(csv_field(&rd, 1), "Navn");
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.rec_line, 2);
	assert_string_equal(csv_field(&rd, 0), "12345678");
	assert_string_equal(csv_field(&rd, 1), "Jensen; Sønner");
	assert_int_equal(csv_field_len(&rd, 1), strlen("Jensen; Sønner"));
	assert_string_equal(csv_field(&rd, 2), "Århus");
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
}

static void quoted_newlines_and_doubled_quotes(void **state)
{
	(void)state;
	open_text("a,b\n\"line one\r\nline two\",\"say \"\"hej\"\"\"\nx,\"\"\n", ',');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.rec_line, 2);
	assert_string_equal(csv_field(&rd, 0), "line one\r\nline two");
	assert_string_equal(csv_field(&rd, 1), "say \"hej\"");
	assert_int_equal(rd.field_line[1], 3);
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.rec_line, 4);       /* the quoted newline counted */
	assert_string_equal(csv_field(&rd, 0), "x");
	assert_string_equal(csv_field(&rd, 1), "");
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
}

static void line_ends_lf_cr_and_blank_lines(void **state)
{
	(void)state;
	open_text("a;b\n1;2\r3;4\r\n\r\n\n5;6", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), 1);
	assert_string_equal(csv_field(&rd, 1), "2");
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.rec_line, 3);
	assert_string_equal(csv_field(&rd, 0), "3");
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.rec_line, 6);
	assert_string_equal(csv_field(&rd, 1), "6");   /* no final line end */
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
}

static void trailing_delimiter_gives_empty_field(void **state)
{
	(void)state;
	open_text("a;b;\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.nfields, 3);
	assert_string_equal(csv_field(&rd, 2), "");
	csv_reader_finish(&rd);
	open_text("a;b;", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.nfields, 3);
	csv_reader_finish(&rd);
}

static void detects_delimiter(void **state)
{
	(void)state;
	assert_int_equal(csv_detect_delimiter("CVR;Navn;By\n1,2,3,4,5", 20), ';');
	assert_int_equal(csv_detect_delimiter("cvr,name,\"a;b;c;d\"\n", 19), ',');
	assert_int_equal(csv_detect_delimiter("cvr\tname\tcity", 13), '\t');
	assert_int_equal(csv_detect_delimiter("cvr", 3), ';');
	assert_int_equal(csv_detect_delimiter("", 0), ';');
	assert_int_equal(csv_parse_delimiter("tab"), '\t');
	assert_int_equal(csv_parse_delimiter(","), ',');
	assert_int_equal(csv_parse_delimiter("|"), 0);
}

static void unterminated_quote_names_the_opening(void **state)
{
	char *msg;

	(void)state;
	open_text("a;b\n1;2\n3;\"never closed\n4;5\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_UNTERMINATED_QUOTE);
	assert_int_equal(rd.err_line, 3);
	assert_int_equal(rd.err_col, 3);
	msg = csv_error_describe(&rd);
	assert_non_null(strstr(msg, "line 3, column 3"));
	free(msg);
	assert_int_equal(csv_read(&rd), 0);     /* the file ends at the error */
	csv_reader_finish(&rd);
}

static void text_after_closing_quote(void **state)
{
	(void)state;
	open_text("a;b\n\"æø\"x;2\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_AFTER_QUOTE);
	assert_int_equal(rd.err_line, 2);
	assert_int_equal(rd.err_col, 5);        /* characters, not bytes */
	csv_reader_finish(&rd);
}

static void wrong_column_count_is_recoverable(void **state)
{
	char *msg;

	(void)state;
	open_text("a;b;c\n1;2\n4;5;6\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	rd.expect_fields = rd.nfields;
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_FIELD_COUNT);
	assert_int_equal(rd.err_line, 2);
	msg = csv_error_describe(&rd);
	assert_string_equal(msg, "line 2: 2 columns where the header has 3");
	free(msg);
	assert_int_equal(csv_read(&rd), 1);
	assert_string_equal(csv_field(&rd, 2), "6");
	csv_reader_finish(&rd);
}

static void huge_field_is_refused(void **state)
{
	size_t big = 10 * 1024 * 1024;
	char *text = xmalloc(big + 64);

	(void)state;
	strcpy(text, "a;b\n1;");
	memset(text + 6, 'x', big);
	strcpy(text + 6 + big, "\n");
	csv_reader_init(&rd, text, strlen(text), ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_FIELD_TOO_LONG);
	assert_int_equal(rd.err_line, 2);
	assert_int_equal(rd.err_col, 3);
	assert_true(rd.buf_alloc <= 2 * CSV_MAX_RECORD);
	csv_reader_finish(&rd);

	/* the same inside quotes, with newlines */
	text[6] = '"';
	for (size_t i = 100; i < big; i += 1000)
		text[6 + i] = '\n';
	csv_reader_init(&rd, text, strlen(text), ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_FIELD_TOO_LONG);
	assert_int_equal(rd.err_line, 2);
	csv_reader_finish(&rd);
	free(text);
}

static void nul_byte_is_refused(void **state)
{
	static const char text[] = "a;b\n1;x\0y\n";

	(void)state;
	csv_reader_init(&rd, text, sizeof text - 1, ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_NUL);
	assert_int_equal(rd.err_line, 2);
	assert_int_equal(rd.err_col, 4);
	csv_reader_finish(&rd);
}

static void empty_and_header_only(void **state)
{
	(void)state;
	open_text("", ';');
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
	open_text("\r\n\r\n", ';');
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
	open_text("CVR;Navn\r\n", ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(csv_read(&rd), 0);
	csv_reader_finish(&rd);
}

static void too_many_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (int i = 0; i < CSV_MAX_FIELDS + 5; i++)
		strbuf_addch(&sb, ';');
	open_text(sb.buf, ';');
	assert_int_equal(csv_read(&rd), -1);
	assert_int_equal(rd.err, CSV_ERR_TOO_MANY_FIELDS);
	csv_reader_finish(&rd);
	strbuf_finish(&sb);
}

static void writer_neutralises_and_quotes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *row[] = { "=SUM(A1)", "+45 1234", "-3", "@x", "\tt", "Bo \"B\"; ApS",
			      "to\nlinjer", "", "Ærø" };

	(void)state;
	csv_write_record(&sb, row, 9, ';');
	assert_string_equal(sb.buf, "'=SUM(A1);'+45 1234;'-3;'@x;'\tt;\"Bo \"\"B\"\"; ApS\";"
				    "\"to\nlinjer\";;Ærø\r\n");
	/* and back: the reader gives the neutralised cells, unneutralise undoes it */
	open_text(sb.buf, ';');
	assert_int_equal(csv_read(&rd), 1);
	assert_int_equal(rd.nfields, 9);
	for (int i = 0; i < 9; i++)
		assert_string_equal(csv_unneutralise(csv_field(&rd, i)), row[i]);
	csv_reader_finish(&rd);
	assert_string_equal(csv_unneutralise("'hej"), "'hej");
	assert_string_equal(csv_unneutralise("'"), "'");
	strbuf_finish(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_plain_and_quoted),
		cmocka_unit_test(quoted_newlines_and_doubled_quotes),
		cmocka_unit_test(line_ends_lf_cr_and_blank_lines),
		cmocka_unit_test(trailing_delimiter_gives_empty_field),
		cmocka_unit_test(detects_delimiter),
		cmocka_unit_test(unterminated_quote_names_the_opening),
		cmocka_unit_test(text_after_closing_quote),
		cmocka_unit_test(wrong_column_count_is_recoverable),
		cmocka_unit_test(huge_field_is_refused),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(empty_and_header_only),
		cmocka_unit_test(too_many_fields),
		cmocka_unit_test(writer_neutralises_and_quotes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
