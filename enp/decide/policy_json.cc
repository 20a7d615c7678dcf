#include "enp/decide/policy_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <unordered_set>

#include "base/utf8.h"
#include "enp/common/log_text.h"
#include "rules/local_time.h"

namespace enp {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// At most this much of a value given in the input is quoted in a message.
constexpr size_t kQuotedMax = 64;

const char* const kPolicyFields[] = {"timeZone",      "workHours", "workHoursOnly", "weekendAlerts",
                                     "vipAfterHours", "vips",      "detailed"};
const char* const kWorkHoursFields[] = {"days", "start", "end"};
const char* const kMailFields[] = {"senderAddress", "senderRoutingType", "senderSmtpAddress",
                                   "senderName",    "subject",           "snippet",
                                   "received",      "importance",        "itemClass"};

// A member of obj that is neither in `known` nor in `others` is an error naming it (escaped and
// cut: the name comes from the input).
template <size_t N>
bool checkFields(const Object& obj, const std::string& path, const char* const (&known)[N],
                 const std::vector<std::string>& others, std::string* error) {
  for (const auto& [name, value] : obj) {
    if (std::find(std::begin(known), std::end(known), name) != std::end(known) ||
        std::find(others.begin(), others.end(), name) != others.end()) {
      continue;
    }
    std::string expected;
    for (size_t i = 0; i < N; ++i) {
      expected += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + known[i];
    }
    *error = path + forLog(name, kQuotedMax) + ": unknown field (expected " + expected + ")";
    return false;
  }
  return true;
}

// Text from outside: valid UTF-8 without control characters, except in the surrounding
// whitespace that is trimmed anyway (a tab pasted with an address).
bool checkText(const std::string& text, const std::string& path, std::string* error) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return true;
  }
  const size_t last = text.find_last_not_of(" \t\r\n");
  const std::string problem = base::utf8::textProblem(
      std::string_view(text).substr(first, last - first + 1), base::utf8::Text::kLine, first);
  if (!problem.empty()) {
    *error = path + ": " + problem;
    return false;
  }
  return true;
}

