-- Statewall ASMA store, schema version 1. Times are microseconds since the epoch (UTC).

-- The NMAs that ever reported, with what their last heartbeat said.
CREATE TABLE nma (
  id               INTEGER PRIMARY KEY,
  name             TEXT    NOT NULL UNIQUE,
  first_seen       INTEGER NOT NULL,
  last_seen        INTEGER NOT NULL,
  last_address     TEXT,
  last_seq         INTEGER NOT NULL DEFAULT 0,  -- highest record sequence stored (exactly-once ingest)
  state            TEXT,
  declared_by      TEXT,
  policy_version   TEXT,
  baseline_version TEXT,
  uptime_s         INTEGER,
  spool_dropped    INTEGER,
  counters         TEXT,                        -- JSON object from the heartbeat
  heartbeat_at     INTEGER
);

-- Every EVE event, raw, with the columns the API filters on.
CREATE TABLE event (
  id           INTEGER PRIMARY KEY,
  nma_id       INTEGER NOT NULL REFERENCES nma(id),
  seq          INTEGER NOT NULL,
  ts           INTEGER NOT NULL,
  event_type   TEXT    NOT NULL,
  flow_id      INTEGER,
  src_ip       TEXT,
  src_port     INTEGER,
  dest_ip      TEXT,
  dest_port    INTEGER,
  proto        TEXT,
  app_proto    TEXT,
  state        TEXT,
  rule         TEXT,
  detector     TEXT,
  severity     INTEGER,
  action       TEXT,
  signature_id INTEGER,
  signature    TEXT,
  attack       TEXT,                            -- technique ids, space-separated (display)
  codec        INTEGER NOT NULL,                -- how json is kept: 0 UTF-8, 1 DEFLATE with dictionary 1 (EveCodec)
  json         BLOB    NOT NULL
);
CREATE INDEX event_ts ON event(ts);
CREATE INDEX event_type_id ON event(event_type, id);
CREATE INDEX event_nma_id ON event(nma_id, id);
CREATE INDEX event_flow ON event(flow_id, id) WHERE flow_id IS NOT NULL;

-- ATT&CK technique of an event (alerts), one row each: the technique filter.
CREATE TABLE event_attack (
  technique TEXT    NOT NULL,
  event_id  INTEGER NOT NULL,
  PRIMARY KEY (technique, event_id)
) WITHOUT ROWID;

CREATE TABLE alert_ack (
  event_id INTEGER PRIMARY KEY REFERENCES event(id),
  acked_by TEXT    NOT NULL,
  acked_at INTEGER NOT NULL,
  comment  TEXT
);

-- Operating-state changes each NMA reported.
CREATE TABLE nma_state (
  id          INTEGER PRIMARY KEY,
  nma_id      INTEGER NOT NULL REFERENCES nma(id),
  ts          INTEGER NOT NULL,
  from_state  TEXT,
  to_state    TEXT    NOT NULL,
  origin      TEXT,
  allowed     INTEGER,
  declared_by TEXT,
  event_id    INTEGER
);
CREATE INDEX nma_state_nma_ts ON nma_state(nma_id, ts);

-- The plant-wide operating state the ASMA decided or an operator declared.
CREATE TABLE plant_state (
  id          INTEGER PRIMARY KEY,
  ts          INTEGER NOT NULL,
  state       TEXT    NOT NULL,
  origin      TEXT    NOT NULL,
  declared_by TEXT,
  detail      TEXT
);

-- Process values: the latest per point, and the history.
CREATE TABLE process_latest (
  nma_id INTEGER NOT NULL,
  point  TEXT    NOT NULL,
  ts     INTEGER NOT NULL,
  value  REAL,
  text   TEXT,
  PRIMARY KEY (nma_id, point)
) WITHOUT ROWID;
CREATE TABLE process_history (
  nma_id INTEGER NOT NULL,
  point  TEXT    NOT NULL,
  ts     INTEGER NOT NULL,
  value  REAL,
  text   TEXT
);
CREATE INDEX process_history_point_ts ON process_history(nma_id, point, ts);

-- Versions of policies and baselines: content, author, time, comment.
CREATE TABLE document (
  id       INTEGER PRIMARY KEY,
  kind     TEXT    NOT NULL CHECK (kind IN ('policy', 'baseline')),
  version  INTEGER NOT NULL,
  name     TEXT,
  content  TEXT    NOT NULL,
  sha256   TEXT    NOT NULL,
  author   TEXT    NOT NULL,
  at       INTEGER NOT NULL,
  comment  TEXT,
  UNIQUE (kind, version)
);

-- The audit log: append-only and hash-chained. hash = SHA-256(prev_hash | fields of the row).
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  target    TEXT,
  outcome   TEXT    NOT NULL,
  detail    TEXT,
  remote    TEXT,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- API bearer tokens (kind 'api', made by an admin) and login sessions (kind 'session').
-- Only a SHA-256 of each token is kept.
CREATE TABLE api_token (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  kind       TEXT    NOT NULL CHECK (kind IN ('api', 'session')),
  hash       TEXT    NOT NULL UNIQUE,
  owner      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT    NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  revoked_by TEXT
);

-- Users an admin made through the API (users of the configuration file are not stored).
CREATE TABLE app_user (
  name          TEXT    PRIMARY KEY,
  role          TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  created_by    TEXT    NOT NULL
);
