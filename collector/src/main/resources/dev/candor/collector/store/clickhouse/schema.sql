-- Candor's tables in ClickHouse (18.16 or later). Documented in docs/OPERATIONS.md ("Scale-out");
-- the same columns as the embedded store's schema.sql, times as microseconds since the epoch (UTC).
-- One statement per paragraph: ClickHouse's HTTP interface takes one at a time.

-- Raw events. Loaders may insert a batch twice (a loader killed after ClickHouse accepted the batch,
-- before its Kafka offsets were committed): rows with the same (tool, day, event_id) are one event.
-- ReplacingMergeTree folds them together in background merges; until then readers use FINAL.
CREATE TABLE IF NOT EXISTS events (
    event_id       UUID,
    tool           String,
    tool_version   String,
    event_name     String,
    event_time_us  Int64,
    received_at_us Int64,
    day            Date,             -- UTC date of event_time_us
    machine_id     Nullable(String),
    session_id     Nullable(String),
    os_family      String,
    os_version     String,
    runtime_id     String,
    geography      String,
    command        Nullable(String),
    exit_code      Nullable(Int32),
    duration_ms    Nullable(Int64),
    properties     String
) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (tool, day, event_id)

-- The daily aggregate, as daily_usage in the embedded store, with '' for "no machine id" (a sorting
-- key cannot be Nullable). Computed from events FINAL, so a replayed batch is never counted twice:
-- each refresh inserts complete rows with a newer refreshed_us, which replace the older ones.
CREATE TABLE IF NOT EXISTS daily_usage (
    tool         String,
    day          Date,
    event_name   String,
    command      String,
    geography    String,
    os_family    String,
    runtime_id   String,
    os_version   String,
    tool_version String,
    machine_id   String,
    occurrences  UInt64,
    failures     UInt64,
    refreshed_us UInt64
) ENGINE = ReplacingMergeTree(refreshed_us) PARTITION BY toYYYYMM(day)
  ORDER BY (tool, day, event_name, command, geography, os_family, runtime_id, os_version, tool_version, machine_id)

-- The dashboard's rollup (ClickHouseDashboardRollup): per tool, day, dimension and value ('total' and
-- '' for the day as a whole), the events, failures and distinct machines, computed from events FINAL.
-- Each recomputation of a day inserts all its rows with a new version; readers keep the rows whose
-- version is the day's in dashboard_days, and older versions are deleted after.
CREATE TABLE IF NOT EXISTS dashboard_daily (
    tool      String,
    day       Date,
    dimension String,
    value     String,
    version   UInt64,
    events    UInt64,
    failures  UInt64,
    machines  UInt64
) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY (tool, day, version, dimension, value)

-- Per tool and day: the version of dashboard_daily to read, and the count and XOR of the hashed event
-- ids of the day's raw rows when it was computed; a day whose rows no longer match is recomputed.
CREATE TABLE IF NOT EXISTS dashboard_days (
    tool     String,
    day      Date,
    raw_rows UInt64,
    raw_hash UInt64,
    version  UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY (tool, day)

-- The Commands page's rollup (ClickHouseDashboardRollup), as in the embedded store: per tool, command
-- and day, the runs per tool version and kind ('exit_code': value the code or 'none'; 'duration': value
-- the lower bound of a duration bucket, max_ms the largest duration in it; 'options': value a run's
-- command.options array, tool_version ''), computed from events FINAL with the day's dashboard_daily
-- rows and in the same version, read the same way.
CREATE TABLE IF NOT EXISTS dashboard_command_daily (
    tool         String,
    day          Date,
    command      String,
    tool_version String,
    kind         String,
    value        String,
    version      UInt64,
    runs         UInt64,
    max_ms       Int64
) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY (tool, command, day, version, kind, tool_version, value)

-- The Active machines page's rollup (ClickHouseActiveMachines): each day's active machines (a 64-bit
-- hash of the id) under the day's version in dashboard_days, as dashboard_daily; older versions are
-- deleted after, and an erased machine's rows at once.
CREATE TABLE IF NOT EXISTS active_machine_days (
    tool    String,
    day     Date,
    version UInt64,
    machine UInt64
) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY (tool, day, version, machine)

-- Per tool, grain ('day', 'week' from Monday, 'month'), period and the period the machines were first
-- seen in: the distinct machines active. A recomputation writes zeros for the periods it covers, then
-- the new counts under a higher version; readers use FINAL and skip the zeros.
CREATE TABLE IF NOT EXISTS active_machines (
    tool         String,
    grain        String,
    period       Date,
    first_period Date,
    machines     UInt64,
    version      UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY (tool, grain, period, first_period)