std::string quoted(const std::string& text) {
  const std::string s = forLog(text, kQuotedMax);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// How a JSON value reads in a message: "9:00" (quoted), 9, true, null, an object, an array.
std::string describe(const Var& value) {
  if (value.isEmpty()) {
    return "null";
  }
  if (value.type() == typeid(Object::Ptr)) {
    return "an object";
  }
  if (value.type() == typeid(Array::Ptr)) {
    return "an array";
  }
  if (value.isString()) {
    return quoted(value.extract<std::string>());
  }
  return value.toString();
}

bool present(const Object& obj, const std::string& key) {
  return obj.has(key) && !obj.get(key).isEmpty();
}

bool readBool(const Object& obj, const std::string& key, bool* out, std::string* error) {
  if (!present(obj, key)) {
    return true;
  }
  const Var value = obj.get(key);
  if (!value.isBoolean()) {
    *error = key + ": expected true or false, got " + describe(value);
    return false;
  }
  *out = value.extract<bool>();
  return true;
}

bool readString(const Object& obj, const std::string& key, const std::string& path,
                std::string* out, std::string* error) {
  if (!present(obj, key)) {
    return true;
  }
  const Var value = obj.get(key);
  if (!value.isString()) {
    *error = path + ": expected a string, got " + describe(value);
    return false;
  }
  *out = value.extract<std::string>();
  return true;
}

bool readClock(const Object& obj, const std::string& key, int* minute, std::string* error) {
  const std::string path = "workHours." + key;
  if (!present(obj, key)) {
    return true;
  }
  const Var value = obj.get(key);
  if (!value.isString() || !rules::parseClockTime(value.extract<std::string>(), minute)) {
    *error = path + ": expected HH:MM, got " + describe(value);
    return false;
  }
  return true;
}

bool readWorkHours(const Object& obj, const PolicyInput& input, rules::WorkHours* hours,
                   std::string* error) {
  if (!present(obj, "workHours")) {
    return true;
  }
  const Object::Ptr wh = obj.getObject("workHours");
  if (wh.isNull()) {
    *error = "workHours: expected an object with days, start and end, got " +
             describe(obj.get("workHours"));
    return false;
  }
  if (!checkFields(*wh, "workHours.", kWorkHoursFields, {}, error)) {
    return false;
  }
  if (present(*wh, "days")) {
    const Array::Ptr days = wh->getArray("days");
    if (days.isNull()) {
      *error = "workHours.days: expected an array such as [\"mon\", \"tue\"], got " +
               describe(wh->get("days"));
      return false;
    }
    if (input.limits && days->size() > kMaxWorkDays) {
      *error = "workHours.days: at most " + std::to_string(kMaxWorkDays) + " entries, got " +
               std::to_string(days->size());
      return false;
    }
    hours->days = 0;
    for (unsigned i = 0; i < days->size(); ++i) {
      const Var day = days->get(i);
      int weekday = 0;
      if (!day.isString() || !rules::parseWeekday(day.extract<std::string>(), &weekday)) {
        *error = "workHours.days[" + std::to_string(i) +
                 "]: expected mon, tue, wed, thu, fri, sat or sun, got " + describe(day);
        return false;
      }
      hours->days = static_cast<uint8_t>(hours->days | (1U << weekday));
    }
  }
  return readClock(*wh, "start", &hours->startMinute, error) &&
         readClock(*wh, "end", &hours->endMinute, error);
}

bool readVips(const Object& obj, const PolicyInput& input, std::vector<std::string>* vips,
              std::string* error) {
  if (!present(obj, "vips")) {
    return true;
  }
  const Array::Ptr list = obj.getArray("vips");
  if (list.isNull()) {
    *error =
        "vips: expected an array of addresses or @domain entries, got " + describe(obj.get("vips"));
    return false;
  }
  if (input.limits && list->size() > kMaxVips) {
    *error = "vips: at most " + std::to_string(kMaxVips) + " entries, got " +
             std::to_string(list->size());
    return false;
  }
  vips->clear();
  std::unordered_set<std::string> seen;
  for (unsigned i = 0; i < list->size(); ++i) {
    const Var entry = list->get(i);
    const std::string path = "vips[" + std::to_string(i) + "]";
    if (!entry.isString()) {
      *error = path + ": expected a string, got " + describe(entry);
      return false;
    }
    const std::string& text = entry.extract<std::string>();
    if (input.limits && text.size() > kMaxVipLength) {
      *error = path + ": at most " + std::to_string(kMaxVipLength) + " bytes, got " +
               std::to_string(text.size());
      return false;
    }
    if (input.limits && !checkText(text, path, error)) {
      return false;
    }
    std::string problem;
    std::string normal = rules::normalizeVip(text, &problem);
    if (normal.empty()) {
      *error = path + ": " + problem;
      return false;
    }
    if (seen.insert(normal).second) {  // First occurrence kept, in order.
      vips->push_back(std::move(normal));
    }
  }
  return true;
}

}  // namespace

Result<rules::Policy> policyFromJson(const Object& obj, const rules::ZoneDb& zones) {
  PolicyInput stored;
  stored.limits = false;
  stored.workDayForWorkHoursOnly = false;
  return policyFromJson(obj, zones, stored);
}

// The readers above report through *error; the public functions turn it into a Status.
Result<rules::Policy> policyFromJson(const Object& obj, const rules::ZoneDb& zones,
                                     const PolicyInput& input) {
  std::string problem;
  std::string* error = &problem;
  if (!checkFields(obj, "", kPolicyFields, input.otherFields, error)) {
    return Status::invalid(problem);
  }
  rules::Policy policy;
  if (!readString(obj, "timeZone", "timeZone", &policy.timeZone, error)) {
    return Status::invalid(problem);
  }
  if (input.limits && policy.timeZone.size() > kMaxTimeZoneLength) {
    return Status::invalid("timeZone: at most " + std::to_string(kMaxTimeZoneLength) +
                           " bytes, got " + std::to_string(policy.timeZone.size()));
  }
  if (input.limits && !checkText(policy.timeZone, "timeZone", error)) {
    return Status::invalid(problem);
  }
  if (!readWorkHours(obj, input, &policy.workHours, error) ||
      !readBool(obj, "workHoursOnly", &policy.workHoursOnly, error) ||
      !readBool(obj, "weekendAlerts", &policy.weekendAlerts, error) ||
      !readBool(obj, "vipAfterHours", &policy.vipAfterHours, error) ||
      !readBool(obj, "detailed", &policy.detailed, error) ||
      !readVips(obj, input, &policy.vips, error)) {
    return Status::invalid(problem);
  }
  if (input.workDayForWorkHoursOnly && policy.workHoursOnly && policy.workHours.days == 0) {
    return Status::invalid(
        "workHours.days: at least one work day is needed when workHoursOnly is "
        "true");
  }
  const size_t first = policy.timeZone.find_first_not_of(" \t\r\n");
  const size_t last = policy.timeZone.find_last_not_of(" \t\r\n");
  policy.timeZone =
      first == std::string::npos ? "" : policy.timeZone.substr(first, last - first + 1);
  if (!rules::validatePolicy(policy, zones, error)) {
    return Status::invalid(problem);
  }
  return policy;
}

