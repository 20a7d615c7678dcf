#include "enp/source/graph/graph_work_hours.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <date/tz.h>

#include <array>
#include <cstdio>

#include "enp/common/log_text.h"

namespace enp {
namespace {

constexpr std::array<const char*, 7> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday"};

// Minutes after midnight of "HH:MM:SS.fffffff"; -1 when it is not a time of day.
int minutesOf(const std::string& text) {
  int hours = -1, minutes = -1;
  if (std::sscanf(text.c_str(), "%2d:%2d", &hours, &minutes) != 2 || hours < 0 || hours > 23 ||
      minutes < 0 || minutes > 59) {
    return -1;
  }
  return hours * 60 + minutes;
}

}  // namespace

MailboxHoursRead parseGraphWorkingHours(const std::string& json, const rules::ZoneDb& zones) {
  Poco::JSON::Object::Ptr o;
  try {
    o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return Status::invalid("Graph's workingHours answer is not JSON");
  }
  if (!o) {
    return Status::invalid("Graph's workingHours answer is not an object");
  }
  MailboxWorkHours out;
  try {
    if (o->has("daysOfWeek") && !o->getArray("daysOfWeek")) {
      return Status::invalid("Graph's workingHours has no daysOfWeek array");
    }
    if (auto days = o->getArray("daysOfWeek")) {
      for (size_t i = 0; i < days->size(); ++i) {
        const std::string day = Poco::toLower(days->getElement<std::string>(i));
        bool known = false;
        for (size_t d = 0; d < kDays.size(); ++d) {
          if (day == kDays[d]) {
            out.workHours.days = static_cast<uint8_t>(out.workHours.days | (1u << d));
            known = true;
          }
        }
        if (!known) {
          out.notes.push_back("Unknown day '" + forLog(day, 32) + "' left out.");
        }
      }
    }
    if (out.workHours.days == 0) {
      return std::optional<MailboxWorkHours>();  // none set
    }
    const int start = minutesOf(o->optValue<std::string>("startTime", ""));
    const std::string endText = o->optValue<std::string>("endTime", "");
    int end = minutesOf(endText);
    if (start < 0 || end < 0) {
      return Status::invalid("Graph's workingHours has no startTime or endTime");
    }
    if (end == 23 * 60 + 59 && endText.rfind("23:59:59", 0) == 0) {
      end = 0;  // "until the end of the day"
    }
    out.workHours.startMinute = start;
    out.workHours.endMinute = end;
    std::string zone;
    if (auto tz = o->getObject("timeZone")) {
      zone = tz->optValue<std::string>("name", "");
    }
    if (const date::time_zone* found = zone.empty() ? nullptr : zones.find(zone)) {
      out.timeZone = std::string(found->name());
    } else {
      out.notes.push_back("Time zone '" + forLog(zone, 64) +
                          "' is not known: the registration's time zone applies.");
    }
  } catch (const std::exception&) {
    return Status::invalid("Graph's workingHours answer has members of the wrong type");
  }
  return std::optional(std::move(out));
}

}  // namespace enp
