#include "store/schema.hpp"

namespace sextant {

const std::vector<std::string>& store_migrations() {
    static const std::vector<std::string> migrations = {
        // 1: initial schema (DESIGN.md, "Data model").
        R"sql(
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  plugin_id TEXT NOT NULL,
  plugin_version TEXT NOT NULL,
  definition TEXT NOT NULL,
  updated_at REAL NOT NULL
);
CREATE TABLE provenance (
  id INTEGER PRIMARY KEY,
  git_commit TEXT, git_dirty INTEGER, git_diff TEXT,
  sextant_version TEXT, host TEXT, cpu TEXT, os TEXT,
  command_line TEXT, working_dir TEXT,
  created_at REAL NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  plugin_id TEXT NOT NULL,
  plugin_version TEXT NOT NULL,
  params TEXT NOT NULL,
  target TEXT NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
  queued_at REAL, started_at REAL, finished_at REAL,
  host TEXT,
  provenance_id INTEGER REFERENCES provenance(id),
  exit_status INTEGER,
  error TEXT,
  stderr_tail TEXT,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_experiment ON runs(experiment_id, id);
CREATE INDEX runs_status ON runs(status);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  step INTEGER NOT NULL,
  wall_time REAL NOT NULL,
  value REAL
);
CREATE INDEX metrics_run_name_step ON metrics(run_id, name, step);
CREATE TABLE summaries (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE artifacts (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX artifacts_run ON artifacts(run_id);
CREATE TABLE logs (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  time REAL NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX logs_run ON logs(run_id);
CREATE TABLE tags (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE TABLE notes (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  text TEXT NOT NULL,
  updated_at REAL NOT NULL
);
)sql",
        // 2: cluster runs keep their Slurm job, its last known state and their folder on the
        // cluster, so a sweep survives the desktop quitting (docs/cluster.md).
        R"sql(
ALTER TABLE runs ADD COLUMN job_id TEXT;
ALTER TABLE runs ADD COLUMN job_state TEXT;
ALTER TABLE runs ADD COLUMN job_dir TEXT;
)sql",
    };
    return migrations;
}

}  // namespace sextant
