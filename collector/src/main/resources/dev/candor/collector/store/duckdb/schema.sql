-- Candor's embedded store. Documented in docs/OPERATIONS.md ("The store"); times are UTC.
CREATE TABLE IF NOT EXISTS events (
    event_id     UUID      NOT NULL, -- log.record.uid, or derived from the record when absent; unique
    tool         VARCHAR   NOT NULL, -- service.name, the tool the ingest key belongs to
    tool_version VARCHAR   NOT NULL, -- service.version, 'Unknown' when absent
    event_name   VARCHAR   NOT NULL, -- the LogRecord's eventName: cli.command, cli.crash, ...
    event_time   TIMESTAMP NOT NULL, -- when the tool reported it (UTC; the receive time if the clock is off)
    received_at  TIMESTAMP NOT NULL, -- when the collector committed it (UTC)
    machine_id   VARCHAR,            -- HMAC-SHA256(server secret, tool:candor.machine.id), hex
    session_id   VARCHAR,            -- session.id: one invocation of the tool
    os_family    VARCHAR   NOT NULL, -- Linux, Darwin, Windows, FreeBSD, ... or Unknown
    os_version   VARCHAR   NOT NULL, -- os.version or Unknown
    runtime_id   VARCHAR   NOT NULL, -- candor.runtime.id (linux-x64, osx-arm64, ...) or Unknown
    geography    VARCHAR   NOT NULL, -- English country name of the client network, or Unknown
    command      VARCHAR,            -- command.path
    exit_code    INTEGER,            -- process.exit.code
    duration_ms  BIGINT,             -- command.duration_ms
    properties   JSON      NOT NULL, -- the event's other accepted attributes, scrubbed: {"command.options":[],...}
    run_id       UUID                -- its run's other attributes in run_attributes; NULL: all are in properties
);

-- What every event of a run repeats (its resource attributes that are not columns), once per machine and
-- distinct set: {"candor.ci":false,"host.arch":"amd64",...}. The view event_properties gives each event's
-- whole properties, as rows written before schema version 2 hold them.
CREATE TABLE IF NOT EXISTS run_attributes (
    id           UUID    NOT NULL,   -- a name-based UUID of the tool, the machine and the set; unique
    tool         VARCHAR NOT NULL,
    machine_id   VARCHAR,            -- as in events: erased with the machine's events
    properties   JSON    NOT NULL
);

-- Daily usage: the aggregate that publishing, the dashboard and retention keep. One row per day (UTC),
-- tool, event, dimensions and machine, with how many events and how many of them failed (exit code
-- not 0). Kept up to date in the transaction that stores the raw events, so it counts each event id
-- once; partial rows for the same key are summed by readers and merged by compaction.
CREATE TABLE IF NOT EXISTS daily_usage (
    tool         VARCHAR NOT NULL,
    day          DATE    NOT NULL,
    event_name   VARCHAR NOT NULL,
    command      VARCHAR NOT NULL, -- '' for events without a command
    geography    VARCHAR NOT NULL,
    os_family    VARCHAR NOT NULL,
    runtime_id   VARCHAR NOT NULL,
    os_version   VARCHAR NOT NULL,
    tool_version VARCHAR NOT NULL,
    machine_id   VARCHAR,          -- server-hashed; NULL for senders without one (never counted as a machine)
    occurrences  BIGINT  NOT NULL,
    failures     BIGINT  NOT NULL
);

-- The daily aggregate as the issue states it: occurrences of each combination per day, with the
-- number of distinct machines behind it (exact: counted over daily_usage's machine column).
CREATE OR REPLACE VIEW daily_combinations AS
SELECT tool, day, event_name, command, geography, os_family, runtime_id, os_version, tool_version,
       sum(occurrences)::BIGINT AS occurrences, sum(failures)::BIGINT AS failures,
       count(DISTINCT machine_id) AS machines
FROM daily_usage GROUP BY ALL;
