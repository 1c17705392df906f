/* knudepunkt sync export|import|digest|status: exchanging files with the
 * trusted sites (doc/sync-format.md). */
#include "src/cli.h"
#include "src/i18n.h"
#include "src/integrity.h"
#include "src/session.h"
#include "src/sync.h"
#include "src/sync_review.h"
#include "src/text.h"
#include "src/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt [--db PATH] --user USER sync COMMAND\n"
			     "  export --to SITE --out FILE [--full]\n"
			     "                       write what SITE lacks of ours (everything with --full)\n"
			     "  import [--accept-future] FILE...\n"
			     "                       apply files from trusted sites; each in one transaction\n"
			     "  digest               the content hash of the synced data (equal data, equal hash)\n"
			     "  status               per site: what it has of ours and we of it, the changes\n"
			     "                       waiting for it; files held for their date\n"
			     "  conflicts [--all]    the conflict log, newest first (unresolved only without --all)\n"
			     "  restore ID           write the losing value of conflict ID again (it syncs and\n"
			     "                       wins everywhere) and mark the conflict resolved\n"
			     "  keep ID              mark conflict ID resolved, keeping the winning value\n"
			     "export, import and status: supervisors and administrators; conflicts, restore\n"
			     "and keep: supervisors. digest needs no user.\n"));
	fprintf(out, "%s", _("  handover --case ID --to SITE --out FILE\n"
			     "                       hand one case and its company over to SITE (another\n"
			     "                       house): signed and encrypted like any sync file; recorded\n"
			     "                       in the case's timeline here and at SITE (supervisors of\n"
			     "                       the case's house)\n"));
	fprintf(out, "%s", _("  duplicates           companies registered twice with the same CVR number\n"
			     "  merge --keep ID --drop ID\n"
			     "                       move everything of company --drop (contacts, cases, trust\n"
			     "                       positions, consent history) to --keep, which survives\n"
			     "                       (duplicates and merge: supervisors and administrators)\n"));
}

static int sync_duplicates_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s;
	struct dup_company *d;
	int n, rc = 0;

	(void)argv;
	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (integrity_duplicates(s, &d, &n) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		if (n == 0)
			printf("%s\n", _("no company is registered twice with the same CVR number"));
		for (int i = 0; i < n; i++) {
			char *line;

			if (i == 0 || strcmp(d[i].cvr, d[i - 1].cvr) != 0)
				printf(_("CVR %s:\n"), d[i].cvr);
			line = xasprintf(_("  %s  %s, %s  registered %s; %d cases, %d contacts\n"), d[i].id,
					 d[i].name, d[i].town, d[i].created_at, d[i].cases, d[i].contacts);
			cli_put(stdout, line);
			free(line);
		}
		dup_company_list_free(d, n);
	}
	session_close(s);
	return rc;
}

static int sync_merge_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keep", required_argument, NULL, 'k' },
		{ "drop", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keep = NULL, *drop = NULL;
	struct session *s;
	int opt, moved, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': keep = optarg; break;
		case 'd': drop = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (!keep || !drop || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (integrity_merge(s, keep, drop, &moved) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(_("merged %s into %s: %d rows moved; the merge travels with the next sync\n"), drop, keep,
		       moved);
	session_close(s);
	return rc;
}

static int sync_handover_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "case", required_argument, NULL, 'c' },
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *id = NULL, *to = NULL, *out = NULL;
	struct session *s;
	struct sync_export_result r;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': id = optarg; break;
		case 't': to = optarg; break;
		case 'o': out = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (!id || !to || !out || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_handover_file(s, id, to, out, &r) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(_("wrote %s: case %s handed over to %s (%ld rows, %ld fields, %zu bytes); "
			 "recorded in its timeline\n"), out, id, to, r.rows, r.cells, r.bytes);
	session_close(s);
	return rc;
}

static int sync_export_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "full", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL, *out = NULL;
	bool full = false;
	struct session *s;
	struct sync_export_result r;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 't': to = optarg; break;
		case 'o': out = optarg; break;
		case 'f': full = true; break;
		default: usage(stderr); return 2;
		}
	}
	if (!to || !out || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_export_file(s, to, full, out, &r) != KP_OK) {
		rc = cli_fail_session(s);
	} else {
		printf(_("wrote %s: %ld rows, %ld fields, %ld conflict entries (changes %lld..%lld), %zu bytes\n"),
		       out, r.rows, r.cells, r.conflicts, (long long)r.lo + 1, (long long)r.hi, r.bytes);
		if (r.beyond_house)
			printf(_("%s is a site of another house: %ld records held back (companies without "
				 "consent to sharing), %ld rows held back before sent now\n"),
			       to, r.withheld, r.released);
	}
	session_close(s);
	return rc;
}

static int sync_import_cmd(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "accept-future", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	int flags = 0, opt, rc = 0;
	struct session *s;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'a') {
			usage(stderr);
			return 2;
		}
		flags |= SYNC_IMPORT_ACCEPT_FUTURE;
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	for (int i = optind; i < argc; i++) {
		struct sync_import_result r;
		enum kp_status st = sync_import_path(s, argv[i], flags, &r);

		if (st != KP_OK) {
			fprintf(stderr, "%s: ", argv[i]);
			cli_fail_session(s);
			rc = r.held ? (rc ? rc : 3) : 1;
			continue;
		}
		if (r.already) {
			printf(_("%s: already applied; nothing changed\n"), argv[i]);
			continue;
		}
		printf(_("%s: from %s: %ld rows, %ld fields, %ld conflict entries; "
			 "%ld records written, %ld deleted, %ld new conflicts\n"),
		       argv[i], r.sender, r.rows, r.cells, r.conflicts, r.written, r.deleted, r.new_conflicts);
		if (r.handed_over)
			printf(_("%s: %ld cases handed over to this site; they wait unassigned at its location\n"),
			       argv[i], r.handed_over);
		if (r.erasures)
			printf(_("%s: %ld contact persons erased here as the file asked\n"), argv[i], r.erasures);
		if (r.erasures && !r.compacted)
			printf(_("%s: the database could not be compacted yet (another program has it open); "
				 "erased values may remain in its unused pages until the next compaction\n"), argv[i]);
		if (r.refused)
			printf(_("%s: %ld rows were kept but not applied: this version's schema refuses them "
				 "(see the integrity screen)\n"), argv[i], r.refused);
	}
	session_close(s);
	return rc;
}

