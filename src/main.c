/* The composition root: global options, language, then either a
 * subcommand (src/cli.c) or the full-screen UI (ui/). The only file in src/
 * that may include ui/. */
#include "config.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/shared.h"
#include "ui/ui.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] [--user LOGIN] [--lang da|en] [COMMAND [ARGS]]\n"
			     "\n"
			     "Case management for the Danish erhvervshuse. Without a command, starts the\n"
			     "full-screen program.\n"
			     "\n"
			     "Options:\n"
			     "  --db PATH      the database (default: $KNUDEPUNKT_DB, else\n"
			     "                 $XDG_DATA_HOME/knudepunkt/knudepunkt.db)\n"
			     "  --user LOGIN   act as this user; a user other than your account's own\n"
			     "                 must give its password (default: $KNUDEPUNKT_USER,\n"
			     "                 else the user with your account's name)\n"
			     "  --lang da|en   language of the program (default: da, or $LANGUAGE)\n"
			     "  --help         show this help and exit\n"
			     "  --version      show the version and exit\n"
			     "\n"
			     "Commands:\n"));
	cli_print_help(out);
	fprintf(out, "%s", _("\nSee knudepunkt(1) for each command's options.\n"));
}

/* Finds --lang before anything prints, so --help comes in that language. */
static const char *early_lang(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
		/* the global options that take a value: skip the value */
		if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--user") == 0) && i + 1 < argc) {
			i++;
			continue;
		}
		if (argv[i][0] != '-')
			break;
	}
	return NULL;
}

/* Opens the database (creating it if missing) and starts the screens; the
 * user is the account's own, or --user / $KNUDEPUNKT_USER with its password
 * (src/cli_auth.c; asked by the login screen unless KNUDEPUNKT_PASSWORD_FD
 * gives it); only a demo database lets the screens pick one. */
static int start_ui(struct cli *c)
{
	struct session *s = cli_open(c, true, false);
	int rc;

	if (!s)
		return 1;
	if (cli_identify(c, s, false) != KP_OK) {
		rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	rc = ui_run(s, cli_wanted_user(c));
	session_close(s);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { 0 };
	int opt;

	/* installed set-group-ID (src/shared.h): a clean environment first */
	bool setgid = shared_mode();
	if (setgid)
		shared_sanitize();
	i18n_init(early_lang(argc, argv));
	c.setgid = setgid;
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': c.db_path = optarg; break;
		case 'u': c.user = optarg; break;
		case 'l':
			if (strcmp(optarg, "da") != 0 && strcmp(optarg, "en") != 0) {
				fprintf(stderr, _("knudepunkt: --lang takes da or en\n"));
				return 2;
			}
			c.lang = optarg;
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("knudepunkt %s\n", KP_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		int sub = optind;

		optind = 0;   /* each subcommand parses its own options after argv[0] */
		return cli_dispatch(&c, argc - sub, argv + sub);
	}
	return start_ui(&c);
}
