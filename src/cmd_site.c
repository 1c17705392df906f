/* knudepunkt site init|card|trust|list|revoke: the site's identity and the
 * peers it trusts. Secret keys are never printed; fingerprints are. */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] --user ADMIN site COMMAND\n"
			     "  init --name NAME --house HOUSE --location LOCATION [--deployment CODE]\n"
			     "                       give this database its site identity and keys\n"
			     "                       (deployment default: production)\n"
			     "  card --out FILE      write this site's public card\n"
			     "  trust FILE [--yes]   trust the site of a card after showing its fingerprint\n"
			     "  list                 this site and the trusted sites\n"
			     "  revoke SITE          stop trusting a site (a lost laptop), by id or name\n"));
}

static int site_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "house", required_argument, NULL, 'H' },
		{ "location", required_argument, NULL, 'l' },
		{ "deployment", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *house = NULL, *loc = NULL, *dep = "production";
	struct session *s;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': name = optarg; break;
		case 'H': house = optarg; break;
		case 'l': loc = optarg; break;
		case 'd': dep = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (!name || !house || !loc || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_site_init(s, name, house, loc, dep) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		struct sync_identity id;
		char fp[SYNC_FP_LEN];

		if (sync_store_self(s->db, &id) > 0) {
			sync_fingerprint(id.sign_pk, id.box_pk, fp);
			printf(_("site %s created: "), id.site);
			cli_put(stdout, id.name);
			printf(_("\nfingerprint: %s\n"), fp);
		}
		sync_identity_finish(&id);
	}
	session_close(s);
	return rc;
}

static int site_card(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "out", required_argument, NULL, 'o' }, { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	struct session *s;
	char *card;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'o') {
			usage(stderr);
			return 2;
		}
		out = optarg;
	}
	if (!out || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, false)))
		return 1;
	if (sync_site_card(s, &card) != KP_OK)
		rc = cli_fail_session(s);
	else {
		if (sync_write_private(s, out, (const unsigned char *)card, strlen(card)) != KP_OK)
			rc = cli_fail_session(s);
		else
			printf(_("site card written to %s\n"), out);
		free(card);
	}
	session_close(s);
	return rc;
}

static void show_peer(const struct sync_peer *p, const char *fp)
{
	printf("  %s  ", p->site);
	cli_put(stdout, p->name);
	printf("  (");
	cli_put(stdout, p->house);
	printf(", ");
	cli_put(stdout, p->location);
	printf(")\n  %s %s\n", _("fingerprint:"), fp);
}

static int site_trust(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "yes", no_argument, NULL, 'y' }, { NULL, 0, NULL, 0 } };
	bool yes = false;
	struct session *s;
	unsigned char *buf;
	size_t len;
	struct sync_peer p;
	char fp[SYNC_FP_LEN];
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'y') {
			usage(stderr);
			return 2;
		}
		yes = true;
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_read_all(s, argv[optind], &buf, &len) != KP_OK) {
		rc = cli_fail_session(s);
		goto out;
	}
	buf[len] = '\0';
	if (strlen((char *)buf) != len || len > 4096) {
		free(buf);
		rc = cli_fail(_("%s is not a site card"), argv[optind]);
		goto out;
	}
	if (sync_site_read_card(s, (const char *)buf, &p, fp) != KP_OK) {
		free(buf);
		rc = cli_fail_session(s);
		goto out;
	}
	free(buf);
	printf("%s\n", _("Site card:"));
	show_peer(&p, fp);
	if (!yes) {
		char answer[16];

		if (!isatty(STDIN_FILENO)) {
			rc = cli_fail(_("compare the fingerprint with the site's operator, then run again with --yes"));
			sync_peer_finish(&p);
			goto out;
		}
		printf("%s", _("Does the fingerprint match what the site's operator reads out? [y/N] "));
		fflush(stdout);
		if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'j')) {
			printf("%s\n", _("not trusted"));
			sync_peer_finish(&p);
			goto out;
		}
	}
	if (sync_site_trust(s, &p) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(_("trusted site %s\n"), p.site);
	sync_peer_finish(&p);
out:
	session_close(s);
	return rc;
}

static int site_list(struct cli *c, int argc, char **argv)
{
	struct session *s;
	struct sync_identity id;
	struct sync_peer *list;
	char fp[SYNC_FP_LEN];
	int n, have;

	(void)argv;
	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, false)))
		return 1;
	have = sync_store_self(s->db, &id);
	if (have <= 0) {
		sync_identity_finish(&id);
		session_close(s);
		return cli_fail("%s", _("this database is not a site yet; run knudepunkt site init"));
	}
	printf("%s ", _("This site:"));
	printf(_("(deployment %s)\n"), id.deployment);
	struct sync_peer me = { .name = id.name, .house = id.house, .location = id.location };
	snprintf(me.site, sizeof me.site, "%s", id.site);
	sync_fingerprint(id.sign_pk, id.box_pk, fp);
	show_peer(&me, fp);
	sync_identity_finish(&id);
	n = sync_store_peer_list(s->db, &list);
	if (n < 0) {
		session_close(s);
		return cli_fail("%s", db_errmsg(s->db));
	}
	printf("%s\n", n ? _("Trusted sites:") : _("No trusted sites yet."));
	for (int i = 0; i < n; i++) {
		sync_fingerprint(list[i].sign_pk, list[i].box_pk, fp);
		show_peer(&list[i], fp);
		if (list[i].revoked_at)
			printf("  %s %s\n", _("REVOKED on"), list[i].revoked_at);
	}
	sync_peer_list_free(list, n);
	session_close(s);
	return 0;
}

static int site_revoke(struct cli *c, int argc, char **argv)
{
	struct session *s;
	int rc = 0;

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_site_revoke(s, argv[1]) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(_("site %s revoked: its files are refused from now on\n"), argv[1]);
	session_close(s);
	return rc;
}

int cmd_site(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	optind = 0;
	if (strcmp(argv[1], "init") == 0)
		return site_init(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "card") == 0)
		return site_card(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "trust") == 0)
		return site_trust(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return site_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "revoke") == 0)
		return site_revoke(c, argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
