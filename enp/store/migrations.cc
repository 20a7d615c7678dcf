// The schema, as numbered migrations. Never edit a released migration: add the next one.
// Written for SQLite; PostgreSQL runs the same text as postgresSchema() spells it there.
#include <chrono>
#include <stdexcept>
#include <string>

#include "enp/store/database.h"
#include "enp/store/postgres_schema.h"
#include "enp/store/sql/statement.h"

namespace enp {
namespace {

struct Migration {
  int version;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE registrations(
  id TEXT PRIMARY KEY,
  mailbox TEXT NOT NULL,
  device_token TEXT NOT NULL,
  platform TEXT NOT NULL,
  policy TEXT NOT NULL,                  -- JSON, as accepted by the registration API
  callback_hash TEXT NOT NULL UNIQUE,    -- SHA-256 of the callback URL token
  secret_hash TEXT NOT NULL,             -- SHA-256 of the registration secret
  key_label TEXT NOT NULL,               -- the registration key that created it
  created_at INTEGER NOT NULL,           -- ms since the epoch, as every instant below
  updated_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER,                  -- last notification or heartbeat from Exchange
  last_subscription_id TEXT,
  last_watermark TEXT
);
CREATE INDEX registrations_mailbox ON registrations(mailbox);

-- One row per (registration, item): the durable queue and the dedup record in one.
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  folder_id TEXT NOT NULL DEFAULT '',
  subscription_id TEXT NOT NULL DEFAULT '',
  watermark TEXT NOT NULL DEFAULT '',
  event_time INTEGER NOT NULL,           -- Exchange's TimeStamp, else when ENP received it
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',  -- queued|delivered|suppressed|dropped|expired|dead
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  finished_at INTEGER,
  UNIQUE(registration_id, item_id)
);
CREATE INDEX events_due ON events(next_attempt_at) WHERE state = 'queued';
CREATE INDEX events_finished ON events(finished_at) WHERE state <> 'queued';

-- The last decisions per registration, with their reasons (no mail content).
CREATE TABLE decisions(
  id INTEGER PRIMARY KEY,
  registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  decided_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,                 -- delivered|suppressed|dropped|expired|dead
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  local_time TEXT NOT NULL DEFAULT '',
  zone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_by_registration ON decisions(registration_id, id);

CREATE TABLE settings(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  document TEXT NOT NULL,                -- the settings JSON, secrets included
  updated_at INTEGER NOT NULL
);
)sql"},
    {2, R"sql(
-- The admin console (DESIGN §4.4).
CREATE TABLE admin_users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,           -- scrypt$N$r$p$salt$hash (enp/admin/auth/password.h)
  must_change INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Bearer tokens for automation; only their SHA-256 is kept.
CREATE TABLE api_tokens(
  id TEXT PRIMARY KEY,                   -- public id (for listing and revoking)
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);

-- Who changed what and when; details never hold secrets.
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT ''       -- JSON object
);
CREATE INDEX audit_at ON audit(at);

-- Registration keys live in the settings document; this keeps when each label was created
-- and last used (by POST /api/v1/registrations).
CREATE TABLE registration_key_usage(
  label TEXT PRIMARY KEY,
  created_at INTEGER,
  last_used_at INTEGER
);
)sql"},
    {3, R"sql(
-- Alerts for the administrator (enp/alert/): one row per episode of a problem, from the first
-- time it was seen until it resolved by itself. No secrets, no mail content.
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,                     -- what and where: exchange-auth:mail1, cns-rejects
  severity TEXT NOT NULL,                -- critical|warning
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  advice TEXT NOT NULL DEFAULT '',
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  count INTEGER NOT NULL,
  state TEXT NOT NULL,                   -- firing|resolved
  resolved_at INTEGER NOT NULL DEFAULT 0,
  mailed_at INTEGER NOT NULL DEFAULT 0,  -- last mail reporting it firing; 0 = none yet
  resolved_mailed INTEGER NOT NULL DEFAULT 0  -- 1 = its "resolved" mail is sent or not due
);
CREATE UNIQUE INDEX alerts_firing ON alerts(key) WHERE state = 'firing';
CREATE INDEX alerts_open ON alerts(id) WHERE state = 'firing' OR resolved_mailed = 0;
)sql"},
    {4, R"sql(
-- ENP-managed push subscriptions: one row per registration the keeper has looked at. What every
-- callback refreshes (last seen, last watermark) stays in registrations.
CREATE TABLE subscriptions(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  state TEXT NOT NULL,                   -- app-managed|pending|active|stale|resubscribing|failing|mailbox-missing
  subscription_id TEXT NOT NULL DEFAULT '',
  subscribed_at INTEGER NOT NULL DEFAULT 0,
  next_check_at INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,   -- failed attempts in a row
  failure TEXT NOT NULL DEFAULT '',      -- plain words for the console
  affinity_cookie TEXT NOT NULL DEFAULT '',
  replay_watermark TEXT NOT NULL DEFAULT ''  -- set after a gap: renew from here
);
CREATE INDEX subscriptions_due ON subscriptions(next_check_at);
)sql"},
    {5, R"sql(
-- Working hours read from the mailbox (registration "workHoursFrom": "mailbox").
ALTER TABLE registrations ADD COLUMN work_hours_from TEXT NOT NULL DEFAULT 'registration';
-- One row per mailbox whose hours ENP reads (several devices of one mailbox share it).
CREATE TABLE mailbox_hours(
  mailbox TEXT PRIMARY KEY,              -- lower-case, as in registrations
  state TEXT NOT NULL,                   -- found|none|failed
  time_zone TEXT NOT NULL DEFAULT '',    -- tzdata name; '' = no zone matched (notes say why)
  days INTEGER NOT NULL DEFAULT 0,       -- bit i = weekday i (0 = Sunday), when found
  start_minute INTEGER NOT NULL DEFAULT 0,  -- after local midnight, 0..1439
  end_minute INTEGER NOT NULL DEFAULT 0,    -- 0..1439; <= start runs past midnight
  notes TEXT NOT NULL DEFAULT '',        -- what could not be carried over exactly
  error TEXT NOT NULL DEFAULT '',        -- the last failure, plain words
  read_at INTEGER NOT NULL DEFAULT 0,    -- last successful read; 0 = never
  next_read_at INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0    -- failed reads in a row
);
CREATE INDEX mailbox_hours_due ON mailbox_hours(next_read_at);
)sql"},
    {6, R"sql(
-- Microsoft Graph subscriptions (graph[] tenants): one row per registration of a Graph mailbox
-- the keeper has looked at. What every notification refreshes (last seen) stays in registrations.
CREATE TABLE graph_subscriptions(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  tenant TEXT NOT NULL DEFAULT '',       -- graph[].name it was made with
  state TEXT NOT NULL,                   -- pending|active|renewing|failing|mailbox-missing|deleted
  subscription_id TEXT NOT NULL DEFAULT '',
  client_state_hash TEXT NOT NULL DEFAULT '',  -- SHA-256 of the clientState Graph echoes
  created_at INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL DEFAULT 0, -- as Graph granted it
  renew_at INTEGER NOT NULL DEFAULT 0,   -- half of the granted lifetime
  next_check_at INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,   -- failed attempts in a row
  failure TEXT NOT NULL DEFAULT '',      -- plain words for the console
  lifecycle TEXT NOT NULL DEFAULT ''     -- a lifecycle event to act on: reauthorize|recreate|catch-up
);
CREATE INDEX graph_subscriptions_due ON graph_subscriptions(next_check_at);
CREATE INDEX graph_subscriptions_by_id ON graph_subscriptions(subscription_id);
)sql"},
    {7, R"sql(
-- IMAP and POP3 accounts (registration "account"): one per registration that has one, on a
-- mailServers[] server of the settings. The password is sealed (AES-256-GCM under a key derived
-- from the data key, enp/common/sealed_text.h) with "registration:<id>:password" as its context.
CREATE TABLE mail_accounts(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  server TEXT NOT NULL,                  -- mailServers[].name
  username TEXT NOT NULL,
  folder TEXT NOT NULL DEFAULT 'INBOX',
  password_sealed TEXT NOT NULL,         -- "v1.<base64url(nonce | ciphertext | tag)>"
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);
CREATE INDEX mail_accounts_server ON mail_accounts(server);
)sql"},
    {8, R"sql(
-- Several console users with roles (enp/store/admin_role.h) and an optional TOTP second factor;
-- API tokens with a role and an expiry. Existing users and tokens keep full rights.
ALTER TABLE admin_users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';  -- admin|operator|helpdesk
ALTER TABLE admin_users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE admin_users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';  -- sealed; '' = none
ALTER TABLE admin_users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;  -- 0 = enrolling
ALTER TABLE admin_users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;  -- last used code
ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;  -- NULL = never
)sql"},
    {9, R"sql(
-- What the mailbox watcher remembers of each IMAP account's folder (enp/source/imap/
-- uid_watermark.h): new mail is a UID above last_uid while the folder keeps uid_validity.
CREATE TABLE mail_folder_marks(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  last_uid INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- What the watcher has seen of each POP3 account (UIDL): a row in pop3_mailboxes once the
-- first poll set the baseline, and the unique ids then on the server.
CREATE TABLE pop3_mailboxes(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  polled_at INTEGER NOT NULL
);
CREATE TABLE pop3_uidls(
  registration_id TEXT NOT NULL REFERENCES pop3_mailboxes(registration_id) ON DELETE CASCADE,
  uidl TEXT NOT NULL,
  PRIMARY KEY(registration_id, uidl)
) WITHOUT ROWID;
)sql"},
    {10, R"sql(
-- Where the next catch-up of a Graph mailbox starts: the @odata.deltaLink (or, when a catch-up
-- stopped early, the @odata.nextLink) of the last delta query on its Inbox.
CREATE TABLE graph_delta_links(
  registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  tenant TEXT NOT NULL,                  -- graph[].name the link belongs to
  link TEXT NOT NULL,
  saved_at INTEGER NOT NULL
);
)sql"},
    {11, R"sql(
-- A refused password outlives a restart: the watcher does not try the account again before
-- auth_failed_at + [imap] auth_failed_retry_minutes unless its password changed since.
ALTER TABLE mail_accounts ADD COLUMN auth_failed_at INTEGER NOT NULL DEFAULT 0;  -- 0 = none
ALTER TABLE mail_accounts ADD COLUMN auth_failed_detail TEXT NOT NULL DEFAULT '';  -- server's words
)sql"},
    {12, R"sql(
-- Console logins, in the database so that every node sharing it knows them (and their end) at
-- once. The cookie itself is never stored: its SHA-256 is the key.
CREATE TABLE admin_sessions(
  id_hash TEXT PRIMARY KEY,
  csrf_token TEXT NOT NULL,
  user_name TEXT NOT NULL,
  role TEXT NOT NULL,                    -- as at login; a change of role ends the sessions
  must_change INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL          -- written at most every 10 s per session
);
CREATE INDEX admin_sessions_user ON admin_sessions(user_name);
)sql"},
    {13, R"sql(
-- The nodes sharing this database (one row on SQLite). A node writes its row at every heartbeat
-- ([cluster] heartbeat_seconds); one whose heartbeat_at is older than node_expiry_seconds is dead.
CREATE TABLE cluster_nodes(
  name TEXT PRIMARY KEY,                 -- [cluster] node_name
  started_at INTEGER NOT NULL,           -- ms since the epoch: this run of the node started
  heartbeat_at INTEGER NOT NULL,         -- ms: its last heartbeat
  stopped_at INTEGER NOT NULL DEFAULT 0, -- ms: stopped cleanly (shares released); 0 = running
  version TEXT NOT NULL DEFAULT '',      -- ENP's version on the node
  admin_listen TEXT NOT NULL DEFAULT '', -- host:port of its console
  public_listen TEXT NOT NULL DEFAULT '' -- host:port of its public listener
);
-- Work that runs on one node only, cut into shares: 0..63 are hash buckets of registration ids
-- (mailbox addresses for working hours), then one share per single job (retention, alert mail).
CREATE TABLE cluster_shares(
  share INTEGER PRIMARY KEY,             -- the share's number
  holder TEXT NOT NULL DEFAULT '',       -- the node working on it; '' = nobody
  held_until INTEGER NOT NULL DEFAULT 0  -- ms: free for any node after this unless renewed
);
)sql"},
    {14, R"sql(
-- Several nodes on one PostgreSQL database share the queue: a node takes due events by leasing
-- them (docs/postgresql.md), until lease_until, and renews its leases while it holds them.
-- NULL = free. Unused on SQLite, where one node holds its events in memory.
ALTER TABLE events ADD COLUMN leased_by TEXT;        -- [cluster] node_name of the holder
ALTER TABLE events ADD COLUMN lease_until INTEGER;   -- ms since the epoch
CREATE INDEX events_leased ON events(leased_by) WHERE leased_by IS NOT NULL;
)sql"},
    {15, R"sql(
-- The data key (enp.key) this database belongs to: the first node to start on it records a
-- fingerprint of its key (SHA-256 of a key derived for this purpose, not the key), and a node
-- with another key refuses to start (every node of a cluster needs the same enp.key).
CREATE TABLE data_key_check(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,             -- lower-case hex
  created_at INTEGER NOT NULL            -- ms since the epoch
);
)sql"},
    {16, R"sql(
-- The keepers look for registrations created since their last look by this index, instead of
-- reading every registration each second (half a core at 100,000 registrations).
CREATE INDEX registrations_created ON registrations(created_at);
-- The working-hours keepers read the registrations that take them from the mailbox: these.
CREATE INDEX registrations_mailbox_hours ON registrations(mailbox)
  WHERE work_hours_from = 'mailbox' AND revoked_at IS NULL;
)sql"},
    {17, R"sql(
-- The subscription counts take the revoked registrations' records off the count of all records.
CREATE INDEX registrations_revoked ON registrations(id) WHERE revoked_at IS NOT NULL;
)sql"},
};

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int latestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

