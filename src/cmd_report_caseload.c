/* knudepunkt report caseload | queue: open cases per branch or consultant
 * with their age and idle days, a summary per consultant; and the
 * front-desk queue. */
#include "src/caseload.h"
#include "src/case.h"
#include "src/cli.h"
#include "src/csv.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void caseload_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report caseload\n"
			     "         [--branch LOCATION] [--consultant LOGIN] [--status new|assigned|active]\n"
			     "         [--idle] [--idle-days N] [--sort opened|idle|company|consultant|status]\n"
			     "         [--format text|csv]\n"
			     "Open cases of a branch, a consultant or (default) your house; --idle keeps\n"
			     "those without a journal entry for N days (default: the setting, 30).\n"));
}

static void queue_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] report queue [--branch LOCATION]\n"
			     "         [--format text|csv]\n"
			     "New cases nobody is assigned yet, oldest first.\n"));
}

static const char *const sort_keys[] = { "opened", "idle", "company", "consultant", "status" };

static void print_rows(const struct caseload_row *rows, int n, bool csv)
{
	struct strbuf out = STRBUF_INIT;

	if (csv) {
		const char *head[] = { "case", "company", "cvr", "title", "status", "location",
				       "consultant", "opened", "last_activity", "age_days",
				       "idle_days" };
		csv_write_record(&out, head, 11, ';');
	}
	for (int i = 0; i < n; i++) {
		const struct caseload_row *r = &rows[i];
		char age[16], idle[16];

		snprintf(age, sizeof age, "%ld", r->age_days);
		snprintf(idle, sizeof idle, "%ld", r->idle_days);
		if (csv) {
			const char *f[] = { r->case_id, r->company_name, r->cvr, r->title, r->status,
					    r->location, r->consultant_name, r->opened,
					    r->last_activity, age, idle };
			csv_write_record(&out, f, 11, ';');
			continue;
		}
		char *company = text_fit(r->company_name, 24, true);
		char *label = *r->consultant_name
			? caseload_consultant_label(r->consultant_name, r->consultant_inactive, 18) : NULL;
		char *who = text_fit(label ? label : "-", 18, true);
		free(label);
		char *loc = text_fit(*r->location ? r->location : "-", 12, true);
		char *status = text_fit(case_status_label(r->status), 10, true);
		strbuf_addf(&out, "%s  %s %s %s %s %s %5s %5s\n", r->case_id, company, status, loc,
			    who, r->opened, age, idle);
		free(company);
		free(who);
		free(loc);
		free(status);
	}
	fputs(strbuf_str(&out), stdout);
	strbuf_finish(&out);
}

static void print_summary(const struct caseload_row *rows, int n, int idle_days)
{
	struct caseload_summary *sum;
	int ns;

	caseload_summarise(rows, n, idle_days, &sum, &ns);
	char *head = text_fit(_("consultant"), 24, true);
	printf("%s %5s %8s %6s %5s %5s\n", head, _("new"), _("assigned"), _("active"), _("idle"),
	       _("total"));
	free(head);
	for (int i = 0; i < ns; i++) {
		char *label = caseload_consultant_label(sum[i].consultant_name, sum[i].inactive, 24);
		char *name = text_fit(label, 24, true);
		free(label);
		printf("%s %5d %8d %6d %5d %5d\n", name, sum[i].new_cases, sum[i].assigned,
		       sum[i].active, sum[i].idle, sum[i].total);
		free(name);
	}
	printf("\n");
	caseload_summary_free(sum, ns);
}

/* The user id of a login, or NULL (with a message printed). Caller frees. */
static char *user_id_of(struct session *s, const char *login)
{
	struct user u = { 0 };
	int found = user_store_find_login(s->db, login, &u);
	char *id = NULL;

	if (found > 0)
		id = xstrdup(u.id);
	else
		cli_fail(_("no user with login %s"), login);
	user_finish(&u);
	return id;
}

int cmd_report_caseload(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "branch", required_argument, NULL, 'b' },
		{ "consultant", required_argument, NULL, 'c' },
		{ "status", required_argument, NULL, 's' },
		{ "idle", no_argument, NULL, 'i' },
		{ "idle-days", required_argument, NULL, 'd' },
		{ "sort", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct caseload_filter f = { .details = true };
	const char *consultant = NULL, *format = "text";
	char *consultant_id = NULL;
	struct caseload_row *rows;
	struct session *s;
	int opt, n, rc = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': f.location = optarg; break;
		case 'c': consultant = optarg; break;
		case 's': f.status = optarg; break;
		case 'i': f.only_idle = true; break;
		case 'd':
			f.idle_days = atoi(optarg);
			if (f.idle_days < 1 || f.idle_days > 365)
				return cli_fail(_("--idle-days takes 1 to 365")), 2;
			break;
		case 'o':
			f.sort = CASELOAD_SORT_COUNT;
			for (int k = 0; k < CASELOAD_SORT_COUNT; k++)
				if (strcmp(optarg, sort_keys[k]) == 0)
					f.sort = (enum caseload_sort)k;
			if (f.sort == CASELOAD_SORT_COUNT)
				return cli_fail(_("unknown sort key %s"), optarg), 2;
			break;
		case 'f': format = optarg; break;
		case 'h': caseload_usage(stdout); return 0;
		default: caseload_usage(stderr); return 2;
		}
	}
	if (optind < argc || (strcmp(format, "text") && strcmp(format, "csv"))) {
		caseload_usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (consultant) {
		consultant_id = user_id_of(s, consultant);
		if (!consultant_id) {
			session_close(s);
			return 1;
		}
		f.consultant_id = consultant_id;
	}
	if (caseload_list(s, &f, &rows, &n) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		if (strcmp(format, "text") == 0)
			print_summary(rows, n, f.idle_days ? f.idle_days : caseload_idle_days(s));
		print_rows(rows, n, strcmp(format, "csv") == 0);
		caseload_list_free(rows, n);
	}
	free(consultant_id);
	session_close(s);
	return rc;
}

int cmd_report_queue(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "branch", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *branch = NULL, *format = "text";
	struct caseload_row *rows;
	struct session *s;
	int opt, n, rc = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': branch = optarg; break;
		case 'f': format = optarg; break;
		case 'h': queue_usage(stdout); return 0;
		default: queue_usage(stderr); return 2;
		}
	}
	if (optind < argc || (strcmp(format, "text") && strcmp(format, "csv"))) {
		queue_usage(stderr);
		return 2;
	}
	s = cli_open(c, false, true);
	if (!s)
		return 1;
	if (caseload_queue(s, branch, &rows, &n) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		print_rows(rows, n, strcmp(format, "csv") == 0);
		caseload_list_free(rows, n);
	}
	session_close(s);
	return rc;
}
