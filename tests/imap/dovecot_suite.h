#pragma once

// A test suite sharing one Dovecot (starting one takes a second), and the settings of an
// account on it: implicit TLS, the server's own certificate trusted.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "dovecot_server.h"

namespace testsupport {

class DovecotSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(DovecotServer::installed())
        << "install dovecot-imapd and dovecot-pop3d (scripts/setup.sh)";
    server_ = new DovecotServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  /// An ImapAccount or Pop3Account for `user` on `port`. Each test uses its own user's INBOX,
  /// so tests do not see each other's mail.
  template <typename Account>
  static Account accountOn(uint16_t port, const std::string& user, const std::string& password) {
    Account a;
    a.host = "localhost";
    a.port = port;
    a.user = user;
    a.password = password;
    a.caFile = server_->caFile();
    a.timeout = std::chrono::seconds(10);
    return a;
  }

  static inline DovecotServer* server_ = nullptr;
};

}  // namespace testsupport
