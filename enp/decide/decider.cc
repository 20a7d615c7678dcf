#include "enp/decide/decider.h"

#include <Poco/JSON/Parser.h>

#include "enp/decide/policy_json.h"
#include "rules/engine.h"

namespace enp {

Result<rules::Policy> loadPolicy(const std::string& policyJson, const rules::ZoneDb& zones) {
  Poco::JSON::Object::Ptr obj;
  try {
    obj = Poco::JSON::Parser().parse(policyJson).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return Status::invalid("the stored policy is not a JSON object");
  }
  if (!obj) {
    return Status::invalid("the stored policy is not a JSON object");
  }
  return policyFromJson(*obj, zones);
}

rules::Decision decideMail(const rules::Policy& policy, const rules::MailMeta& mail,
                           std::chrono::system_clock::time_point at, const rules::ZoneDb& zones) {
  return rules::decide(policy, mail, at, zones);
}

}  // namespace enp
