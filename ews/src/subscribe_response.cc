#include "ews/subscribe.h"
#include "response_message.h"
#include "soap_names.h"

namespace ews {

Result<Subscription> parseSubscribeResponse(long httpStatus, std::string_view body) {
  xml::Document doc;
  Result<pugi::xml_node> message = detail::successMessage(
      doc, httpStatus, body, "SubscribeResponse", "SubscribeResponseMessage");
  if (!message) {
    return message.error();
  }
  Subscription s;
  s.subscriptionId = xml::trimmedText(doc.child(*message, ns::kMessages, "SubscriptionId"));
  s.watermark = xml::trimmedText(doc.child(*message, ns::kMessages, "Watermark"));
  if (s.subscriptionId.empty()) {
    return detail::answerError("SubscribeResponseMessage without SubscriptionId", httpStatus);
  }
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string&>{"SubscriptionId", s.subscriptionId},
        {"Watermark", s.watermark}}) {
    if (std::optional<Error> e = detail::checkPlainText(field, value, httpStatus)) {
      return *e;
    }
  }
  return s;
}

}  // namespace ews
