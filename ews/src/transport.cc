#include "ews/transport.h"

#include <strings.h>

namespace ews {

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      return value;
    }
  }
  return {};
}

const char* toString(Auth::Type t) {
  switch (t) {
    case Auth::Type::kNone:
      return "none";
    case Auth::Type::kBasic:
      return "basic";
    case Auth::Type::kNtlm:
      return "ntlm";
    case Auth::Type::kNegotiate:
      return "negotiate";
    case Auth::Type::kCertificate:
      return "certificate";
  }
  return "none";
}

bool parseAuthType(const std::string& s, Auth::Type* out) {
  for (Auth::Type t : {Auth::Type::kNone, Auth::Type::kBasic, Auth::Type::kNtlm,
                       Auth::Type::kNegotiate, Auth::Type::kCertificate}) {
    if (strcasecmp(s.c_str(), toString(t)) == 0) {
      *out = t;
      return true;
    }
  }
  return false;
}

}  // namespace ews
