/**
 * The change-log horizon, as SQL: entries with `xid` below it are final (their transactions have
 * ended). It is the oldest transaction id still running in *this* database at the statement's
 * snapshot, or the snapshot's xmax when none is.
 *
 * `pg_snapshot_xmin(pg_current_snapshot())` alone would be correct too, but transaction ids are
 * cluster-wide: one long transaction in another database on the same server (a neighbour's
 * report, another test file's setup) would hold every feed back. So the running transactions of
 * the snapshot (`pg_snapshot_xip`) are skipped when pg_stat_activity shows them in *another*
 * database; any other one — ours, or one that ended between the snapshot and the look at
 * pg_stat_activity, or one we may not see — counts, which only ever holds the horizon lower.
 */
export const FEED_HORIZON_SQL = `(
  SELECT coalesce(
           (SELECT min(x) FROM pg_snapshot_xip(s.snap) AS x
             WHERE NOT EXISTS (
               SELECT 1 FROM pg_stat_activity a
                WHERE a.backend_xid = x::xid AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))),
           pg_snapshot_xmax(s.snap))
    FROM (SELECT pg_current_snapshot() AS snap) s
)`;
