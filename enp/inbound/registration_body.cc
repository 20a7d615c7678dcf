#include "enp/inbound/registration_body.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include "enp/common/log_text.h"
#include "enp/common/utf8.h"
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

bool parseRegistrationBody(const std::string& text, const rules::ZoneDb& zones,
                           RegistrationBody* out, std::string* error,
                           const std::string& defaultsJson) {
  // Poco's parser refuses invalid UTF-8 too, but without saying so.
  if (!utf8::isValid(text)) {
    *error = "body: " + utf8::invalidProblem(text);
    return false;
  }
  Poco::JSON::Object::Ptr obj;
  try {
    Poco::JSON::Parser parser;
    obj = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    *error = "body: expected a JSON object";
    return false;
  }
  if (!obj) {
    *error = "body: expected a JSON object";
    return false;
  }
  RegistrationBody b;
  b.platform = "ios";
  for (const auto& [key, field] :
       {std::pair{"mailbox", &b.mailbox}, std::pair{"deviceToken", &b.deviceToken},
        std::pair{"platform", &b.platform}}) {
    if (Status read = json::getString(*obj, key, "", field); !read.ok()) {
      *error = read.message();
      return false;
    }
  }
  b.mailbox = Poco::toLower(Poco::trim(b.mailbox));
  if (!isMailboxAddress(b.mailbox)) {
    *error = "mailbox: expected an SMTP address, got '" + forLog(b.mailbox, 64) + "'";
    return false;
  }
  if (b.deviceToken.empty() || b.deviceToken.size() > kMaxDeviceTokenLength) {
    *error = "deviceToken: required (at most " + std::to_string(kMaxDeviceTokenLength) + " bytes)";
    return false;
  }
  b.platform = Poco::toLower(b.platform);
  if (b.platform != "ios" && b.platform != "android") {
    *error = "platform: expected ios or android, got '" + forLog(b.platform, 64) + "'";
    return false;
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
  input.otherFields = {"mailbox", "deviceToken", "platform"};
  if (!policyFromJson(*obj, zones, input, &b.policy, error)) {
    return false;
  }
  b.policyJson = json::stringify(policyToJson(b.policy));
  *out = std::move(b);
  return true;
}

}  // namespace enp
