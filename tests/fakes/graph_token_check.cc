#include "graph_token_check.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

#include "jws/base64url.h"
#include "jws/jws_signature.h"

namespace fakes {
namespace {

TokenCheck refuse(int status, std::string error, std::string aadsts, std::string message) {
  TokenCheck c;
  c.status = status;
  c.error = std::move(error);
  c.aadsts = std::move(aadsts);
  c.message = std::move(message);
  return c;
}

std::unique_ptr<X509, decltype(&X509_free)> readCertificate(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return {bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free};
}

// The certificate's public key as a PEM "PUBLIC KEY" (what the JWS check takes).
std::string publicKeyPem(const std::string& certificatePem) {
  auto cert = readCertificate(certificatePem);
  if (!cert) {
    return "";
  }
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  if (key == nullptr || !out || PEM_write_bio_PUBKEY(out.get(), key) != 1) {
    return "";
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

std::map<std::string, std::string> parseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t at = 0;
  while (at <= body.size()) {
    size_t end = body.find('&', at);
    if (end == std::string::npos) {
      end = body.size();
    }
    const std::string pair = body.substr(at, end - at);
    const size_t eq = pair.find('=');
    std::string name, value;
    std::string plus = pair.substr(0, eq);
    std::replace(plus.begin(), plus.end(), '+', ' ');
    Poco::URI::decode(plus, name);
    if (eq != std::string::npos) {
      plus = pair.substr(eq + 1);
      std::replace(plus.begin(), plus.end(), '+', ' ');
      Poco::URI::decode(plus, value);
    }
    if (!name.empty()) {
      out[name] = value;
    }
    at = end + 1;
  }
  return out;
}

std::string certificateThumbprintS256(const std::string& certificatePem) {
  auto cert = readCertificate(certificatePem);
  if (!cert) {
    return "";
  }
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert.get(), &der);
  if (n <= 0) {
    return "";
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(n), digest);
  OPENSSL_free(der);
  return testsupport::base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

TokenCheck checkTokenRequest(const GraphApp& app, const std::string& tenantInPath,
                             const std::string& tokenUrl, const std::string& formBody,
                             int64_t nowSeconds) {
  if (tenantInPath != app.tenantId) {
    return refuse(400, "invalid_request", "AADSTS90002",
                  "Tenant '" + tenantInPath + "' not found.");
  }
  auto form = parseForm(formBody);
  if (form["grant_type"] != "client_credentials") {
    return refuse(400, "unsupported_grant_type", "AADSTS70003",
                  "The app requested an unsupported grant type.");
  }
  if (form["client_id"] != app.clientId) {
    return refuse(
        400, "unauthorized_client", "AADSTS700016",
        "Application with identifier '" + form["client_id"] + "' was not found in the directory.");
  }
  if (form["scope"] != app.scope) {
    return refuse(400, "invalid_scope", "AADSTS1002012",
                  "The provided value for scope " + form["scope"] + " is not valid.");
  }
  if (form.count("client_secret") != 0) {
    if (app.clientSecret.empty() || form["client_secret"] != app.clientSecret) {
      return refuse(401, "invalid_client", "AADSTS7000215", "Invalid client secret provided.");
    }
    return TokenCheck{};
  }
  if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
      form["client_assertion"].empty()) {
    return refuse(401, "invalid_client", "AADSTS7000218",
                  "The request body must contain: client_assertion or client_secret.");
  }
  TokenCheck ok;
  ok.assertion = true;
  const auto parts = testsupport::splitJws(form["client_assertion"]);
  if (!parts) {
    return refuse(401, "invalid_client", "AADSTS50027", "JWT token is invalid or malformed.");
  }
  Poco::JSON::Object::Ptr header, claims;
  try {
    header = Poco::JSON::Parser().parse(parts->header).extract<Poco::JSON::Object::Ptr>();
    claims = Poco::JSON::Parser().parse(parts->payload).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return refuse(401, "invalid_client", "AADSTS50027", "JWT token is invalid or malformed.");
  }
  for (const auto& [k, v] : *header) {
    ok.assertionHeader[k] = v.toString();
  }
  for (const auto& [k, v] : *claims) {
    ok.assertionClaims[k] = v.toString();
  }
  if (ok.assertionHeader["alg"] != "RS256") {
    return refuse(401, "invalid_client", "AADSTS5002738", "Invalid JWT token. 'alg' not RS256.");
  }
  if (app.certificatePem.empty() ||
      ok.assertionHeader["x5t#S256"] != certificateThumbprintS256(app.certificatePem)) {
    return refuse(401, "invalid_client", "AADSTS700027",
                  "The certificate with identifier used to sign the client assertion is not "
                  "registered on application.");
  }
  if (!testsupport::jwsVerifies(testsupport::JwsAlgorithm::kRS256, publicKeyPem(app.certificatePem),
                                *parts)) {
    return refuse(401, "invalid_client", "AADSTS700027",
                  "Client assertion failed signature validation.");
  }
  if (ok.assertionClaims["aud"] != tokenUrl || ok.assertionClaims["iss"] != app.clientId ||
      ok.assertionClaims["sub"] != app.clientId || ok.assertionClaims["jti"].empty()) {
    return refuse(401, "invalid_client", "AADSTS700023",
                  "Client assertion audience, issuer or subject is not valid.");
  }
  int64_t nbf = 0, exp = 0;
  try {
    nbf = claims->getValue<Poco::Int64>("nbf");
    exp = claims->getValue<Poco::Int64>("exp");
  } catch (const std::exception&) {
    return refuse(401, "invalid_client", "AADSTS700024", "Client assertion has no nbf or exp.");
  }
  if (nbf > nowSeconds + 300 || exp <= nowSeconds || exp - nbf > 600) {
    return refuse(401, "invalid_client", "AADSTS700024",
                  "Client assertion is not within its valid time range.");
  }
  return ok;
}

}  // namespace fakes
