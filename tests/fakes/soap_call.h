#pragma once

// The parts of an incoming EWS request every operation needs: which operation (the first child of
// s:Body, in the messages namespace), the RequestServerVersion and the ExchangeImpersonation
// header. Read by namespace, not by prefix.

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "exchange_xml.h"

namespace fakes {

struct SoapCall {
  std::unique_ptr<pugi::xml_document> doc;  ///< Owns the nodes below.
  pugi::xml_node operation;                 ///< The s:Body child, e.g. m:Subscribe.
  std::string operationName;                ///< Its local name: "Subscribe", "FindItem", ...
  std::string requestServerVersion;         ///< Empty when absent.
  /// ConnectingSID child used: SmtpAddress, PrimarySmtpAddress, PrincipalName or SID; empty
  /// without t:ExchangeImpersonation.
  std::string impersonationKind;
  std::string impersonatedMailbox;
};

struct SoapCallParse {
  std::optional<SoapCall> call;
  SoapFault fault;  ///< When call is empty: the fault Exchange answers with.
};

SoapCallParse parseSoapCall(std::string_view body);

}  // namespace fakes
