#include "enp/store/mailbox_hours_store.h"

#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// The record's columns, in readRecord()'s order.
#define ENP_MAILBOX_HOURS_COLUMNS                                                    \
  "h.mailbox, h.state, h.time_zone, h.days, h.start_minute, h.end_minute, h.notes, " \
  "h.error, h.read_at, h.next_read_at, h.attempts"

MailboxHours::State parseState(const std::string& text) {
  if (text == "found") {
    return MailboxHours::State::kFound;
  }
  if (text == "none") {
    return MailboxHours::State::kNone;
  }
  return MailboxHours::State::kFailed;
}

MailboxHours readRecord(sql::Statement& q, int first) {
  MailboxHours h;
  h.mailbox = q.getColumn(first).getString();
  h.state = parseState(q.getColumn(first + 1).getString());
  h.timeZone = q.getColumn(first + 2).getString();
  h.days = static_cast<uint8_t>(q.getColumn(first + 3).getInt() & 0x7F);
  h.startMinute = q.getColumn(first + 4).getInt();
  h.endMinute = q.getColumn(first + 5).getInt();
  h.notes = q.getColumn(first + 6).getString();
  h.error = q.getColumn(first + 7).getString();
  h.readAt = q.getColumn(first + 8).getInt64();
  h.nextReadAt = q.getColumn(first + 9).getInt64();
  h.attempts = q.getColumn(first + 10).getInt();
  return h;
}

}  // namespace

const char* toString(MailboxHours::State state) {
  switch (state) {
    case MailboxHours::State::kFound:
      return "found";
    case MailboxHours::State::kNone:
      return "none";
    case MailboxHours::State::kFailed:
      break;
  }
  return "failed";
}

Result<std::vector<std::pair<std::string, std::optional<MailboxHours>>>> MailboxHoursStore::due(
    int64_t nowMs, int limit) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT DISTINCT r.mailbox, " ENP_MAILBOX_HOURS_COLUMNS
                   ", COALESCE(h.next_read_at, -1) AS due_at FROM registrations r "
                   "LEFT JOIN mailbox_hours h ON h.mailbox = r.mailbox "
                   "WHERE r.revoked_at IS NULL AND r.work_hours_from = 'mailbox' AND "
                   "(h.mailbox IS NULL OR h.next_read_at <= ?) ORDER BY due_at, r.mailbox LIMIT ?");
  q.bind(1, nowMs);
  q.bind(2, limit);
  std::vector<std::pair<std::string, std::optional<MailboxHours>>> out;
  while (q.executeStep()) {
    std::optional<MailboxHours> record;
    if (!q.getColumn(1).isNull()) {
      record = readRecord(q, 1);
    }
    out.emplace_back(q.getColumn(0).getString(), std::move(record));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading due mailbox hours: ") + e.what());
}

Status MailboxHoursStore::save(const MailboxHours& h) {
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "INSERT INTO mailbox_hours(mailbox, state, time_zone, days, start_minute, end_minute, "
        "notes, error, read_at, next_read_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(mailbox) DO UPDATE SET state = excluded.state, time_zone = "
        "excluded.time_zone, days = excluded.days, start_minute = excluded.start_minute, "
        "end_minute = excluded.end_minute, notes = excluded.notes, error = excluded.error, "
        "read_at = excluded.read_at, next_read_at = excluded.next_read_at, attempts = "
        "excluded.attempts");
    q.bind(1, h.mailbox);
    q.bind(2, toString(h.state));
    q.bind(3, h.timeZone);
    q.bind(4, static_cast<int>(h.days));
    q.bind(5, h.startMinute);
    q.bind(6, h.endMinute);
    q.bind(7, h.notes);
    q.bind(8, h.error);
    q.bind(9, h.readAt);
    q.bind(10, h.nextReadAt);
    q.bind(11, h.attempts);
    q.exec();
  });
  if (!written.ok()) {
    return Status::store("saving the hours of " + h.mailbox + ": " + written.message());
  }
  return Status();
}

Result<MailboxHours> MailboxHoursStore::find(const std::string& mailbox) try {
  auto g = db_.reader();
  sql::Statement& q =
      db_.cachedRead("SELECT " ENP_MAILBOX_HOURS_COLUMNS " FROM mailbox_hours h WHERE mailbox = ?");
  q.bind(1, mailbox);
  std::optional<MailboxHours> h;
  if (q.executeStep()) {
    h = readRecord(q, 0);
  }
  q.reset();  // ends the read transaction
  if (!h) {
    return Status::notFound("the hours of " + mailbox + " were never read");
  }
  return std::move(*h);
} catch (const std::exception& e) {
  return Status::store("reading the hours of " + mailbox + ": " + e.what());
}

Status MailboxHoursStore::recheck(const std::string& mailbox) {
  const Status written = db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached("UPDATE mailbox_hours SET next_read_at = 0 WHERE mailbox = ?");
    q.bind(1, mailbox);
    q.exec();
  });
  if (!written.ok()) {
    return Status::store("rechecking the hours of " + mailbox + ": " + written.message());
  }
  return Status();
}

}  // namespace enp
