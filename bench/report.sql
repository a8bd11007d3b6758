-- The floor for `complaint report` with no grouping (issue 4): the
-- metrics of SPEC 6 over every complaint, written directly in SQL (one
-- scan for the counts, one sort per median) and run by the sqlite3 shell
-- on the same database.
SELECT count(*) AS received,
       sum(status IN ('new', 'acknowledged', 'assessed')) AS open,
       count(resolved_at) AS resolved,
       round(100.0 * sum(first_contact) / nullif(count(*), 0), 1)
           AS fcr_pct,
       round(100.0 * sum(acknowledged_at <= ack_due) /
           nullif(count(acknowledged_at), 0), 1) AS ack_in_time_pct,
       round(100.0 * sum(resolved_at <= resolve_due) /
           nullif(count(resolved_at), 0), 1) AS resolved_in_time_pct,
       (SELECT round(h / 3600.0, 1) FROM (SELECT acknowledged_at -
           received_at AS h FROM complaint WHERE acknowledged_at IS NOT NULL
           ORDER BY 1) LIMIT 1 OFFSET (SELECT count(acknowledged_at) / 2
           FROM complaint)) AS median_ack_hours,
       (SELECT round(d / 86400.0, 1) FROM (SELECT resolved_at -
           received_at AS d FROM complaint WHERE resolved_at IS NOT NULL
           ORDER BY 1) LIMIT 1 OFFSET (SELECT count(resolved_at) / 2
           FROM complaint)) AS median_resolve_days,
       round(100.0 * sum(level > 0) / nullif(count(*), 0), 1)
           AS escalated_pct,
       round(100.0 * sum(resolved_at IS NOT NULL AND justified = 'yes') /
           nullif(count(resolved_at), 0), 1) AS upheld_pct,
       round(100.0 * sum(contacts > 1) / nullif(count(*), 0), 1)
           AS repeat_pct,
       round(100.0 * sum(satisfied = 'yes') / nullif(count(satisfied), 0),
           1) AS satisfied_pct,
       printf('%.2f', coalesce(sum(amount), 0) / 100.0) AS redress
FROM complaint;
