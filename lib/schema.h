/* The database schema as numbered migrations (PRAGMA user_version). */
#ifndef COMPLAINT_SCHEMA_H
#define COMPLAINT_SCHEMA_H

/* The newest schema version this binary knows. */
int schema_latest(void);
/* The SQL that migrates version-1 to VERSION, or NULL. */
const char *schema_migration(int version);

#endif
