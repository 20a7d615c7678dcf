#pragma once

// An ENP daemon process wired to an in-process fake Exchange and fake CNS, with one registered
// mailbox: the common set-up of the end-to-end tests.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "daemon.h"
#include "fake_cns.h"
#include "fake_exchange.h"
#include "http_client.h"

namespace itest {

inline constexpr const char* kMailbox = "alice@contoso.com";
inline constexpr const char* kDeviceToken = "apns-device-token-alice";
inline constexpr const char* kRegistrationKey = "regkey-0123456789abcdefghijkl";
inline constexpr const char* kHmacSecret = "cns-shared-secret-0123456789abcdef";

struct Registered {
  std::string id;
  std::string secret;
  std::string callbackUrl;
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Lines appended to the daemon's enp.conf (e.g. a [pipeline] section).
  virtual std::string daemonConfig() const { return ""; }
  /// The PostgreSQL database the daemon uses ("": as Daemon chooses: the test back-end's).
  virtual std::string postgresUrl() { return ""; }
  /// How the fake Exchange behaves (its minute, for subscriptions).
  virtual fakes::FakeExchangeOptions exchangeOptions() const { return {}; }
  /// How many connections the fake CNS serves at once (a thread each).
  virtual int cnsThreads() const { return 64; }
  /// The domains of the Exchange server in the settings (JSON strings, comma-separated).
  virtual std::string exchangeDomains() const { return R"("contoso.com")"; }
  /// Extra members of the Exchange server in the settings (",\"subscriptions\":\"enp\"").
  virtual std::string exchangeSettings() const { return ""; }
  /// More top-level sections of the settings (",\"mailServers\":[...]").
  virtual std::string moreSettings() const { return ""; }
  /// The settings document for the fakes (privacy etc. can be changed before start).
  std::string settingsJson() const;
  /// Imports settingsJson() with `enp settings import`.
  void importSettings();
  /// Registers a mailbox through the public API; policyJson is merged into the body.
  Registered registerMailbox(const std::string& mailbox, const std::string& policyFields = "");

  /// Adds a message to the fake mailbox.
  void addMail(const std::string& id, const std::string& subject,
               const std::string& mailbox = kMailbox);
  /// The message addMail() adds: from Bob Builder, received now.
  static fakes::FakeItem mailItem(const std::string& id, const std::string& subject);

  /// Exchange pushes one notification with a NewMailEvent for itemId (timestamped now).
  fakes::PushOutcome pushNewMail(const std::string& callbackUrl, const std::string& itemId,
                                 const std::string& subscriptionId = "sub-1");
  fakes::PushOutcome pushXml(const std::string& callbackUrl, const std::string& xml);

  /// The registration's callback URL on the daemon's current port (it changes on a restart).
  std::string callbackUrlNow(const Registered& r) const;

  std::string metrics();
  /// Waits for `count` log lines containing needle; fails the test with the log otherwise.
  void expectLog(const std::string& needle, size_t count = 1);

  static std::string nowXsDateTime();
  /// Registration policy fields that suppress a mail arriving now: work hours only (no weekend
  /// alerts, no VIPs after hours), every day a work day, in a one-minute window twelve hours
  /// from now in UTC (ten or more hours from now in Europe/Berlin, the fixture's zone).
  static std::string outsideWorkHoursNow();

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<fakes::FakeExchange> exchange_;
  std::unique_ptr<fakes::FakeCns> cns_;
  std::unique_ptr<Daemon> daemon_;
  std::string privacy_ = "full";
  Registered reg_;
};

}  // namespace itest
