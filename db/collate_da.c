/* Danish alphabetical order for SQLite ("COLLATE da"): a-z, then æ, ø, å;
 * "aa" sorts as å, and of two otherwise equal words the å spelling comes
 * first (Nygård before Nygaard). Case and accents only break ties. Also the
 * folding of names for prefix search (lower case, Latin-1 letters). */
#include "db/db_internal.h"

#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 sequence; invalid bytes decode as themselves. */
static uint32_t next_cp(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = 0;

	if (c >= 0xf0 && end - s >= 4) {
		c &= 0x07;
		n = 3;
	} else if (c >= 0xe0 && end - s >= 3) {
		c &= 0x0f;
		n = 2;
	} else if (c >= 0xc0 && end - s >= 2) {
		c &= 0x1f;
		n = 1;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + n + 1;
	return c;
}

static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	return c;
}

/* Primary weight: letters by the Danish alphabet, accents folded. */
static uint32_t weight(uint32_t c)
{
	c = fold_cp(c);
	if (c >= 'a' && c <= 'z')
		return 100 + (c - 'a');
	switch (c) {
	case 0xe0: case 0xe1: case 0xe2: case 0xe3: return 100;          /* à á â ã */
	case 0xe7: return 102;                                            /* ç */
	case 0xe8: case 0xe9: case 0xea: case 0xeb: return 104;          /* è é ê ë */
	case 0xec: case 0xed: case 0xee: case 0xef: return 108;          /* ì í î ï */
	case 0xf1: return 113;                                            /* ñ */
	case 0xf2: case 0xf3: case 0xf4: case 0xf5: return 114;          /* ò ó ô õ */
	case 0xf9: case 0xfa: case 0xfb: return 120;                      /* ù ú û */
	case 0xfc: case 0xfd: case 0xff: return 124;                      /* ü ý ÿ as y */
	case 0xe6: case 0xe4: return 126;                                 /* æ ä */
	case 0xf8: case 0xf6: return 127;                                 /* ø ö */
	case 0xe5: return 128;                                            /* å */
	default: break;
	}
	if (c >= '0' && c <= '9')
		return 50 + (c - '0');
	if (c < 0x80)
		return c < 50 ? c : c % 50;   /* space and punctuation first */
	return 1000 + c;
}

/* Next primary weight, reading "aa" as one å. Sets *digraph when it did. */
static uint32_t next_weight(const unsigned char **p, const unsigned char *end, int *digraph)
{
	uint32_t c = fold_cp(next_cp(p, end));

	if (c == 'a' && *p < end && ((**p) == 'a' || (**p) == 'A')) {
		(*p)++;
		(*digraph)++;
		return 128;
	}
	return weight(c);
}

int db_collate_da(void *arg, int alen, const void *a, int blen, const void *b)
{
	const unsigned char *pa = a, *ea = pa + alen;
	const unsigned char *pb = b, *eb = pb + blen;
	int da = 0, db = 0;

	(void)arg;
	while (pa < ea && pb < eb) {
		uint32_t wa = next_weight(&pa, ea, &da);
		uint32_t wb = next_weight(&pb, eb, &db);

		if (wa != wb)
			return wa < wb ? -1 : 1;
	}
	if (pa < ea || pb < eb)
		return pa < ea ? 1 : -1;
	if (da != db)
		return da < db ? -1 : 1;
	int n = alen < blen ? alen : blen;
	int r = memcmp(a, b, (size_t)n);
	if (r)
		return r < 0 ? -1 : 1;
	return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

static size_t put_utf8(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

void db_fold_name(const char *in, char *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + strlen(in);
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && n + 5 < outlen) {
		uint32_t c = fold_cp(next_cp(&p, end));

		n += put_utf8(c, out + n);
	}
	out[n] = '\0';
}
