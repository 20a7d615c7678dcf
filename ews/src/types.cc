#include "ews/types.h"

#include <array>
#include <utility>

namespace ews {
namespace {

constexpr std::array<std::pair<ServerVersion, const char*>, 7> kVersionNames = {{
    {ServerVersion::kExchange2007_SP1, "Exchange2007_SP1"},
    {ServerVersion::kExchange2010, "Exchange2010"},
    {ServerVersion::kExchange2010_SP1, "Exchange2010_SP1"},
    {ServerVersion::kExchange2010_SP2, "Exchange2010_SP2"},
    {ServerVersion::kExchange2013, "Exchange2013"},
    {ServerVersion::kExchange2013_SP1, "Exchange2013_SP1"},
    {ServerVersion::kExchange2016, "Exchange2016"},
}};

bool equalsIgnoreCase(const std::string& a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return i == a.size() && b[i] == '\0';
}

}  // namespace

const char* toString(ServerVersion v) {
  for (const auto& [version, name] : kVersionNames) {
    if (version == v) {
      return name;
    }
  }
  return "Exchange2013";
}

std::optional<ServerVersion> parseServerVersion(const std::string& name) {
  for (const auto& [version, known] : kVersionNames) {
    if (name == known) {
      return version;
    }
  }
  return std::nullopt;
}

bool hasPreview(ServerVersion v) { return v >= ServerVersion::kExchange2013; }

const char* toString(EventType t) {
  switch (t) {
    case EventType::kCopied:
      return "CopiedEvent";
    case EventType::kCreated:
      return "CreatedEvent";
    case EventType::kDeleted:
      return "DeletedEvent";
    case EventType::kModified:
      return "ModifiedEvent";
    case EventType::kMoved:
      return "MovedEvent";
    case EventType::kNewMail:
      return "NewMailEvent";
    case EventType::kStatus:
      return "StatusEvent";
    case EventType::kFreeBusyChanged:
      return "FreeBusyChangedEvent";
  }
  return "UnknownEvent";
}

std::string MailItem::smtpAddress() const {
  if (!senderSmtpAddress.empty()) {
    return senderSmtpAddress;
  }
  if (from.routingType.empty() || equalsIgnoreCase(from.routingType, "SMTP")) {
    return from.emailAddress;
  }
  return {};
}

}  // namespace ews
