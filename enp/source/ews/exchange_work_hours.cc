#include "enp/source/ews/exchange_work_hours.h"

#include <date/tz.h>

#include <algorithm>
#include <set>

#include "ews/date_time.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr int64_t kMinuteMs = 60'000;

int64_t toMs(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// The instants at which a zone must agree with the description.
std::vector<int64_t> probes(const ews::TimeZoneDescription& d, int year) {
  std::vector<int64_t> at;
  for (int month = 1; month <= 12; ++month) {
    at.push_back((ews::daysFromCivil(year, month, 15) * 24 + 12) * 3'600'000);
  }
  if (d.observesDaylightTime()) {
    const int standard = -(d.biasMinutes + d.standard.biasMinutes);
    const int daylight = -(d.biasMinutes + d.daylight.biasMinutes);
    for (int64_t change : {ews::TimeZoneDescription::changeInstantMs(d.daylight, year, standard),
                           ews::TimeZoneDescription::changeInstantMs(d.standard, year, daylight)}) {
      at.push_back(change - kMinuteMs);
      at.push_back(change + kMinuteMs);
    }
  }
  return at;
}

bool agrees(const date::time_zone& zone, const ews::TimeZoneDescription& d,
            const std::vector<int64_t>& instants) {
  for (int64_t ms : instants) {
    const date::sys_seconds t{std::chrono::seconds(ms / 1000)};
    const auto offset = std::chrono::duration_cast<std::chrono::minutes>(zone.get_info(t).offset);
    if (offset.count() != d.utcOffsetMinutesAt(ms)) {
      return false;
    }
  }
  return true;
}

std::string describeDays(uint8_t days) {
  static const char* kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::string out;
  for (int i = 0; i < 7; ++i) {
    if (days & (1u << i)) {
      out += out.empty() ? "" : ",";
      out += kNames[i];
    }
  }
  return out;
}

}  // namespace

std::string matchZone(const ews::TimeZoneDescription& description, const rules::ZoneDb& zones,
                      system_clock::time_point at, const std::string& preferredZone) {
  const int64_t atMs = toMs(at);
  const int year = ews::civilFromDays(atMs >= 0 ? atMs / 86'400'000 : -1).year;
  const std::vector<int64_t> instants = probes(description, year);
  std::vector<std::string> candidates;
  if (!preferredZone.empty()) {
    candidates.push_back(preferredZone);
  }
  const std::vector<std::string> windows = zones.windowsZoneNames();
  candidates.insert(candidates.end(), windows.begin(), windows.end());
  std::set<const date::time_zone*> tried;
  for (const std::string& name : candidates) {
    const date::time_zone* zone = zones.find(name);
    if (zone == nullptr || !tried.insert(zone).second) {
      continue;
    }
    try {
      if (agrees(*zone, description, instants)) {
        return std::string(zone->name());
      }
    } catch (const std::exception&) {
      // A zone date-tz cannot evaluate is no candidate.
    }
  }
  return {};
}

Result<ExchangeWorkHours> toExchangeWorkHours(const ews::WorkingHours& hours,
                                              const rules::ZoneDb& zones,
                                              system_clock::time_point at,
                                              const std::string& preferredZone) {
  ExchangeWorkHours out;
  uint8_t days = 0;
  int start = 1440;
  int end = 0;
  bool differ = false;
  const ews::WorkingPeriod* first = nullptr;
  for (const ews::WorkingPeriod& p : hours.periods) {
    for (const std::string& unknown : p.unknownDayNames) {
      out.notes.push_back("unknown day name \"" + unknown + "\" in Exchange's working hours");
    }
    if (p.days == 0) {
      continue;
    }
    if (first != nullptr &&
        (p.startMinute != first->startMinute || p.endMinute != first->endMinute)) {
      differ = true;
    }
    first = first == nullptr ? &p : first;
    days |= p.days;
    start = std::min(start, p.startMinute);
    end = std::max(end, p.endMinute);
  }
  if (first == nullptr) {
    return Status::invalid("Exchange's working hours name no known day");
  }
  if (differ) {
    out.notes.push_back("working periods have different hours; used " + describeDays(days) + " " +
                        rules::formatClockTime(start % 1440) + "-" +
                        rules::formatClockTime(end % 1440) + " for all of them");
  }
  out.workHours.days = days;
  out.workHours.startMinute = start % 1440;
  out.workHours.endMinute = end % 1440;
  out.timeZone = matchZone(hours.timeZone, zones, at, preferredZone);
  if (out.timeZone.empty()) {
    out.notes.push_back("no time zone follows Exchange's rules (bias " +
                        std::to_string(hours.timeZone.biasMinutes) + " minutes)");
  }
  return out;
}

MailboxHoursRead convertWorkingHours(const WorkingHoursRead& read, const rules::ZoneDb& zones,
                                     system_clock::time_point at,
                                     const std::string& preferredZone) {
  if (!read.ok()) {
    return read.error();
  }
  if (!read->has_value()) {
    return std::optional<MailboxWorkHours>();
  }
  Result<ExchangeWorkHours> converted = toExchangeWorkHours(**read, zones, at, preferredZone);
  if (!converted.ok()) {
    MailboxWorkHours none;  // no day named: none set
    none.notes = {converted.error().message()};
    return std::optional(std::move(none));
  }
  return std::optional(std::move(*converted));
}

MailboxHours afterRead(const std::string& mailbox, const std::optional<MailboxHours>& previous,
                       const WorkingHoursRead& read, const rules::ZoneDb& zones, int64_t nowMs,
                       milliseconds refresh, milliseconds retry) {
  const MailboxHoursRead converted =
      convertWorkingHours(read, zones, system_clock::time_point(milliseconds(nowMs)),
                          previous ? previous->timeZone : "");
  return afterRead(mailbox, previous, converted, nowMs, refresh, retry);
}

std::function<MailboxHoursRead(const Settings&, const std::string&, const std::string&)>
ewsHoursRead(EwsHoursRead read, const rules::ZoneDb& zones, const Clock& clock) {
  return
      [read = std::move(read), &zones, &clock](const Settings& settings, const std::string& mailbox,
                                               const std::string& previousZone) {
        const ExchangeServer* server = settings.serverFor(mailbox);
        if (server == nullptr) {
          return MailboxHoursRead(Status::unavailable("no Exchange server is configured for " +
                                                      mailbox.substr(mailbox.find('@') + 1)));
        }
        return convertWorkingHours(read(*server, mailbox), zones, clock.now(), previousZone);
      };
}

}  // namespace enp
