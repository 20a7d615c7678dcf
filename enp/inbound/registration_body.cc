#include "enp/inbound/registration_body.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include "base/utf8.h"
#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/decide/policy_json.h"

namespace enp {

bool isMailboxAddress(const std::string& s) {
  auto at = s.find('@');
  if (s.size() > kMaxMailboxLength || at == std::string::npos || at == 0 || at + 1 >= s.size() ||
      s.find('@', at + 1) != std::string::npos) {
    return false;
  }
  for (unsigned char c : s) {
    if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' || c == ',') {
      return false;
    }
  }
  return s.find('.', at) != std::string::npos;
}

namespace {

Status limit(const std::string& value, size_t max, const std::string& field) {
  if (value.size() > max) {
    return Status::invalid(field + ": at most " + std::to_string(max) + " bytes");
  }
  return Status();
}

Result<AccountBody> parseAccount(const Poco::JSON::Object& o) {
  ENP_RETURN_IF_ERROR(
      json::checkFields(o, "account", {"server", "username", "password", "folder"}));
  AccountBody a;
  ENP_RETURN_IF_ERROR(json::getString(o, "server", "account", &a.server));
  ENP_RETURN_IF_ERROR(json::getString(o, "username", "account", &a.username));
  ENP_RETURN_IF_ERROR(json::getString(o, "password", "account", &a.password));
  ENP_RETURN_IF_ERROR(json::getString(o, "folder", "account", &a.folder));
  a.server = Poco::trim(a.server);
  a.username = Poco::trim(a.username);
  a.folder = Poco::trim(a.folder);
  if (a.server.empty()) {
    return Status::invalid("account.server: required (the name of a configured mail server)");
  }
  if (a.username.empty()) {
    return Status::invalid("account.username: required");
  }
  if (a.folder.empty()) {
    a.folder = "INBOX";
  }
  ENP_RETURN_IF_ERROR(limit(a.username, kMaxAccountUsernameLength, "account.username"));
  ENP_RETURN_IF_ERROR(limit(a.password, kMaxAccountPasswordLength, "account.password"));
  ENP_RETURN_IF_ERROR(limit(a.folder, kMaxAccountFolderLength, "account.folder"));
  return a;
}

}  // namespace

Result<RegistrationBody> parseRegistrationBody(const std::string& text, const rules::ZoneDb& zones,
                                               const std::string& defaultsJson) {
  // Poco's parser refuses invalid UTF-8 too, but without saying so.
  if (!base::utf8::isValid(text)) {
    return Status::invalid("body: " + base::utf8::invalidProblem(text));
  }
  Poco::JSON::Object::Ptr obj;
  try {
    Poco::JSON::Parser parser;
    obj = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return Status::invalid("body: expected a JSON object");
  }
  if (!obj) {
    return Status::invalid("body: expected a JSON object");
  }
  RegistrationBody b;
  b.platform = "ios";
  ENP_RETURN_IF_ERROR(json::getString(*obj, "mailbox", "", &b.mailbox));
  ENP_RETURN_IF_ERROR(json::getString(*obj, "deviceToken", "", &b.deviceToken));
  ENP_RETURN_IF_ERROR(json::getString(*obj, "platform", "", &b.platform));
  std::string hoursFrom = "registration";
  ENP_RETURN_IF_ERROR(json::getString(*obj, "workHoursFrom", "", &hoursFrom));
  if (const auto from = parseWorkHoursFrom(hoursFrom)) {
    b.workHoursFrom = *from;
  } else {
    return Status::invalid("workHoursFrom: expected \"registration\" or \"mailbox\", got '" +
                           forLog(hoursFrom, 64) + "'");
  }
  Poco::JSON::Object::Ptr account;
  ENP_RETURN_IF_ERROR(json::getObject(*obj, "account", "", &account));
  if (account) {
    Result<AccountBody> a = parseAccount(*account);
    if (!a.ok()) {
      return a.error();
    }
    if (b.workHoursFrom == WorkHoursFrom::kMailbox) {
      return Status::invalid(
          "workHoursFrom: \"mailbox\" reads working hours from Exchange; a mail account has "
          "none: use \"registration\"");
    }
    b.account = std::move(*a);
  }
  b.mailbox = Poco::toLower(Poco::trim(b.mailbox));
  if (!isMailboxAddress(b.mailbox)) {
    return Status::invalid("mailbox: expected an SMTP address, got '" + forLog(b.mailbox, 64) +
                           "'");
  }
  if (b.deviceToken.empty() || b.deviceToken.size() > kMaxDeviceTokenLength) {
    return Status::invalid("deviceToken: required (at most " +
                           std::to_string(kMaxDeviceTokenLength) + " bytes)");
  }
  b.platform = Poco::toLower(b.platform);
  if (b.platform != "ios" && b.platform != "android") {
    return Status::invalid("platform: expected ios or android, got '" + forLog(b.platform, 64) +
                           "'");
  }
  if (defaultsJson != "{}" && !defaultsJson.empty()) {
    try {
      auto defaults = Poco::JSON::Parser().parse(defaultsJson).extract<Poco::JSON::Object::Ptr>();
      for (const auto& [key, value] : *defaults) {
        if (!obj->has(key) || obj->isNull(key)) {
          obj->set(key, value);
        }
      }
    } catch (const std::exception&) {
      // Validated when saved; a broken document leaves the built-in defaults.
    }
  }
  PolicyInput input;
  input.otherFields = {"mailbox", "deviceToken", "platform", "workHoursFrom", "account"};
  Result<rules::Policy> policy = policyFromJson(*obj, zones, input);
  if (!policy.ok()) {
    return policy.error();
  }
  b.policy = std::move(*policy);
  b.policyJson = json::stringify(policyToJson(b.policy));
  return b;
}

}  // namespace enp
