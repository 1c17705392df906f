/* The current date and time as ISO 8601 text (UTC). KNUDEPUNKT_NOW, when
 * set to YYYY-MM-DDTHH:MM:SSZ, fixes the clock for tests and demos. */
#ifndef KP_CLOCK_H
#define KP_CLOCK_H

#include <stdbool.h>
#include <time.h>

#define CLOCK_DATE_LEN 11       /* YYYY-MM-DD */
#define CLOCK_TIME_LEN 21       /* YYYY-MM-DDTHH:MM:SSZ */

time_t clock_now(void);
/* Fixes the clock at t for this process until clock_fix(0): the demo
 * generator tells each case's story on the dates it happened. */
void clock_fix(time_t t);
void clock_today(char out[CLOCK_DATE_LEN]);
void clock_timestamp(char out[CLOCK_TIME_LEN]);
bool clock_parse_date(const char *s, time_t *out);   /* strict YYYY-MM-DD, real dates only */
long clock_days_between(const char *from_date, const char *to_date);  /* -1 on bad input */
void clock_date_add_days(const char *date, long days, char out[CLOCK_DATE_LEN]);

#endif
