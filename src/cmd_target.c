/* knudepunkt target set | list: result-contract targets per house (or
 * branch), year and goal metric. */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/target.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] target set --year YYYY\n"
			     "         --metric METRIC --value N [--house HOUSE] [--branch LOCATION]\n"
			     "       knudepunkt [--db PATH] [--user LOGIN] target list --year YYYY\n"
			     "         [--house HOUSE] [--branch LOCATION]\n"
			     "Metrics:\n"));
	for (int m = 0; m < METRIC_COUNT; m++)
		fprintf(out, "  %-20s %-4s %s\n", target_metric_key(m), target_metric_goal(m),
			target_metric_label(m));
}

int cmd_target(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "metric", required_argument, NULL, 'm' },
		{ "value", required_argument, NULL, 'v' },
		{ "house", required_argument, NULL, 'H' },
		{ "branch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *metric = NULL, *house = NULL, *branch = NULL, *value = NULL;
	bool set = argc > 1 && strcmp(argv[1], "set") == 0;
	bool list = argc > 1 && strcmp(argv[1], "list") == 0;
	struct session *s;
	int opt, year = 0, rc = 0;
	char *end;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (!set && !list) {
		usage(stderr);
		return 2;
	}
	while ((opt = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'y': year = atoi(optarg); break;
		case 'm': metric = optarg; break;
		case 'v': value = optarg; break;
		case 'H': house = optarg; break;
		case 'b': branch = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!year || optind < argc - 1 || (set && (!metric || !value))) {
		usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (!house)
		house = s->user.house;
	if (set) {
		double v = strtod(value, &end);
		if (*end || end == value)
			rc = cli_fail(_("--value takes a number, not %s"), value);
		else if (target_set(s, house, branch, year, metric, v) != KP_OK)
			rc = cli_fail_session(s);
	} else {
		struct target_set t;
		if (target_get(s, house, branch, year, &t) != KP_OK) {
			rc = cli_fail_session(s);
		} else {
			for (int m = 0; m < METRIC_COUNT; m++) {
				char *label = text_fit(target_metric_label(m), 34, true);
				if (t.source[m] == TARGET_NONE)
					printf("%-4s %-20s %s %10s\n", target_metric_goal(m),
					       target_metric_key(m), label, "-");
				else
					printf("%-4s %-20s %s %10g%s\n", target_metric_goal(m),
					       target_metric_key(m), label, t.value[m],
					       t.source[m] == TARGET_NATIONAL ? _(" (national)") : "");
				free(label);
			}
		}
	}
	session_close(s);
	return rc;
}
