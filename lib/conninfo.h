/*
 * PostgreSQL connection strings as text, without libpq (which a build
 * may lack): what the configuration must refuse. Pure.
 */
#ifndef COMPLAINT_CONNINFO_H
#define COMPLAINT_CONNINFO_H

/*
 * Whether S, a connection URI ("postgresql://user:secret@host/db",
 * "...?password=secret") or a "key=value ..." conninfo ("host=db
 * password=secret"), carries a password; 0 for anything else (a file
 * path). SPEC 2: passwords live where libpq looks for them (~/.pgpass,
 * PGPASSFILE, service files), never in the configuration.
 */
int conninfo_has_password(const char *s);
/* A copy of S (malloc'd) with each password it carries as "***", for
 * messages: an error quoting --db must not put a password in a log. */
char *conninfo_redacted(const char *s);

#endif
