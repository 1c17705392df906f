/* knudepunkt demo: creates or fills a demo database (src/demo.h). A new
 * or empty database gets its first administrator (login admin) and is
 * marked as a demo database, in which --user names anyone without a
 * password; a database with users must already be a demo database. */
#include "src/cli.h"
#include "src/demo.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/sync.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_MAX_COMPANIES 1000000

static void usage(FILE *out)
{
	fprintf(out, _("Usage: knudepunkt [--db PATH] demo [--companies N] [--seed N]\n"
		       "Creates a demo database with fictional data, or adds to one: staff at every\n"
		       "location (admin; modtagelse1, leder1, konsulent1 to konsulent3 in Aarhus,\n"
		       "and so on), companies with contacts, and cases in every status with\n"
		       "meetings and notes. The same seed gives the same data.\n"
		       "  --companies N    companies to add (default %d)\n"
		       "  --seed N         the seed (default 1)\n"), DEMO_DEFAULT_COMPANIES);
}

static bool parse_number(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "companies", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long companies = DEMO_DEFAULT_COMPANIES, seed = 1;
	struct demo_result r;
	bool fresh = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (!parse_number(optarg, DEMO_MAX_COMPANIES, &companies))
				return cli_fail(_("--companies wants a number from 0 to %d"), DEMO_MAX_COMPANIES), 2;
			break;
		case 's':
			if (!parse_number(optarg, 2147483647L, &seed))
				return cli_fail("%s", _("--seed wants a number")), 2;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	struct session *s = cli_open(c, true, false);
	if (!s)
		return 1;
	enum kp_status st = demo_prepare(s, &fresh);
	if (st == KP_OK)
		st = demo_fill(s, (int)companies, (unsigned long)seed, fresh, &r);
	/* a new demo database is a sync site too, of its own deployment "demo"
	 * so its files never enter production */
	bool made_site = false;
	if (st == KP_OK && fresh) {
		struct sync_identity id;
		int have = sync_store_self(s->db, &id);

		sync_identity_finish(&id);
		if (have == 0) {
			st = sync_site_init(s, "Demo", s->user.house && *s->user.house ? s->user.house : "demo",
					    s->user.location, "demo");
			made_site = st == KP_OK;
		}
	}
	if (st != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	printf(_("%s: %d users, %d companies, %d contacts, %d cases, %d meetings, %d notes, "
		 "%d referrals, %d evaluations, %d targets added\n"), db_path(s->db), r.users,
	       r.companies, r.contacts, r.cases, r.meetings, r.notes, r.referrals, r.evaluations,
	       r.targets);
	if (fresh)
		printf(_("a demo database: start it with knudepunkt --db %s --user konsulent1\n"),
		       db_path(s->db));
	if (made_site)
		printf("%s", _("it is a sync site of deployment demo (knudepunkt site list)\n"));
	session_close(s);
	return 0;
}
