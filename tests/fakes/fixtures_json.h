#pragma once

// Fixture files for the fake Exchange (used by the fake-exchange program and by tests):
//
// {
//   "serviceAccount": {"user": "svc-enp@contoso.com", "password": "..."},   (optional)
//   "impersonationAllowed": ["alice@contoso.com"],                          (optional; default all)
//   "mailboxes": [
//     {"smtp": "alice@contoso.com",
//      "items": [{"id": "AAMk...", "changeKey": "CQAAAA==", "kind": "message" | "meetingRequest",
//                 "itemClass": "IPM.Note",
//                 "from": {"name": "Bob", "emailAddress": "/O=CONTOSO/...", "routingType": "EX"},
//                 "sender": {...}, "senderSmtpAddress": "bob@contoso.com",
//                 "subject": "...", "body": "...", "preview": "...",
//                 "received": "2024-03-05T09:15:00Z", "importance": "High"}],
//      "workingHours": {"bias": -60,                       (optional; UTC = local + bias)
//                       "periods": [{"days": "Monday Tuesday", "start": 480, "end": 1020}]}}]
// }

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fake_mailbox.h"

namespace fakes {

struct Fixtures {
  std::optional<std::string> user;
  std::optional<std::string> password;
  std::optional<std::vector<std::string>> impersonationAllowed;
  /// (mailbox SMTP address, its items), in file order.
  std::vector<std::pair<std::string, std::vector<FakeItem>>> mailboxes;
  /// (mailbox, its working hours) for the mailboxes that have some.
  std::vector<std::pair<std::string, FakeWorkingHours>> workingHours;
};

/// Parses a fixtures document; throws std::runtime_error naming the offending field.
Fixtures parseFixturesJson(const std::string& json);

/// Reads and parses a fixtures file; throws std::runtime_error.
Fixtures loadFixturesFile(const std::string& path);

}  // namespace fakes
