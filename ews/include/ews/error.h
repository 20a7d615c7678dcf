#pragma once

#include <cstdint>
#include <string>

namespace ews {

/// Where an EWS call failed. Each layer maps to a different retry policy in the caller.
enum class ErrorKind {
  kTransport,  ///< No HTTP answer: DNS, connect, TLS, timeout (code = libcurl's error name).
  kHttp,       ///< An HTTP status that is not a SOAP answer (401, 403, 503, ...).
  kSoapFault,  ///< A SOAP Fault; code = the EWS ResponseCode from faultcode or detail.
  kExchange,   ///< A ResponseMessage with ResponseClass="Error"; code = its ResponseCode.
  kParse,      ///< The answer was not the XML we expect.
};

/// A failed EWS call or item. Never holds credentials or mail content.
struct Error {
  ErrorKind kind = ErrorKind::kParse;
  std::string code;     ///< e.g. "ErrorServerBusy", "CURLE_OPERATION_TIMEDOUT", "HTTP 401".
  std::string message;  ///< Human-readable detail from the server or the transport.
  long httpStatus = 0;  ///< 0 when no HTTP answer was received.
  int64_t backOffMilliseconds = 0;  ///< From MessageXml/Value[@Name="BackOffMilliseconds"], else 0.
  /// From MessageXml/Value[@Name="InnerErrorResponseCode"] (e.g. ErrorServerBusy inside an
  /// ErrorInternalServerError), else empty.
  std::string innerCode;

  static Error transport(std::string code, std::string message);
  static Error http(long status, std::string message);
  static Error soapFault(std::string code, std::string message, long status);
  static Error exchange(std::string code, std::string message);
  static Error parse(std::string message);

  /// True for ErrorServerBusy, directly or as the inner code of another error: the caller
  /// should wait backOffMilliseconds (when non-zero) before retrying.
  bool isServerBusy() const;

  /// "SoapFault ErrorServerBusy (HTTP 500): The server cannot ..." for logs.
  std::string describe() const;
};

const char* toString(ErrorKind kind);

}  // namespace ews
