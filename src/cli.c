/* Subcommand table and the helpers every subcommand shares. */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/shared.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_command commands[] = {
	{ "init", cmd_init, N_("create a database and its first administrator") },
	{ "check", cmd_check, N_("check the database's integrity and schema version") },
	{ "demo", cmd_demo, N_("create or fill a demo database with fictional data") },
	{ "search", cmd_search, N_("find companies by name, CVR number, town or contact person") },
	{ "audit", cmd_audit, N_("verify and list the audit trail") },
	{ "user", cmd_user, N_("list, add, edit, deactivate and unlock users") },
	{ "report", cmd_report, N_("print a report (goals, extract, caseload, queue, referrals)") },
	{ "passwd", cmd_passwd, N_("change your password, or set or unlock another user's") },
	{ "trust", cmd_trust, N_("register trust positions; the impartiality report") },
	{ "import", cmd_import, N_("import companies from a CSV file; list and revert imports") },
	{ "export", cmd_export, N_("export companies, cases, referrals or meetings to a CSV file") },
	{ "target", cmd_target, N_("set and list result-contract targets") },
	{ "evaluation", cmd_evaluation, N_("record and list evaluations of closed cases") },
	{ "reassign", cmd_reassign, N_("reassign cases to another consultant or branch") },
	{ "gdpr", cmd_gdpr, N_("right of access, erasure and retention (administrators)") },
	{ "member", cmd_member, N_("add a consultant to a case, or remove one") },
	{ "site", cmd_site, N_("this site's identity and keys; trusted sites") },
	{ "sync", cmd_sync, N_("exchange files with other sites; review the conflicts") },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

bool cli_is_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return true;
	return false;
}

int cli_dispatch(struct cli *c, int argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, argv[0]) == 0)
			return commands[i].run(c, argc, argv);
	fprintf(stderr, _("knudepunkt: unknown command '%s'; see knudepunkt --help\n"), argv[0]);
	return 2;
}

void cli_print_help(FILE *out)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
}

void cli_put(FILE *out, const char *text)
{
	char *clean = text_sanitize(text);

	fputs(clean, out);
	free(clean);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fputs("knudepunkt: ", stderr);
	cli_put(stderr, msg ? msg : "?");
	fputc('\n', stderr);
	free(msg);
	return 1;
}

int cli_fail_session(struct session *s)
{
	cli_fail("%s", session_message(s));
	return 1;
}

struct session *cli_open(struct cli *c, bool create, bool need_user)
{
	char err[768];
	char *path;
	struct session *s;

	if (c->setgid) {
		/* set-group-ID: the installation's database only (src/shared.h) */
		if (!(path = shared_db_path(err, sizeof err))) {
			cli_fail("%s", err);
			return NULL;
		}
		s = session_open_flags(path, (create ? DB_OPEN_CREATE : 0) | DB_OPEN_SHARED, err, sizeof err);
	} else {
		path = c->db_path ? xstrdup(c->db_path) : session_default_path();
		s = session_open(path, create, err, sizeof err);
	}

	free(path);
	if (!s) {
		cli_fail("%s", err);
		return NULL;
	}
	if (!need_user)
		return s;
	if (cli_identify(c, s, true) != KP_OK) {
		cli_fail_session(s);
		session_close(s);
		return NULL;
	}
	return s;
}
