#include "jws_keys.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <utility>

namespace testsupport {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

std::string drain(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string privatePem(EVP_PKEY* key, bool traditional, const std::string& passphrase) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  int ok = 0;
  if (!bio) {
    ok = 0;
  } else if (traditional) {
    ok =
        PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  } else if (!passphrase.empty()) {
    ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                       const_cast<char*>(passphrase.c_str()));
  } else {
    ok = PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  }
  if (ok != 1) {
    throw std::runtime_error("cannot write the private key as PEM");
  }
  return drain(bio.get());
}

Owned<EVP_PKEY> generate(JwsAlgorithm algorithm) {
  Owned<EVP_PKEY> key;
  if (algorithm == JwsAlgorithm::kRS256) {
    key.reset(EVP_RSA_gen(2048));
  } else if (algorithm == JwsAlgorithm::kES256) {
    key.reset(EVP_EC_gen("P-256"));
  } else {
    throw std::runtime_error("generateKeyPair: HS256 uses a shared secret, not a key pair");
  }
  if (!key) {
    throw std::runtime_error("generateKeyPair: OpenSSL key generation failed");
  }
  return key;
}

}  // namespace

PemKeyPair generateKeyPair(JwsAlgorithm algorithm) {
  Owned<EVP_PKEY> key = generate(algorithm);
  Owned<BIO> pub(BIO_new(BIO_s_mem()));
  if (!pub || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) {
    throw std::runtime_error("generateKeyPair: cannot write the public key");
  }
  return {privatePem(key.get(), false, ""), drain(pub.get())};
}

std::string makeRsaPem(int bits, bool traditional, const std::string& passphrase) {
  Owned<EVP_PKEY> key(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  if (!key) {
    throw std::runtime_error("EVP_RSA_gen failed");
  }
  return privatePem(key.get(), traditional, passphrase);
}

std::string makeEcPem(const char* curve, bool traditional) {
  Owned<EVP_PKEY> key(EVP_EC_gen(curve));
  if (!key) {
    throw std::runtime_error("EVP_EC_gen failed");
  }
  return privatePem(key.get(), traditional, "");
}

std::string makeSelfSignedCertificate(const std::string& privatePem, const std::string& commonName,
                                      const std::string& subjectAltName) {
  Owned<BIO> in(BIO_new_mem_buf(privatePem.data(), static_cast<int>(privatePem.size())));
  Owned<EVP_PKEY> key(in ? PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) {
    throw std::runtime_error("makeSelfSignedCertificate: bad key");
  }
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 2 * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key.get());
  if (!subjectAltName.empty()) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] :
         {std::pair<int, std::string>{NID_subject_alt_name, subjectAltName},
          {NID_basic_constraints, "critical,CA:TRUE"},
          {NID_subject_key_identifier, "hash"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
      if (ext == nullptr || X509_add_ext(cert.get(), ext, -1) != 1) {
        X509_EXTENSION_free(ext);
        throw std::runtime_error("makeSelfSignedCertificate: bad extension " + value);
      }
      X509_EXTENSION_free(ext);
    }
  }
  Owned<BIO> out(BIO_new(BIO_s_mem()));
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0 || !out ||
      PEM_write_bio_X509(out.get(), cert.get()) != 1) {
    throw std::runtime_error("makeSelfSignedCertificate: signing failed");
  }
  return drain(out.get());
}

}  // namespace testsupport
