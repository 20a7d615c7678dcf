#include <array>
#include <charconv>
#include <string>

#include "base/utf8.h"
#include "ews/availability.h"
#include "fault.h"
#include "response_message.h"
#include "soap_names.h"

namespace ews {
namespace {

constexpr std::array<const char*, 7> kDayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

// Exchange's names for groups of days (DayOfWeekType); "Weekend" is read like WeekendDay.
uint8_t dayGroup(std::string_view name) {
  if (name == "Day") {
    return kAllDays;
  }
  if (name == "Weekday") {
    return kWeekdays;
  }
  if (name == "WeekendDay" || name == "Weekend") {
    return kWeekendDays;
  }
  return 0;
}

// Reads child {types}name of parent as an integer in [min, max]; writes a kParse Error naming
// the field otherwise.
bool readInt(const xml::Document& doc, const pugi::xml_node& parent, const char* name, int min,
             int max, int* out, std::optional<Error>* error) {
  const std::string text = xml::trimmedText(doc.child(parent, ns::kTypes, name));
  int value = 0;
  const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    *error = Error::parse("WorkingHours " + std::string(name) + " is not a number in " +
                          std::to_string(min) + ".." + std::to_string(max) + ": \"" +
                          text.substr(0, 40) + "\"");
    return false;
  }
  *out = value;
  return true;
}

// "02:00:00" or "02:00" -> seconds after midnight.
std::optional<int> parseTimeOfDay(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  while (count < 3) {
    const size_t colon = text.find(':');
    const std::string_view part = text.substr(0, colon);
    int v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || part.size() > 2 || ec != std::errc() || end != part.data() + part.size()) {
      return std::nullopt;
    }
    parts[count++] = v;
    if (colon == std::string_view::npos) {
      break;
    }
    text.remove_prefix(colon + 1);
  }
  if (count < 2 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) {
    return std::nullopt;
  }
  return (parts[0] * 60 + parts[1]) * 60 + parts[2];
}

std::optional<Error> readChange(const xml::Document& doc, const pugi::xml_node& node,
                                const char* what, TimeChange* out) {
  if (!node) {
    return Error::parse(std::string("WorkingHours TimeZone without ") + what);
  }
  std::optional<Error> error;
  if (!readInt(doc, node, "Bias", -1440, 1440, &out->biasMinutes, &error) ||
      !readInt(doc, node, "DayOrder", 0, 5, &out->dayOrder, &error) ||
      !readInt(doc, node, "Month", 0, 12, &out->month, &error)) {
    return error;
  }
  const std::string time = xml::trimmedText(doc.child(node, ns::kTypes, "Time"));
  const std::optional<int> seconds = parseTimeOfDay(time);
  if (!seconds) {
    return Error::parse(std::string("WorkingHours ") + what + " Time is not hh:mm:ss: \"" +
                        time.substr(0, 40) + "\"");
  }
  out->timeOfDaySeconds = *seconds;
  const std::string day = xml::trimmedText(doc.child(node, ns::kTypes, "DayOfWeek"));
  out->dayOfWeek = parseDayName(day);
  if (out->dayOfWeek < 0) {
    return Error::parse(std::string("WorkingHours ") + what + " DayOfWeek is no day: \"" +
                        day.substr(0, 40) + "\"");
  }
  return std::nullopt;
}

Result<WorkingPeriod> readPeriod(const xml::Document& doc, const pugi::xml_node& node) {
  WorkingPeriod p;
  std::optional<Error> error;
  if (!readInt(doc, node, "StartTimeInMinutes", 0, 1440, &p.startMinute, &error) ||
      !readInt(doc, node, "EndTimeInMinutes", 0, 1440, &p.endMinute, &error)) {
    return *error;
  }
  const std::string list = xml::trimmedText(doc.child(node, ns::kTypes, "DayOfWeek"));
  std::string_view rest = list;
  while (!rest.empty()) {
    const size_t start = rest.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(start);
    const size_t end = rest.find_first_of(" \t\r\n");
    const std::string_view token = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    const int day = parseDayName(token);
    if (day >= 0) {
      p.days |= static_cast<uint8_t>(1u << day);
    } else if (const uint8_t group = dayGroup(token)) {
      p.days |= group;
    } else {
      p.unknownDayNames.push_back(base::utf8::repair(token.substr(0, 64)));
    }
  }
  return p;
}

}  // namespace

int parseDayName(std::string_view name) {
  for (size_t i = 0; i < kDayNames.size(); ++i) {
    if (name == kDayNames[i]) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Result<std::optional<WorkingHours>> parseGetUserAvailabilityResponse(long httpStatus,
                                                                     std::string_view body) {
  xml::Document doc;
  const std::optional<Error> parseError = doc.parse(body);
  if (parseError || httpStatus != 200) {
    return detail::classifyParsed(httpStatus, doc, parseError);
  }
  const pugi::xml_node response = doc.soapBodyChild();
  if (!doc.is(response, ns::kMessages, "GetUserAvailabilityResponse")) {
    return detail::classifyParsed(httpStatus, doc, parseError);
  }
  const pugi::xml_node freeBusy =
      doc.child(doc.child(response, ns::kMessages, "FreeBusyResponseArray"), ns::kMessages,
                "FreeBusyResponse");
  if (!freeBusy) {
    return detail::answerError("GetUserAvailabilityResponse without FreeBusyResponse", httpStatus);
  }
  const pugi::xml_node message = doc.child(freeBusy, ns::kMessages, "ResponseMessage");
  const std::string responseClass = xml::trim(message.attribute("ResponseClass").value());
  if (message && responseClass != "Success" && responseClass != "Warning") {
    Error e = detail::messageError(doc, message);
    e.httpStatus = httpStatus;
    return e;
  }
  const pugi::xml_node hours =
      doc.child(doc.child(freeBusy, ns::kMessages, "FreeBusyView"), ns::kTypes, "WorkingHours");
  if (!hours) {
    return std::optional<WorkingHours>();
  }
  WorkingHours out;
  const pugi::xml_node zone = doc.child(hours, ns::kTypes, "TimeZone");
  std::optional<Error> error;
  if (!zone) {
    error = Error::parse("WorkingHours without TimeZone");
  } else if (readInt(doc, zone, "Bias", -1440, 1440, &out.timeZone.biasMinutes, &error)) {
    error = readChange(doc, doc.child(zone, ns::kTypes, "StandardTime"), "StandardTime",
                       &out.timeZone.standard);
    if (!error) {
      error = readChange(doc, doc.child(zone, ns::kTypes, "DaylightTime"), "DaylightTime",
                         &out.timeZone.daylight);
    }
  }
  if (error) {
    error->httpStatus = httpStatus;
    detail::repairText(*error);
    return *error;
  }
  for (const pugi::xml_node& p : doc.child(hours, ns::kTypes, "WorkingPeriodArray").children()) {
    if (doc.is(p, ns::kTypes, "WorkingPeriod")) {
      Result<WorkingPeriod> period = readPeriod(doc, p);
      if (!period) {
        Error e = period.error();
        e.httpStatus = httpStatus;
        detail::repairText(e);
        return e;
      }
      out.periods.push_back(std::move(period).value());
    }
  }
  return std::optional<WorkingHours>(std::move(out));
}

}  // namespace ews