namespace {

// Every ENP node migrates under this lock (a fixed key: "ENP" and the schema table).
constexpr int64_t kMigrationLockKey = 0x454e50'0001;

int migrateLocked(sql::Connection& db) {
  const bool postgres = db.dialect() == sql::Dialect::kPostgres;
  db.exec(postgres ? "CREATE TABLE IF NOT EXISTS schema_migrations(version BIGINT PRIMARY KEY, "
                     "applied_at BIGINT NOT NULL)"
                   : "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
                     "applied_at INTEGER NOT NULL)");
  db.exec(
      "INSERT INTO schema_migrations(version, applied_at) VALUES (0, 0) ON CONFLICT DO NOTHING");
  int current = static_cast<int>(sql::queryInt64(db, "SELECT MAX(version) FROM schema_migrations"));
  if (current > latestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this ENP (" + std::to_string(latestSchemaVersion()) +
                             "): downgrade is not supported");
  }
  if (postgres && current == 0) {
    db.exec(kPostgresFunctions);
  }
  for (const auto& m : kMigrations) {
    if (m.version <= current) {
      continue;
    }
    sql::Transaction tx(db);
    db.exec(postgres ? postgresSchema(m.sql) : std::string(m.sql));
    sql::Statement ins(db, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)");
    ins.bind(1, m.version);
    ins.bind(2, static_cast<int64_t>(nowMs()));
    ins.exec();
    tx.commit();
    current = m.version;
  }
  return current;
}

}  // namespace

int migrate(sql::Connection& db) {
  if (db.dialect() != sql::Dialect::kPostgres) {
    return migrateLocked(db);
  }
  const std::string key = std::to_string(kMigrationLockKey);
  db.exec("SELECT pg_advisory_lock(" + key + ")");
  try {
    const int version = migrateLocked(db);
    db.exec("SELECT pg_advisory_unlock(" + key + ")");
    return version;
  } catch (...) {
    try {
      db.exec("SELECT pg_advisory_unlock(" + key + ")");
    } catch (...) {  // the connection is gone, and the lock with it
    }
    throw;
  }
}

}  // namespace enp
