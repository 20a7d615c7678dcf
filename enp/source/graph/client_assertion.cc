#include "enp/source/graph/client_assertion.h"

#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include "enp/common/secrets.h"
#include "enp/config/cns_key.h"

namespace enp {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// Never reads a passphrase from a terminal: an encrypted key simply does not load.
int noPassphrase(char*, int, int, void*) { return 0; }

Result<std::string> readFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::invalid(std::string(what) + " " + path + ": cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<ClientAssertionPtr> ClientAssertion::fromFiles(const std::string& certFile,
                                                      const std::string& keyFile) {
  Result<std::string> cert = readFile(certFile, "certFile");
  if (!cert.ok()) {
    return cert.error();
  }
  Result<std::string> key = readFile(keyFile, "keyFile");
  if (!key.ok()) {
    return key.error();
  }
  return fromPem(*cert, *key);
}

Result<ClientAssertionPtr> ClientAssertion::fromPem(const std::string& certificatePem,
                                                    const std::string& keyPem) {
  std::unique_ptr<BIO, BioDeleter> certBio(
      BIO_new_mem_buf(certificatePem.data(), static_cast<int>(certificatePem.size())));
  std::unique_ptr<X509, X509Deleter> cert(
      certBio ? PEM_read_bio_X509(certBio.get(), nullptr, noPassphrase, nullptr) : nullptr);
  if (!cert) {
    return Status::invalid(
        "certFile: not a PEM certificate (expected \"-----BEGIN CERTIFICATE-----\")");
  }
  Result<CnsKey> rsa = readCnsKey("RS256", keyPem, "keyFile");
  if (!rsa.ok()) {
    return rsa.error();
  }
  std::unique_ptr<BIO, BioDeleter> keyBio(
      BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())));
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassphrase, nullptr) : nullptr);
  if (!key || X509_check_private_key(cert.get(), key.get()) != 1) {
    return Status::invalid(
        "keyFile: not the private key of the certificate in certFile (upload that certificate "
        "to the app registration and keep its key next to it)");
  }
  unsigned char* der = nullptr;
  const int derLength = i2d_X509(cert.get(), &der);
  if (derLength <= 0) {
    return Status::invalid("certFile: the certificate cannot be encoded");
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(derLength), digest);
  OPENSSL_free(der);
  auto signer = std::make_unique<Poco::JWT::Signer>();
  signer->setAlgorithms({"RS256"});
  signer->setRSAKey(rsa->rsaKey);
  return ClientAssertionPtr(new ClientAssertion(
      base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest)),
      std::move(signer)));
}

ClientAssertion::ClientAssertion(std::string thumbprint, std::unique_ptr<Poco::JWT::Signer> signer)
    : thumbprint_(std::move(thumbprint)), signer_(std::move(signer)) {}

ClientAssertion::~ClientAssertion() = default;

std::string ClientAssertion::sign(const std::string& clientId, const std::string& tokenUrl,
                                  const std::string& jti,
                                  std::chrono::system_clock::time_point now) const {
  const int64_t nbf = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  try {
    Poco::JWT::Token token;
    token.setType("JWT");
    token.header().set("x5t#S256", thumbprint_);
    token.setAudience(tokenUrl);
    token.setIssuer(clientId);
    token.setSubject(clientId);
    token.setId(jti);
    // Whole seconds as integers (Token's setters store doubles).
    token.payload().set("nbf", static_cast<Poco::Int64>(nbf));
    token.payload().set("iat", static_cast<Poco::Int64>(nbf));
    token.payload().set("exp", static_cast<Poco::Int64>(nbf + kLifetime.count()));
    return signer_->sign(token, "RS256");
  } catch (const Poco::Exception&) {
    return {};
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace enp
