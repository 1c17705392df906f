/* knudepunkt report KIND: the reports for scripts, one row per kind. Each
 * kind prints the same figures its screen shows, through the same core
 * functions. */
#include "src/cli.h"
#include "src/i18n.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *summary;
} kinds[] = {
	{ "referrals", cmd_report_referrals, N_("referrals per destination and status") },
	{ "goals", cmd_report_goals, N_("national goals I-VII beside the targets") },
	{ "extract", cmd_report_extract, N_("register extract: one row per served CVR") },
	{ "caseload", cmd_report_caseload, N_("open cases per branch or consultant") },
	{ "queue", cmd_report_queue, N_("new cases nobody is assigned, oldest first") },
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report KIND [OPTIONS]\n"
			     "\nKinds:\n"));
	for (size_t i = 0; i < N_KINDS; i++)
		fprintf(out, "  %-12s %s\n", kinds[i].name, _(kinds[i].summary));
	fprintf(out, "%s", _("\nknudepunkt report KIND --help shows each kind's options.\n"));
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < N_KINDS; i++)
		if (strcmp(kinds[i].name, argv[1]) == 0)
			return kinds[i].run(c, argc - 1, argv + 1);
	cli_fail(_("unknown report '%s'; see knudepunkt report --help"), argv[1]);
	return 2;
}
