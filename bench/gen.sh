#!/bin/sh
# gen.sh N DB: a complaint database of N complaints with a realistic shape,
# for the benchmarks. The real binary creates the schema (so the file is
# exactly what complaint makes: a write, escalate --auto, since a read
# never creates one); the sqlite3 shell fills it with one
# INSERT ... SELECT over generate_series. Reused while the schema version
# and this script's shape version match: see bench/RESULTS.md for the shape.
#
# Environment: COMPLAINT (the binary), BENCH_NOW (epoch seconds, the end
# of the received_at span).
set -eu

n=$1
db=$2
: "${COMPLAINT:=./complaint}"
: "${BENCH_NOW:=1795082400}"   # 2026-11-19T10:00:00Z, a Thursday
shape=4                        # bump when the shape below changes

# The schema version this binary creates (a read never creates a
# database; a sweep with nothing to do writes one, empty).
tmp=$(mktemp -d)
COMPLAINT_DB=$tmp/x.db "$COMPLAINT" escalate --auto >/dev/null
want=$(sqlite3 "$tmp/x.db" 'PRAGMA user_version')
rm -rf "$tmp"
if [ -f "$db" ] && [ -f "$db.shape" ] &&
    [ "$(cat "$db.shape")" = "$shape $want $n $BENCH_NOW" ] &&
    [ "$(sqlite3 "$db" 'PRAGMA user_version')" = "$want" ]; then
	exit 0
fi

step=288                       # 300 complaints a day at every size
echo "gen: building $db ($n complaints)" >&2
rm -f "$db" "$db-wal" "$db-shm" "$db.shape"
mkdir -p "$(dirname "$db")"
COMPLAINT_DB=$db COMPLAINT_NOW=2026-01-01T00:00:00Z "$COMPLAINT" escalate --auto >/dev/null

# Steady intake of 300 complaints a day at every size: a bigger database
# is a longer history (1,000,000 is about nine years), as a real one
# grows, so "the last day" holds the same complaints at every size. The newest
# eighth of the ids holds the open complaints (80% of them open: 10% of
# all); older complaints are closed, or resolved with a follow-up owed
# when resolved in the last week.
sqlite3 -bail "$db" >/dev/null <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
BEGIN;
CREATE TEMP TABLE g AS
SELECT value AS i,
       $BENCH_NOW - 60 - ($n - value) * $step - ((value * 7919) % $step) AS recv,
       (value * 2654435761) % 4294967296 AS h1,
       (value * 40503 + 12345) % 1000003 AS h2,
       (value * 69069 + 1) % 999983 AS h3
FROM generate_series(1, $n);

CREATE TEMP TABLE c AS
SELECT i, recv, h1, h2, h3,
       CASE WHEN i > $n - $n / 8 AND h1 % 100 < 80 THEN
              CASE WHEN h2 % 100 < 40 THEN 'new'
                   WHEN h2 % 100 < 75 THEN 'acknowledged'
                   ELSE 'assessed' END
            ELSE 'done' END AS st,
       min(recv + 3600 + h3 % (40 * 86400), $BENCH_NOW - 60) AS res_at
FROM g;

INSERT INTO complaint (id, status, received_at, channel, customer, contact,
    customer_id, owner, department, category, severity, impact, urgency,
    priority, justified, complex, assessed, level, public, summary,
    ack_due, acknowledged_at, ack_via, resolve_due, resolved_at,
    first_contact, closed_at, resolution, remedy, amount, root_cause,
    contacts, followup_due, followup_attempts, satisfied, updated_at)
