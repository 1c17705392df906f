/* The schema migrations built into the binary (generated from
 * db/migrations/NNNN_name.sql by tools/embed_sql.py). Version i is
 * db_migrations[i - 1]; PRAGMA user_version holds the last one applied. */
#ifndef KP_DB_MIGRATIONS_H
#define KP_DB_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration db_migrations[];
extern const int db_migration_count;

#endif
