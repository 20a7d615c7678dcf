#include "enp/pipeline/mailbox_hours_policy.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace enp {
namespace {

std::string utcMinute(int64_t ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(ms * 1000), "%Y-%m-%d %H:%M UTC");
}

}  // namespace

std::string applyMailboxHours(const Registration& registration, MailboxHoursStore& store,
                              rules::Policy* policy) {
  if (registration.workHoursFrom != WorkHoursFrom::kMailbox) {
    return "";
  }
  const Result<MailboxHours> hours = store.find(registration.mailbox);
  if (!hours.ok() && hours.error().code() != StatusCode::kNotFound) {
    return "work hours: the registration's (the mailbox's could not be looked up: " +
           hours.error().message() + ")";
  }
  if (!hours.ok() || hours->readAt == 0) {
    return "work hours: the registration's (the mailbox's have not been read from Exchange yet" +
           (hours.ok() && !hours->error.empty() ? ": " + hours->error : std::string()) + ")";
  }
  if (hours->state != MailboxHours::State::kFound) {
    return "work hours: the registration's (the mailbox has none set in Exchange, read " +
           utcMinute(hours->readAt) + ")";
  }
  policy->workHours.days = hours->days;
  policy->workHours.startMinute = hours->startMinute;
  policy->workHours.endMinute = hours->endMinute;
  std::string note = "work hours: the mailbox's in Exchange (read " + utcMinute(hours->readAt);
  if (hours->timeZone.empty()) {
    note += "; Exchange's time zone matched none known, so the registration's applies";
  } else {
    policy->timeZone = hours->timeZone;
  }
  return note + ")";
}

}  // namespace enp