SELECT i,
       CASE WHEN st <> 'done' THEN st
            WHEN res_at > $BENCH_NOW - 7 * 86400 THEN 'resolved'
            ELSE 'closed' END,
       recv,
       CASE h1 % 20 WHEN 0 THEN 'letter' WHEN 1 THEN 'in-person'
            WHEN 2 THEN 'social' WHEN 3 THEN 'social'
            WHEN 4 THEN 'web' WHEN 5 THEN 'web' WHEN 6 THEN 'web'
            WHEN 7 THEN 'chat' WHEN 8 THEN 'chat' WHEN 9 THEN 'chat'
            WHEN 10 THEN 'email' WHEN 11 THEN 'email' WHEN 12 THEN 'email'
            ELSE 'phone' END,
       'Customer ' || (h2 % 300000),
       CASE WHEN h3 % 3 = 0 THEN 'c' || (h2 % 300000) || '@example.com' END,
       CASE WHEN h3 % 2 = 0 THEN 'K' || (h2 % 300000) END,
       printf('agent%02d', h2 % 50),
       CASE h3 % 4 WHEN 0 THEN 'retail' WHEN 1 THEN 'billing'
            WHEN 2 THEN 'logistics' ELSE NULL END,
       CASE h3 % 5 WHEN 0 THEN 'service issue' WHEN 1 THEN 'product defect'
            WHEN 2 THEN 'billing' WHEN 3 THEN 'delivery'
            ELSE 'staff conduct' END,
       CASE WHEN st IN ('new', 'acknowledged') THEN NULL
            WHEN h1 % 1000 < 50 THEN 'critical'
            WHEN h1 % 1000 < 250 THEN 'high'
            WHEN h1 % 1000 < 600 THEN 'medium' ELSE 'low' END,
       CASE WHEN st NOT IN ('new', 'acknowledged') THEN 1 + h2 % 3 END,
       CASE WHEN st NOT IN ('new', 'acknowledged') THEN 1 + h3 % 3 END,
       CASE WHEN st NOT IN ('new', 'acknowledged') THEN
            h2 % 3 + h3 % 3 + 1 END,
       CASE WHEN st = 'done' THEN
            CASE WHEN h2 % 10 < 6 THEN 'yes' ELSE 'no' END END,
       h3 % 20 = 0,
       st NOT IN ('new', 'acknowledged'),
       CASE WHEN st NOT IN ('new', 'acknowledged') AND h1 % 1000 < 50 THEN
                 CASE WHEN st = 'assessed' AND i % 2 = 0 THEN 0 ELSE 2 END
            WHEN h2 % 100 < 3 THEN 1 + h3 % 2 ELSE 0 END,
       h2 % 200 = 0,
       'Complaint about ' || CASE h3 % 5 WHEN 0 THEN 'service'
            WHEN 1 THEN 'a faulty product' WHEN 2 THEN 'a bill'
            WHEN 3 THEN 'a late delivery' ELSE 'staff' END,
       recv + 86400,
       CASE WHEN st <> 'new' THEN recv + h3 % 72000 END,
       CASE WHEN st <> 'new' THEN 'email' END,
       recv + 56 * 86400,
       CASE WHEN st = 'done' THEN res_at END,
       st = 'done' AND h3 % 7 = 0,
       CASE WHEN st = 'done' AND res_at <= $BENCH_NOW - 7 * 86400 THEN
            min(res_at + 3 * 86400, $BENCH_NOW - 30) END,
       CASE WHEN st = 'done' THEN 'Explained and put right' END,
       CASE WHEN st = 'done' THEN
            CASE h2 % 6 WHEN 0 THEN 'refund' WHEN 1 THEN 'replacement'
                 WHEN 2 THEN 'discount' WHEN 3 THEN 'apology'
                 WHEN 4 THEN 'explanation' ELSE 'none' END END,
       CASE WHEN st = 'done' AND h2 % 6 IN (0, 2) THEN 500 + h1 % 49500 END,
       CASE WHEN st = 'done' THEN
            CASE h1 % 4 WHEN 0 THEN 'process' WHEN 1 THEN 'training'
                 WHEN 2 THEN 'supplier' ELSE 'system' END END,
       CASE WHEN h3 % 10 = 0 THEN 2 ELSE 1 END,
       CASE WHEN st = 'done' AND res_at > $BENCH_NOW - 7 * 86400 THEN
            res_at + 2 * 86400 END,
       0,
       CASE WHEN st = 'done' AND res_at <= $BENCH_NOW - 7 * 86400 THEN
            CASE WHEN h1 % 10 < 8 THEN 'yes' ELSE 'no' END END,
       CASE WHEN st = 'done' THEN res_at ELSE recv END
FROM c;

-- The 'log' event of every complaint, in the shape complaint writes.
INSERT INTO event (complaint_id, at, actor, account, action, digest, hash,
    changes)
SELECT id, received_at, owner, owner, 'log', lower(hex(randomblob(32))), lower(hex(randomblob(32))),
       json_object(
       'status', json_array(NULL, 'new'),
       'received_at', json_array(NULL,
           strftime('%Y-%m-%dT%H:%M:%SZ', received_at, 'unixepoch')),
       'channel', json_array(NULL, channel),
       'customer', json_array(NULL, customer),
       'owner', json_array(NULL, owner),
       'category', json_array(NULL, category),
       'level', json_array(NULL, 0),
       'public', json_array(NULL, public),
       'summary', json_array(NULL, summary),
       'ack_due', json_array(NULL,
           strftime('%Y-%m-%dT%H:%M:%SZ', ack_due, 'unixepoch')),
       'resolve_due', json_array(NULL,
           strftime('%Y-%m-%dT%H:%M:%SZ', resolve_due, 'unixepoch')),
       'contacts', json_array(NULL, 1),
       'complex', json_array(NULL, 0),
       'assessed', json_array(NULL, 0),
       'first_contact', json_array(NULL, 0),
       'followup_attempts', json_array(NULL, 0))
FROM complaint ORDER BY id;

-- A tenth have more history: acknowledgement and, when done, resolution.
INSERT INTO event (complaint_id, at, actor, account, action, digest, hash,
    changes)
SELECT id, acknowledged_at, owner, owner, 'ack', lower(hex(randomblob(32))),
       lower(hex(randomblob(32))), json_object(
       'status', json_array('new', 'acknowledged'),
       'acknowledged_at', json_array(NULL,
           strftime('%Y-%m-%dT%H:%M:%SZ', acknowledged_at, 'unixepoch')),
       'ack_via', json_array(NULL, 'email'))
FROM complaint WHERE id % 10 = 0 AND acknowledged_at IS NOT NULL
ORDER BY id;
INSERT INTO event (complaint_id, at, actor, account, action, digest, hash,
    changes, note)
SELECT id, resolved_at, owner, owner, 'resolve', lower(hex(randomblob(32))),
       lower(hex(randomblob(32))), json_object(
       'status', json_array('assessed', 'resolved'),
       'resolved_at', json_array(NULL,
           strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, 'unixepoch')),
       'resolution', json_array(NULL, resolution),
       'remedy', json_array(NULL, remedy)),
       'Customer accepted the explanation'
FROM complaint WHERE id % 10 = 0 AND resolved_at IS NOT NULL ORDER BY id;

-- The example rule 'critical' fired when those were assessed; half of the
-- open critical ones were assessed before the rule existed, so a sweep
-- has real work to do.
INSERT INTO rule_fired (complaint_id, rule, at)
SELECT id, 'critical', coalesce(resolved_at, updated_at) FROM complaint
WHERE severity = 'critical' AND level = 2;

-- The names' matching keys (schema 7), as complaint sets them: the
-- generated names are ASCII, whose key is the name itself but for case,
-- so none is stored (schema 19).
UPDATE complaint SET customer_key = NULL, owner_key = NULL;
COMMIT;
PRAGMA synchronous=NORMAL;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
echo "$shape $want $n $BENCH_NOW" >"$db.shape"
