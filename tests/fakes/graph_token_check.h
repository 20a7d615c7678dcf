#pragma once

// What the fake Microsoft identity platform checks of a client credentials token request
// (POST {authority}/{tenant}/oauth2/v2.0/token, form-encoded), independently of ENP's code:
// the tenant, client id, scope and grant type, then a client secret or a client assertion
// (RFC 7523, as Entra ID takes it: RS256 JWT, header x5t#S256 naming the uploaded certificate,
// claims aud = the token URL, iss = sub = client id, jti, nbf <= now < exp, exp - nbf <= 10 min),
// verified with raw OpenSSL against the uploaded certificate's key. Refusals carry the AADSTS
// code Entra ID uses.

#include <cstdint>
#include <map>
#include <string>

namespace fakes {

struct GraphApp {
  std::string tenantId;
  std::string clientId;
  std::string clientSecret;    ///< Accepted secret; "" = none configured.
  std::string certificatePem;  ///< Uploaded certificate; "" = none.
  std::string scope;           ///< The one accepted: "{graphUrl}/.default".
};

struct TokenCheck {
  int status = 200;        ///< 200, or 400/401 with the error below.
  std::string error;       ///< "invalid_client", "invalid_request", ...
  std::string aadsts;      ///< "AADSTS7000215"
  std::string message;     ///< error_description after the code.
  bool assertion = false;  ///< The client proved itself with a signed assertion.
  std::map<std::string, std::string> assertionHeader;  ///< String members of its header.
  std::map<std::string, std::string> assertionClaims;  ///< String and number members, as text.
};

/// Parses application/x-www-form-urlencoded text.
std::map<std::string, std::string> parseForm(const std::string& body);

/// base64url SHA-256 of the DER form of a PEM certificate ("" when it does not parse).
std::string certificateThumbprintS256(const std::string& certificatePem);

/// Checks a token request for `tenantInPath` and `tokenUrl` at `nowSeconds`.
TokenCheck checkTokenRequest(const GraphApp& app, const std::string& tenantInPath,
                             const std::string& tokenUrl, const std::string& formBody,
                             int64_t nowSeconds);

}  // namespace fakes
