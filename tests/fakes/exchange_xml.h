#pragma once

// The shapes Exchange answers with: the response envelope carrying t:ServerVersionInfo, and the
// request-level SOAP fault (faultcode a:<ResponseCode>, detail e:ResponseCode / e:Message /
// t:MessageXml), laid out like tests/data/ews/soapfault_errorserverbusy_*_exchangelib.xml,
// including the whitespace inside e:ResponseCode that clients must trim.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_mailbox.h"

namespace fakes {

struct SoapFault {
  std::string responseCode;  ///< e.g. "ErrorServerBusy"
  std::string message;       ///< faultstring and e:Message
  /// t:MessageXml/t:Value Name=first -> second (e.g. BackOffMilliseconds).
  std::vector<std::pair<std::string, std::string>> values;
};

SoapFault serverBusyFault(std::chrono::milliseconds backOff);
SoapFault impersonateUserDeniedFault();
SoapFault nonExistentMailboxFault(const std::string& smtpAddress);
SoapFault accessDeniedFault();
SoapFault internalServerErrorFault();
SoapFault schemaValidationFault(const std::string& detail);
SoapFault invalidRequestFault();

/// A complete SOAP 1.1 fault envelope (sent with HTTP 500).
std::string soapFaultEnvelope(const SoapFault& fault);

/// The whole envelope (HTTP 200) of an operation's answer whose one response message is an
/// error: <m:{responseName}><m:ResponseMessages><m:{messageName} ResponseClass="Error">
/// MessageText, ResponseCode, DescriptiveLinkKey.
std::string responseMessageError(const ServerVersionInfo& version, std::string_view responseName,
                                 std::string_view messageName, std::string_view code,
                                 std::string_view text);

/// A complete SOAP 1.1 response envelope: s:Header/h:ServerVersionInfo, then bodyChild inside
/// s:Body. bodyChild must declare its own m:/t: prefixes.
std::string soapResponseEnvelope(const ServerVersionInfo& version, std::string_view bodyChild);

}  // namespace fakes