static int sync_digest_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s;
	char data[33], meta[33];
	int rc = 0;

	(void)argv;
	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, false)))
		return 1;
	if (sync_digest(s, data, meta) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf("data %s\nmeta %s\n", data, meta);
	session_close(s);
	return rc;
}

static int sync_status_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s;
	struct sync_view v;

	(void)argv;
	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_view_get(s, &v) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	printf(_("This site %s (%s): %lld changes; %d conflicts logged, %d unresolved; "
		 "%d rows kept but not applied\n"), v.name, v.site, (long long)v.changes, v.conflicts,
	       v.unresolved, v.unapplied);
	for (int i = 0; i < v.npeers; i++) {
		struct sync_peer *p = &v.peers[i].peer;

		cli_put(stdout, p->name);
		printf(" (%s)%s\n", p->site, p->revoked_at ? _(" REVOKED") : "");
		printf(_("  has of ours: up to change %lld; waiting for it: %lld\n"), (long long)p->peer_has,
		       (long long)v.peers[i].waiting);
		printf(_("  we have of it: up to change %lld\n"), (long long)p->have);
		printf(_("  last export: %s; last import: %s\n"), p->last_export ? p->last_export : _("never"),
		       p->last_import ? p->last_import : _("never"));
	}
	for (int i = 0; i < v.nheld; i++) {
		printf(_("held (dated %s, from "), v.held[i].dated);
		cli_put(stdout, v.held[i].sender);
		printf("): ");
		cli_put(stdout, v.held[i].path);
		printf("\n");
	}
	sync_view_finish(&v);
	session_close(s);
	return 0;
}

static int sync_conflicts_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s;
	struct sync_conflict_view *list;
	bool all = false;
	int n;

	if (argc == 2 && strcmp(argv[1], "--all") == 0)
		all = true;
	else if (argc != 1) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if (sync_conflicts(s, all, &list, &n) != KP_OK) {
		int rc = cli_fail_session(s);
		session_close(s);
		return rc;
	}
	if (n == 0)
		printf("%s\n", all ? _("no conflicts logged") : _("no unresolved conflicts"));
	for (int i = 0; i < n; i++) {
		struct sync_conflict_view *v = &list[i];

		printf("%s  %s.%s  ", v->id, v->tbl, v->col);
		cli_put(stdout, v->label);
		printf("\n");
		if (v->hidden) {
			printf("%s\n", _("  values withheld: you may not read this record"));
		} else {
			if (v->deleted) {
				printf(_("  won:   the record was deleted (%s, %s)\n"), v->winner_site, v->winner_at);
			} else if (v->winner_current) {
				printf("%s", _("  won:   \""));
				cli_put(stdout, v->winner_value ? v->winner_value : "");
				printf(_("\" (%s, %s)\n"), v->winner_site, v->winner_at);
			} else {
				printf("%s", _("  now:   \""));
				cli_put(stdout, v->winner_value ? v->winner_value : "");
				printf(_("\" (changed since; the winning write: %s, %s)\n"), v->winner_site, v->winner_at);
			}
			printf("%s", _("  lost:  \""));
			cli_put(stdout, v->loser_value ? v->loser_value : "");
			printf(_("\" (%s, %s)\n"), v->loser_site, v->loser_at);
		}
		if (v->resolution) {
			printf(_("  resolved: %s on %s by "),
			       strcmp(v->resolution, "restored") == 0 ? _("value restored") : _("value kept"),
			       v->resolved_at);
			cli_put(stdout, v->resolved_by);
			printf("\n");
		}
	}
	sync_conflict_view_list_free(list, n);
	session_close(s);
	return 0;
}

static int sync_decide_cmd(struct cli *c, int argc, char **argv, bool restore)
{
	struct session *s;
	int rc = 0;

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (!(s = cli_open(c, false, true)))
		return 1;
	if ((restore ? sync_conflict_restore(s, argv[1]) : sync_conflict_keep(s, argv[1])) != KP_OK)
		rc = cli_fail_session(s);
	else
		printf(restore ? _("conflict %s: the other value was written again; it reaches the other "
				   "sites with the next export\n")
			       : _("conflict %s: marked resolved, the winning value kept\n"), argv[1]);
	session_close(s);
	return rc;
}

int cmd_sync(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	optind = 0;
	if (strcmp(argv[1], "export") == 0)
		return sync_export_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return sync_import_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "handover") == 0)
		return sync_handover_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "duplicates") == 0)
		return sync_duplicates_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return sync_merge_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "digest") == 0)
		return sync_digest_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "status") == 0)
		return sync_status_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "conflicts") == 0)
		return sync_conflicts_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "restore") == 0)
		return sync_decide_cmd(c, argc - 1, argv + 1, true);
	if (strcmp(argv[1], "keep") == 0)
		return sync_decide_cmd(c, argc - 1, argv + 1, false);
	usage(stderr);
	return 2;
}
