/* The CVR modulus-11 rule (Erhvervsstyrelsen) and P-number format. */
#include "src/cvr.h"
#include "src/i18n.h"

#include <string.h>

static const int weights[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };

/* Copies the digits of in to out (at most max), skipping spaces, dashes and
 * a leading "DK". Returns the count, or -1 for any other character. */
static int normalise(const char *in, char *out, int max)
{
	int n = 0;

	if ((in[0] == 'D' || in[0] == 'd') && (in[1] == 'K' || in[1] == 'k'))
		in += 2;
	for (; *in; in++) {
		if (*in == ' ' || *in == '-' || *in == '\t')
			continue;
		if (*in < '0' || *in > '9')
			return -1;
		if (n < max)
			out[n] = *in;
		n++;
	}
	if (n <= max)
		out[n] = '\0';
	return n;
}

enum cvr_problem cvr_check(const char *in, char out[9])
{
	char d[9];
	int n, sum = 0;

	if (!in || !*in)
		return CVR_EMPTY;
	n = normalise(in, d, 8);
	if (n < 0)
		return CVR_NOT_DIGITS;
	if (n == 0)
		return CVR_EMPTY;
	if (n != 8)
		return CVR_WRONG_LENGTH;
	if (d[0] == '0')
		return CVR_LEADING_ZERO;
	for (int i = 0; i < 8; i++)
		sum += (d[i] - '0') * weights[i];
	if (sum % 11 != 0)
		return CVR_CHECKSUM;
	if (out)
		memcpy(out, d, 9);
	return CVR_OK;
}

bool cvr_is_valid(const char *in)
{
	return cvr_check(in, NULL) == CVR_OK;
}

const char *cvr_problem_message(enum cvr_problem p)
{
	switch (p) {
	case CVR_OK: return _("valid CVR number");
	case CVR_EMPTY: return _("CVR number is empty");
	case CVR_NOT_DIGITS: return _("CVR number may contain digits only");
	case CVR_WRONG_LENGTH: return _("CVR number must have 8 digits");
	case CVR_LEADING_ZERO: return _("CVR number cannot start with 0");
	case CVR_CHECKSUM: return _("CVR number fails the modulus-11 check");
	}
	return "";
}

bool cvr_complete(const char *seven, char out[9])
{
	int sum = 0;

	if (!seven || strlen(seven) != 7 || seven[0] == '0')
		return false;
	for (int i = 0; i < 7; i++) {
		if (seven[i] < '0' || seven[i] > '9')
			return false;
		sum += (seven[i] - '0') * weights[i];
	}
	int check = (11 - sum % 11) % 11;   /* weight of the last digit is 1 */
	if (check > 9)
		return false;
	memcpy(out, seven, 7);
	out[7] = (char)('0' + check);
	out[8] = '\0';
	return true;
}

bool pnumber_is_valid(const char *in, char out[11])
{
	char d[11];

	if (!in || normalise(in, d, 10) != 10)
		return false;
	if (out)
		memcpy(out, d, 11);
	return true;
}
