#include "enp/admin/served_certificates.h"

#include <fstream>
#include <sstream>

namespace enp::admin {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

ServedCertificates::ServedCertificates(std::vector<Listener> listeners, Reload reload)
    : listeners_(std::move(listeners)), reload_(std::move(reload)) {
  for (const Listener& l : listeners_) {
    served_[l.name] = l.certFile.empty() ? "" : readFile(l.certFile);
  }
}

bool ServedCertificates::changed(const std::string& listener) const {
  for (const Listener& l : listeners_) {
    if (l.name == listener && !l.certFile.empty()) {
      const std::string now = readFile(l.certFile);
      std::lock_guard<std::mutex> lock(mutex_);
      return now != served_.at(l.name);
    }
  }
  return false;
}

Result<std::vector<std::string>> ServedCertificates::reloadAll() {
  Status first;
  std::vector<std::string> done;
  for (const Listener& l : listeners_) {
    if (l.certFile.empty()) {
      continue;
    }
    const std::string pem = readFile(l.certFile);
    const Status loaded = reload_ ? reload_(l.name) : Status::unavailable("no reload");
    if (loaded.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      served_[l.name] = pem;
      done.push_back(l.name);
    } else if (first.ok()) {
      first = loaded;
    }
  }
  if (!first.ok()) {
    return first;
  }
  return done;
}

}  // namespace enp::admin
