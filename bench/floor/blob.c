/*
 * The floor for `complaint attach`: copy a file into a new row of the
 * database's attachment_blob table by incremental blob I/O, in one
 * BEGIN IMMEDIATE transaction, as `cp` would copy it into a file. No
 * hashing, no type detection, no history: the least any attach can do.
 * usage: blob DB FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "floor.h"

int
main(int argc, char **argv)
{
	static char chunk[1 << 16];
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_blob *blob;
	struct stat sb;
	FILE *f;
	size_t got;
	long long off = 0;

	if (argc != 3) {
		fputs("usage: blob DB FILE\n", stderr);
		return 2;
	}
	if ((f = fopen(argv[2], "rb")) == NULL || fstat(fileno(f), &sb) != 0) {
		perror(argv[2]);
		return 1;
	}
	db = floor_open(argv[1]);
	floor_exec(db, "BEGIN IMMEDIATE");
	floor_check(db, sqlite3_prepare_v2(db, "INSERT INTO attachment_blob"
	    " (size, data) VALUES (?1, zeroblob(?1))", -1, &st, NULL),
	    "prepare");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)sb.st_size);
	floor_check(db, sqlite3_step(st), "insert blob");
	sqlite3_finalize(st);
	floor_check(db, sqlite3_blob_open(db, "main", "attachment_blob",
	    "data", sqlite3_last_insert_rowid(db), 1, &blob), "blob open");
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		floor_check(db, sqlite3_blob_write(blob, chunk, (int)got,
		    (int)off), "blob write");
		off += (long long)got;
	}
	sqlite3_blob_close(blob);
	fclose(f);
	floor_exec(db, "COMMIT");
	sqlite3_close(db);
	return 0;
}
