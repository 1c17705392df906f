/* knudepunkt evaluation add | list: the company's evaluation of a closed
 * case. */
#include "src/cli.h"
#include "src/evaluation.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] evaluation add CASE\n"
			     "         [--recommend 0-10] [--effect yes|no|dont_know] [--date YYYY-MM-DD]\n"
			     "         [--comment TEXT] [--allow-cpr]\n"
			     "       knudepunkt [--db PATH] [--user LOGIN] evaluation list CASE\n"
			     "Records how the company rated a closed case: would it recommend the\n"
			     "erhvervshus (0-10), and did the guidance affect its operations or\n"
			     "development positively. At least one answer is needed.\n"));
}

static int add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "recommend", required_argument, NULL, 'r' },
		{ "effect", required_argument, NULL, 'e' },
		{ "date", required_argument, NULL, 'd' },
		{ "comment", required_argument, NULL, 'c' },
		{ "allow-cpr", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct evaluation e = { .recommend = -1 };
	bool allow_cpr = false;
	struct session *s;
	int opt, rc = 0;
	char *end;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			e.recommend = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg) {
				evaluation_finish(&e);
				return cli_fail(_("--recommend takes a whole number from 0 to 10")), 2;
			}
			break;
		case 'e': free(e.effect); e.effect = xstrdup(optarg); break;
		case 'd': free(e.answered); e.answered = xstrdup(optarg); break;
		case 'c': free(e.comment); e.comment = xstrdup(optarg); break;
		case 'a': allow_cpr = true; break;
		default: evaluation_finish(&e); usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		evaluation_finish(&e);
		usage(stderr);
		return 2;
	}
	e.case_id = xstrdup(argv[optind]);
	s = cli_open(c, false, true);
	if (!s) {
		evaluation_finish(&e);
		return 1;
	}
	if (evaluation_record(s, &e, allow_cpr) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf("%s\n", e.id);
	evaluation_finish(&e);
	session_close(s);
	return rc;
}

static int list(struct cli *c, const char *case_id)
{
	struct session *s = cli_open(c, false, true);
	struct evaluation *ev;
	int n, rc = 0;

	if (!s)
		return 1;
	if (evaluation_list(s, case_id, &ev, &n) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		for (int i = 0; i < n; i++) {
			char score[16] = "-";
			if (ev[i].recommend >= 0)
				snprintf(score, sizeof score, "%d", ev[i].recommend);
			printf("%s  %s %4s  %-12s ", ev[i].id, ev[i].answered, score,
			       evaluation_effect_label(ev[i].effect));
			cli_put(stdout, ev[i].comment);
			putchar('\n');
		}
		evaluation_list_free(ev, n);
	}
	session_close(s);
	return rc;
}

int cmd_evaluation(struct cli *c, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "add") == 0)
		return add(c, argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return list(c, argv[2]);
	usage(stderr);
	return 2;
}
