#include "enp/source/graph/graph_message.h"

#include <Poco/JSON/Parser.h>

namespace enp {
namespace {

// A string member; "" when absent, null or not a string.
std::string text(const Poco::JSON::Object& o, const std::string& key) {
  const Poco::Dynamic::Var v = o.get(key);
  return v.isString() ? v.extract<std::string>() : std::string();
}

// {"emailAddress": {"name", "address"}}; false when absent.
bool readRecipient(const Poco::JSON::Object& o, const std::string& key, Mail* mail) {
  Poco::JSON::Object::Ptr who = o.getObject(key);
  Poco::JSON::Object::Ptr address = who ? who->getObject("emailAddress") : nullptr;
  if (!address) {
    return false;
  }
  mail->senderName = text(*address, "name");
  mail->senderAddress = text(*address, "address");
  return true;
}

std::string importance(const std::string& graph) {
  if (graph == "low") {
    return "Low";
  }
  if (graph == "high") {
    return "High";
  }
  return graph == "normal" ? "Normal" : "";
}

}  // namespace

Result<Mail> parseGraphMessage(const std::string& json) try {
  Poco::JSON::Object::Ptr o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  Mail mail;
  mail.itemId = text(*o, "id");
  if (mail.itemId.empty()) {
    return Status::invalid("message: no id");
  }
  if (!readRecipient(*o, "from", &mail)) {
    readRecipient(*o, "sender", &mail);
  }
  mail.subject = text(*o, "subject");
  mail.snippetSource = text(*o, "bodyPreview");
  mail.received = text(*o, "receivedDateTime");
  mail.importance = importance(text(*o, "importance"));
  std::string type = text(*o, "@odata.type");
  if (type.empty()) {
    type = "#microsoft.graph.message";  // Graph names only derived types.
  }
  if (type == "#microsoft.graph.eventMessageRequest") {
    mail.meeting = true;
    mail.itemClass = "IPM.Schedule.Meeting.Request";
  } else if (type == "#microsoft.graph.message") {
    mail.itemClass = "IPM.Note";
  }
  return mail;
} catch (const std::exception&) {
  return Status::invalid("message: not a JSON object of the expected shape");
}

}  // namespace enp
