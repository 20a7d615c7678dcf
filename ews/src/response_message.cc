#include "response_message.h"

#include <string>

#include "base/utf8.h"
#include "fault.h"
#include "soap_names.h"

namespace ews::detail {

Error answerError(std::string message, long httpStatus) {
  Error e = Error::parse(std::move(message));
  e.httpStatus = httpStatus;
  return e;
}

Error messageError(const xml::Document& doc, const pugi::xml_node& message) {
  const std::string responseClass = xml::trim(message.attribute("ResponseClass").value());
  const std::string code = xml::trimmedText(doc.child(message, ns::kMessages, "ResponseCode"));
  Error e = Error::exchange(code.empty() ? "ResponseClass " + responseClass : code,
                            xml::trimmedText(doc.child(message, ns::kMessages, "MessageText")));
  readMessageXml(doc, doc.child(message, ns::kMessages, "MessageXml"), e);
  repairText(e);
  return e;
}

Result<pugi::xml_node> successMessage(xml::Document& doc, long httpStatus, std::string_view body,
                                      std::string_view responseName, std::string_view messageName) {
  const std::optional<Error> parseError = doc.parse(body);
  if (parseError || httpStatus != 200) {
    return classifyParsed(httpStatus, doc, parseError);
  }
  const pugi::xml_node response = doc.soapBodyChild();
  if (!doc.is(response, ns::kMessages, responseName)) {
    return classifyParsed(httpStatus, doc, parseError);
  }
  const pugi::xml_node messages = doc.child(response, ns::kMessages, "ResponseMessages");
  const pugi::xml_node message = doc.child(messages, ns::kMessages, messageName);
  if (!message) {
    return answerError(std::string(responseName) + " without " + std::string(messageName),
                       httpStatus);
  }
  const std::string responseClass = xml::trim(message.attribute("ResponseClass").value());
  if (responseClass != "Success" && responseClass != "Warning") {
    Error e = messageError(doc, message);
    e.httpStatus = httpStatus;
    return e;
  }
  return message;
}

std::optional<Error> checkPlainText(std::string_view field, std::string_view value,
                                    long httpStatus) {
  if (base::utf8::isPlainText(value)) {
    return std::nullopt;
  }
  return answerError("invalid UTF-8 or a control character in " + std::string(field), httpStatus);
}

}  // namespace ews::detail
