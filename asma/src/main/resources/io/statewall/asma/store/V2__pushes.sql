-- Orchestration: every push of a policy or baseline version to a set of NMAs, and each NMA's answer.
-- A rollback is a push of its own (rollback_of names the push it undoes); each NMA then gets the
-- version it had before, so the version is per NMA.
CREATE TABLE push (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,          -- microseconds since the epoch
  actor       TEXT    NOT NULL,
  kind        TEXT    NOT NULL,          -- policy | baseline
  version     INTEGER,                   -- the version pushed; NULL for a rollback (per NMA)
  rollback_of INTEGER REFERENCES push(id)
);

CREATE TABLE push_nma (
  push_id  INTEGER NOT NULL REFERENCES push(id),
  nma      TEXT    NOT NULL,
  version  INTEGER,                      -- pushed to this NMA (NULL: nothing to push)
  previous INTEGER,                      -- the version it had before, when known
  status   TEXT    NOT NULL,             -- ok | refused | not_connected | no_answer | failed | skipped
  detail   TEXT,
  PRIMARY KEY (push_id, nma)
);

CREATE INDEX push_nma_by_nma ON push_nma(nma, push_id);
