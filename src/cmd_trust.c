/* knudepunkt trust add|end|list|report: the impartiality register from the
 * command line. */
#include "src/case.h"
#include "src/cli.h"
#include "src/company.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/trust.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt trust add --cvr CVR --kind KIND --from DATE [--to DATE]\n"
			     "                           [--note TEXT] [--for LOGIN]\n"
			     "       knudepunkt trust end ID --to DATE\n"
			     "       knudepunkt trust list [--for LOGIN]\n"
			     "       knudepunkt trust report\n"
			     "KIND is board, owner, family, employment or other. Consultants register\n"
			     "their own positions, supervisors those of their house; report lists the\n"
			     "house's cases whose consultant held a position in the company.\n"));
}

static int fail_close(struct session *s)
{
	int rc = cli_fail_session(s);

	session_close(s);
	return rc;
}

/* The id of the user with login (or NULL for the acting user). */
static char *user_for(struct session *s, const char *login)
{
	struct user u = { 0 };

	if (!login)
		return NULL;
	if (user_store_find_login(s->db, login, &u) != 1) {
		cli_fail(_("no user with login %s"), login);
		return (char *)-1;
	}
	char *id = xstrdup(u.id);
	user_finish(&u);
	return id;
}

static int add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cvr", required_argument, NULL, 'c' }, { "kind", required_argument, NULL, 'k' },
		{ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'n' }, { "for", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cvr = NULL, *login = NULL;
	struct trust_position t = { 0 };
	struct company co = { 0 };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': cvr = optarg; break;
		case 'k': t.kind = optarg; break;
		case 'f': t.from_date = optarg; break;
		case 't': t.to_date = optarg; break;
		case 'n': t.note = optarg; break;
		case 'u': login = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (!cvr || optind < argc)
		return usage(stderr), 2;
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (company_find_cvr(s, cvr, &co) != KP_OK)
		return fail_close(s);
	char *uid = user_for(s, login);
	if (uid == (char *)-1) {
		company_finish(&co);
		session_close(s);
		return 1;
	}
	struct trust_position add = { .user_id = uid, .company_id = xstrdup(co.id),
				      .kind = xstrdup(t.kind ? t.kind : ""),
				      .from_date = xstrdup(t.from_date ? t.from_date : ""),
				      .to_date = t.to_date ? xstrdup(t.to_date) : NULL,
				      .note = t.note ? xstrdup(t.note) : NULL };
	company_finish(&co);
	enum kp_status st = trust_add(s, &add);
	if (st == KP_OK)
		printf("%s\n", add.id);
	trust_position_finish(&add);
	if (st != KP_OK)
		return fail_close(s);
	session_close(s);
	return 0;
}

static int end(struct cli *c, int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[2], "--to") != 0)
		return usage(stderr), 2;
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (trust_end(s, argv[1], argv[3]) != KP_OK)
		return fail_close(s);
	session_close(s);
	return 0;
}

static int list(struct cli *c, int argc, char **argv)
{
	const char *login = NULL;

	if (argc == 3 && strcmp(argv[1], "--for") == 0)
		login = argv[2];
	else if (argc != 1)
		return usage(stderr), 2;
	struct session *s = cli_open(c, false, true);
	if (!s)
		return 1;
	char *uid = user_for(s, login);
	if (uid == (char *)-1) {
		session_close(s);
		return 1;
	}
	struct trust_position *tp;
	int n;
	enum kp_status st = trust_list(s, uid, &tp, &n);
	free(uid);
	if (st != KP_OK)
		return fail_close(s);
	for (int i = 0; i < n; i++) {
		printf("%s\t%s\t", tp[i].id, tp[i].company_cvr);
		cli_put(stdout, tp[i].company_name);
		printf("\t%s\t%s\t%s\t", trust_kind_label(tp[i].kind), tp[i].from_date,
		       tp[i].to_date ? tp[i].to_date : "");
		cli_put(stdout, tp[i].note);
		putchar('\n');
	}
	trust_list_free(tp, n);
	session_close(s);
	return 0;
}

static int report(struct cli *c)
{
	struct session *s = cli_open(c, false, true);
	struct trust_case *rows;
	int n;

	if (!s)
		return 1;
	if (trust_report(s, &rows, &n) != KP_OK)
		return fail_close(s);
	for (int i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t%s\t", rows[i].case_id, case_status_label(rows[i].case_status),
		       rows[i].opened, rows[i].company_cvr);
		cli_put(stdout, rows[i].company_name);
		putchar('\t');
		cli_put(stdout, rows[i].consultant_name);
		printf("\t%s\t%s\t%s\t", trust_kind_label(rows[i].kind), rows[i].from_date,
		       rows[i].to_date ? rows[i].to_date : "");
		cli_put(stdout, rows[i].reason);
		putchar('\n');
	}
	trust_case_list_free(rows, n);
	session_close(s);
	return 0;
}

int cmd_trust(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "add") == 0)
		return add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "end") == 0)
		return end(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0 && argc == 2)
		return report(c);
	usage(stderr);
	return 2;
}
