#include "enp/sink/cns/cns_config.h"

namespace enp {

Result<CnsConfig> toCnsConfig(const CnsSettings& s) {
  CnsConfig c;
  c.url = s.url;
  c.organizationId = s.organizationId;
  c.token = s.token;
  c.audience = s.audience;
  c.key = s.key;
  c.keyId = s.keyId;
  if (!parseJwtAlgorithm(s.algorithm, &c.algorithm)) {
    return Status::invalid("cns.algorithm: expected HS256|RS256|ES256");
  }
  if (c.url.empty() || c.token.empty()) {
    return Status::invalid("cns.url and cns.token are required");
  }
  return c;
}

}  // namespace enp
