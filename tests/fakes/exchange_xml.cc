#include "exchange_xml.h"

#include "xml_ns.h"

namespace fakes {

SoapFault serverBusyFault(std::chrono::milliseconds backOff) {
  return {"ErrorServerBusy",
          "The server cannot service this request right now. Try again later.",
          {{"BackOffMilliseconds", std::to_string(backOff.count())}}};
}

SoapFault impersonateUserDeniedFault() {
  return {"ErrorImpersonateUserDenied",
          "The account does not have permission to impersonate the requested user.",
          {}};
}

SoapFault nonExistentMailboxFault(const std::string& smtpAddress) {
  return {"ErrorNonExistentMailbox",
          "The SMTP address has no mailbox associated with it.",
          {{"SmtpAddress", smtpAddress}}};
}

SoapFault accessDeniedFault() {
  return {"ErrorAccessDenied", "Access is denied. Check credentials and try again.", {}};
}

SoapFault internalServerErrorFault() {
  return {
      "ErrorInternalServerError", "An internal server error occurred. The operation failed.", {}};
}

SoapFault schemaValidationFault(const std::string& detail) {
  return {"ErrorSchemaValidation", "The request failed schema validation: " + detail, {}};
}

SoapFault invalidRequestFault() { return {"ErrorInvalidRequest", "The request is invalid.", {}}; }

std::string soapFaultEnvelope(const SoapFault& fault) {
  const std::string code = xmlEscape(fault.responseCode);
  const std::string message = xmlEscape(fault.message);
  std::string out;
  out.reserve(1024);
  out += "<?xml version='1.0' encoding='utf-8'?>\n";
  out += "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\n";
  out += "  <s:Body>\n    <s:Fault>\n";
  out +=
      "      <faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:";
  out += code + "</faultcode>\n";
  out += "      <faultstring xml:lang=\"en-US\">" + message + "</faultstring>\n";
  out += "      <detail>\n";
  out +=
      "        <e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/"
      "errors\">\n          " +
      code + "\n        </e:ResponseCode>\n";
  out +=
      "        <e:Message xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/"
      "errors\">\n          " +
      message + "\n        </e:Message>\n";
  if (!fault.values.empty()) {
    out +=
        "        <t:MessageXml xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/"
        "types\">\n";
    for (const auto& [name, value] : fault.values) {
      out += "          <t:Value Name=\"" + xmlEscape(name) + "\">" + xmlEscape(value) +
             "</t:Value>\n";
    }
    out += "        </t:MessageXml>\n";
  }
  out += "      </detail>\n    </s:Fault>\n  </s:Body>\n</s:Envelope>";
  return out;
}

std::string responseMessageError(const ServerVersionInfo& version, std::string_view responseName,
                                 std::string_view messageName, std::string_view code,
                                 std::string_view text) {
  const std::string response(responseName);
  const std::string message(messageName);
  return soapResponseEnvelope(
      version, "<m:" + response +
                   " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
                   "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                   "<m:ResponseMessages><m:" +
                   message + " ResponseClass=\"Error\"><m:MessageText>" + xmlEscape(text) +
                   "</m:MessageText><m:ResponseCode>" + xmlEscape(code) +
                   "</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:" + message +
                   "></m:ResponseMessages></m:" + response + ">");
}

std::string soapResponseEnvelope(const ServerVersionInfo& version, std::string_view bodyChild) {
  std::string out;
  out.reserve(bodyChild.size() + 900);
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  out += "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header>";
  out += "<h:ServerVersionInfo MajorVersion=\"" + std::to_string(version.majorVersion) +
         "\" MinorVersion=\"" + std::to_string(version.minorVersion) + "\" MajorBuildNumber=\"" +
         std::to_string(version.majorBuildNumber) + "\" MinorBuildNumber=\"" +
         std::to_string(version.minorBuildNumber) + "\" Version=\"" + xmlEscape(version.version) +
         "\" xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\" "
         "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\" "
         "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
  out +=
      "</s:Header><s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">";
  out += bodyChild;
  out += "</s:Body></s:Envelope>";
  return out;
}

}  // namespace fakes
