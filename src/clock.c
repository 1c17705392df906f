/* Dates as text, in UTC. Validation is strict: 2026-02-30 is refused. */
#include "src/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_fixed(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t len = strlen(s);

	if (len == 10) {
		if (sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3)
			return false;
	} else if (len == 20 && s[10] == 'T' && s[19] == 'Z') {
		if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
			return false;
	} else {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		bool sep = i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19;

		if (!sep && (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = timegm(&tm);
	/* timegm normalises 02-30 to 03-02: compare back to refuse it */
	struct tm back;
	gmtime_r(out, &back);
	return back.tm_mday == d && back.tm_mon == mo - 1;
}

static time_t fixed_at;   /* clock_fix */

void clock_fix(time_t t)
{
	fixed_at = t;
}

time_t clock_now(void)
{
	const char *fixed = getenv("KNUDEPUNKT_NOW");
	time_t t;

	if (fixed_at)
		return fixed_at;
	if (fixed && *fixed && parse_fixed(fixed, &t))
		return t;
	return time(NULL);
}

void clock_today(char out[CLOCK_DATE_LEN])
{
	time_t t = clock_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CLOCK_DATE_LEN, "%Y-%m-%d", &tm);
}

void clock_timestamp(char out[CLOCK_TIME_LEN])
{
	time_t t = clock_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CLOCK_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool clock_parse_date(const char *s, time_t *out)
{
	time_t t;

	if (!s || strlen(s) != 10 || !parse_fixed(s, &t))
		return false;
	if (out)
		*out = t;
	return true;
}

long clock_days_between(const char *from_date, const char *to_date)
{
	time_t a, b;

	if (!from_date || !to_date || strlen(from_date) < 10 || strlen(to_date) < 10)
		return -1;
	char fa[11], fb[11];
	memcpy(fa, from_date, 10);
	fa[10] = '\0';
	memcpy(fb, to_date, 10);
	fb[10] = '\0';
	if (!parse_fixed(fa, &a) || !parse_fixed(fb, &b))
		return -1;
	return (long)((b - a) / 86400);
}

void clock_date_add_days(const char *date, long days, char out[CLOCK_DATE_LEN])
{
	time_t t;
	struct tm tm;

	if (!clock_parse_date(date, &t)) {
		out[0] = '\0';
		return;
	}
	t += (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, CLOCK_DATE_LEN, "%Y-%m-%d", &tm);
}
