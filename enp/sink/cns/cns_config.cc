#include "enp/sink/cns/cns_config.h"

namespace enp {

bool toCnsConfig(const CnsSettings& s, CnsConfig* out, std::string* error) {
  CnsConfig c;
  c.url = s.url;
  c.organizationId = s.organizationId;
  c.token = s.token;
  c.audience = s.audience;
  c.key = s.key;
  c.keyId = s.keyId;
  if (!parseJwtAlgorithm(s.algorithm, &c.algorithm)) {
    *error = "cns.algorithm: expected HS256|RS256|ES256";
    return false;
  }
  if (c.url.empty() || c.token.empty()) {
    *error = "cns: url and token are required";
    return false;
  }
  *out = std::move(c);
  return true;
}

}  // namespace enp
