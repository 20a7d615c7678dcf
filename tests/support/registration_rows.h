#pragma once

// Registration rows written straight into a test database, for tests of the stores and the
// subscription keeper that need registrations but not the registration API.

#include <cstdint>
#include <string>

#include "enp/store/database.h"
#include "enp/store/sql/statement.h"

namespace testsupport {

struct RegistrationRow {
  std::string id;
  std::string mailbox;  ///< "" = "<id>@contoso.com".
  int64_t createdAt = 1;
  int64_t lastSeenAt = 0;  ///< 0 = never heard from.
  std::string lastWatermark;
  bool revoked = false;
  std::string workHoursFrom = "registration";
};

inline void addRegistrationRow(enp::Database& db, const RegistrationRow& r) {
  auto g = db.writer();
  enp::sql::Statement q(
      g.db,
      "INSERT INTO registrations(id, mailbox, device_token, platform, policy, "
      "callback_hash, secret_hash, key_label, created_at, updated_at, "
      "revoked_at, last_seen_at, last_watermark, work_hours_from) "
      "VALUES (?, ?, 'device', 'ios', '{}', ?, 'secret', 'key', ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.id);
  q.bind(2, r.mailbox.empty() ? r.id + "@contoso.com" : r.mailbox);
  q.bind(3, "hash-" + r.id);
  q.bind(4, r.createdAt);
  q.bind(5, r.createdAt);
  if (r.revoked) {
    q.bind(6, r.createdAt);
  }
  if (r.lastSeenAt != 0) {
    q.bind(7, r.lastSeenAt);
  }
  if (!r.lastWatermark.empty()) {
    q.bind(8, r.lastWatermark);
  }
  q.bind(9, r.workHoursFrom);
  q.exec();
}

}  // namespace testsupport
