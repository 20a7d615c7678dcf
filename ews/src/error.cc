#include "ews/error.h"

#include <utility>

namespace ews {

Error Error::transport(std::string code, std::string message) {
  Error e;
  e.kind = ErrorKind::kTransport;
  e.code = std::move(code);
  e.message = std::move(message);
  return e;
}

Error Error::http(long status, std::string message) {
  Error e;
  e.kind = ErrorKind::kHttp;
  e.code = "HTTP " + std::to_string(status);
  e.message = std::move(message);
  e.httpStatus = status;
  return e;
}

Error Error::soapFault(std::string code, std::string message, long status) {
  Error e;
  e.kind = ErrorKind::kSoapFault;
  e.code = std::move(code);
  e.message = std::move(message);
  e.httpStatus = status;
  return e;
}

Error Error::exchange(std::string code, std::string message) {
  Error e;
  e.kind = ErrorKind::kExchange;
  e.code = std::move(code);
  e.message = std::move(message);
  return e;
}

Error Error::parse(std::string message) {
  Error e;
  e.kind = ErrorKind::kParse;
  e.code = "ParseError";
  e.message = std::move(message);
  return e;
}

bool Error::isServerBusy() const {
  return code == "ErrorServerBusy" || innerCode == "ErrorServerBusy";
}

std::string Error::describe() const {
  std::string out = toString(kind);
  out += ' ';
  out += code;
  if (!innerCode.empty()) {
    out += " (inner " + innerCode + ")";
  }
  if (httpStatus != 0 && kind != ErrorKind::kHttp) {
    out += " (HTTP " + std::to_string(httpStatus) + ")";
  }
  if (backOffMilliseconds > 0) {
    out += " (back off " + std::to_string(backOffMilliseconds) + " ms)";
  }
  if (!message.empty()) {
    out += ": " + message;
  }
  return out;
}

const char* toString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kTransport:
      return "Transport";
    case ErrorKind::kHttp:
      return "Http";
    case ErrorKind::kSoapFault:
      return "SoapFault";
    case ErrorKind::kExchange:
      return "Exchange";
    case ErrorKind::kParse:
      return "Parse";
  }
  return "Unknown";
}

}  // namespace ews
