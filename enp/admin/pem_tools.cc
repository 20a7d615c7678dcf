#include "enp/admin/pem_tools.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace enp::admin {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

BioPtr readBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : "";
}

std::string publicPem(EVP_PKEY* key) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PUBKEY(out.get(), key) != 1) {
    return "";
  }
  return bioText(out.get());
}

PkeyPtr readPrivateKey(const std::string& pem) {
  auto bio = readBio(pem);
  return PkeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

X509Ptr readX509(const std::string& pem) {
  auto bio = readBio(pem);
  return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

std::string nameLine(const X509_NAME* name) {
  BioPtr out(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  return bioText(out.get());
}

int64_t seconds(const ASN1_TIME* t) {
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    return 0;
  }
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

Result<KeyPairPem> generateEs256Key() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!key || !out ||
      PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::internal("could not generate a P-256 key");
  }
  KeyPairPem pair{bioText(out.get()), publicPem(key.get())};
  if (pair.privatePem.empty() || pair.publicPem.empty()) {
    return Status::internal("could not generate a P-256 key");
  }
  return pair;
}

std::string publicKeyOf(const std::string& privatePem) {
  auto key = readPrivateKey(privatePem);
  return key ? publicPem(key.get()) : "";
}

Result<CertificateInfo> readCertificate(const std::string& pem) {
  auto cert = readX509(pem);
  if (!cert) {
    return Status::invalid("certificate: not a PEM certificate");
  }
  CertificateInfo info;
  info.subject = nameLine(X509_get_subject_name(cert.get()));
  info.issuer = nameLine(X509_get_issuer_name(cert.get()));
  info.notBefore = seconds(X509_get0_notBefore(cert.get()));
  info.notAfter = seconds(X509_get0_notAfter(cert.get()));
  info.selfSigned =
      X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())) == 0;
  return info;
}

Status checkCertificateKey(const std::string& certPem, const std::string& keyPem) {
  auto cert = readX509(certPem);
  if (!cert) {
    return Status::invalid("certificate: not a PEM certificate");
  }
  auto key = readPrivateKey(keyPem);
  if (!key) {
    return Status::invalid("key: not a PEM private key (unencrypted PKCS#8, RSA or EC)");
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return Status::invalid("key: does not match the certificate");
  }
  return Status();
}

}  // namespace enp::admin