Status checkRegistrationDefaults(const std::string& json, const std::string& path,
                                 const rules::ZoneDb& zones) {
  Object::Ptr obj;
  try {
    obj = Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
  } catch (const std::exception&) {
  }
  if (!obj) {
    return Status::invalid(path + ": expected an object");
  }
  Result<rules::Policy> policy = policyFromJson(*obj, zones, PolicyInput{});
  if (!policy.ok()) {
    return Status::invalid(path + "." + policy.error().message());
  }
  return Status();
}

Object::Ptr workHoursToJson(const rules::WorkHours& workHours) {
  Object::Ptr hours = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Array::Ptr days = new Array();
  for (int i = 1; i <= 7; ++i) {
    if ((workHours.days >> (i % 7)) & 1U) {
      days->add(std::string(rules::weekdayKey(i % 7)));
    }
  }
  hours->set("days", days);
  hours->set("start", rules::formatClockTime(workHours.startMinute));
  hours->set("end", rules::formatClockTime(workHours.endMinute));
  return hours;
}

Object::Ptr policyToJson(const rules::Policy& policy) {
  Object::Ptr obj = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  obj->set("timeZone", policy.timeZone);
  obj->set("workHours", workHoursToJson(policy.workHours));
  obj->set("workHoursOnly", policy.workHoursOnly);
  obj->set("weekendAlerts", policy.weekendAlerts);
  obj->set("vipAfterHours", policy.vipAfterHours);
  Array::Ptr vips = new Array();
  for (const std::string& vip : policy.vips) {
    vips->add(vip);
  }
  obj->set("vips", vips);
  obj->set("detailed", policy.detailed);
  return obj;
}

Result<rules::MailMeta> mailFromJson(const Object& obj) {
  std::string problem;
  std::string* error = &problem;
  if (!checkFields(obj, "", kMailFields, {}, error)) {
    return Status::invalid(problem);
  }
  rules::MailMeta mail;
  std::string routingType;
  std::string smtpAddress;
  if (!readString(obj, "senderAddress", "senderAddress", &mail.senderAddress, error) ||
      !readString(obj, "senderRoutingType", "senderRoutingType", &routingType, error) ||
      !readString(obj, "senderSmtpAddress", "senderSmtpAddress", &smtpAddress, error) ||
      !readString(obj, "senderName", "senderName", &mail.senderName, error) ||
      !readString(obj, "subject", "subject", &mail.subject, error) ||
      !readString(obj, "snippet", "snippet", &mail.snippet, error) ||
      !readString(obj, "received", "received", &mail.received, error) ||
      !readString(obj, "importance", "importance", &mail.importance, error) ||
      !readString(obj, "itemClass", "itemClass", &mail.itemClass, error)) {
    return Status::invalid(problem);
  }
  if (routingType != "" && routingType != "SMTP" && routingType != "EX") {
    return Status::invalid("senderRoutingType: expected SMTP or EX, got " + quoted(routingType));
  }
  if (!smtpAddress.empty()) {
    mail.senderAddress = smtpAddress;  // What VIPs match on, also for internal EX senders.
  }
  std::chrono::system_clock::time_point ignored;
  std::string instantProblem;
  if (!mail.received.empty() && !rules::parseInstant(mail.received, &ignored, &instantProblem)) {
    return Status::invalid("received: " + instantProblem);
  }
  if (mail.importance != "" && mail.importance != "Low" && mail.importance != "Normal" &&
      mail.importance != "High") {
    return Status::invalid("importance: expected Low, Normal or High, got " +
                           quoted(mail.importance));
  }
  return mail;
}

Object::Ptr decisionToJson(const rules::Decision& decision) {
  Object::Ptr obj = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  obj->set("deliver", decision.deliver);
  obj->set("decision", decision.deliver ? "deliver" : "suppress");
  obj->set("rule", rules::toString(decision.rule));
  obj->set("zone", decision.zone);
  obj->set("localTime", decision.localTime);
  obj->set("reason", decision.reason);
  return obj;
}

}  // namespace enp
