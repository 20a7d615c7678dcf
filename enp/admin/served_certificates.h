#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "enp/common/status.h"

namespace enp::admin {

/// The certificates the listeners serve, as their files read when they were loaded, so the
/// console can tell a file replaced since (an upload, a renewal by certbot) from the one in use,
/// and load it without a restart. Thread-safe.
class ServedCertificates {
 public:
  struct Listener {
    std::string name;      ///< "admin", "public"
    std::string certFile;  ///< "" when the listener has no TLS
  };
  /// Loads the listener's certificate and key files again (Listener::reloadTls).
  using Reload = std::function<Status(const std::string& listener)>;

  /// Reads each listener's certificate file now: what it serves since its start.
  ServedCertificates(std::vector<Listener> listeners, Reload reload);

  const std::vector<Listener>& listeners() const { return listeners_; }
  /// True when the listener's file is not the certificate it serves.
  bool changed(const std::string& listener) const;
  /// Loads every TLS listener's files again; the first failure (the others are still tried,
  /// a listener that failed keeps its certificate). The names of the listeners reloaded.
  Result<std::vector<std::string>> reloadAll();

 private:
  const std::vector<Listener> listeners_;
  const Reload reload_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> served_;  // GUARDED_BY(mutex_): listener -> PEM text
};

}  // namespace enp::admin
