/* UUIDv7 generation (RFC 9562) from the real-time clock and getrandom(2). */
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static void fill_random(unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0)
			die("getrandom failed");
		p += got;
		n -= (size_t)got;
	}
}

/* Random bytes taken from a pool filled by one getrandom(2) call per 4 KiB:
 * a system call per key was a tenth of a bulk import's per-row work. The
 * bytes are never used twice. */
static void take_random(unsigned char *p, size_t n)
{
	static unsigned char pool[4096];
	static size_t left;

	if (n > left) {
		fill_random(pool, sizeof pool);
		left = sizeof pool;
	}
	memcpy(p, pool + sizeof pool - left, n);
	explicit_bzero(pool + sizeof pool - left, n);
	left -= n;
}

/* Keys made by one process are strictly increasing (RFC 9562 method 1:
 * a 12-bit counter in rand_a, borrowing into the millisecond part), so
 * rows written in the same millisecond keep their order. */
void uuid_generate(char out[UUID_STR_LEN])
{
	static uint64_t last_ms;
	static unsigned seq;
	unsigned char b[16];
	struct timespec ts;
	uint64_t ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	if (ms <= last_ms) {
		ms = last_ms;
		if (++seq > 0xfff) {
			seq = 0;
			ms++;
		}
	} else {
		seq = 0;
	}
	last_ms = ms;
	take_random(b + 8, sizeof b - 8);   /* 0-5 the time, 6-7 version and counter */
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (seq >> 8));
	b[7] = (unsigned char)(seq & 0xff);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	/* by hand: snprintf was an eighth of a bulk import's per-row work */
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[b[i] >> 4];
		*o++ = hex[b[i] & 15];
	}
	*o = '\0';
}

bool uuid_is_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}
