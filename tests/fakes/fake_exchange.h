#pragma once

// FakeExchange: an in-process Exchange for tests and benchmarks. A real Poco HTTPServer on
// loopback serving EWS GetItem (Basic auth, ExchangeImpersonation, X-AnchorMailbox) from a fixture
// mailbox store, with scripted failures, and Exchange's push side (SendNotification POSTs with
// the Exchange retry schedule). It is a second implementation of the wire format: it shares no
// code with enp_ews.
//
// Thread safety: every public method may be called from any thread while the server runs.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "fake_mailbox.h"
#include "fixtures_json.h"
#include "loopback_server.h"
#include "notification_pusher.h"
#include "send_notification.h"

namespace fakes {

struct FakeExchangeOptions {
  ListenOptions listen;                      ///< Default 127.0.0.1:0, 64 threads.
  std::string user = "svc-enp@contoso.com";  ///< The service account (HTTP Basic).
  std::string password = "Passw0rd!";
  std::string realm = "mail.contoso.com";  ///< In WWW-Authenticate: Basic realm="...".
  ServerVersionInfo version;
  /// Any item id in any mailbox exists (a message synthesised from the id); for load tests.
  bool synthesizeItems = false;
  size_t maxRecorded = 10000;  ///< Recorded requests kept (oldest dropped); counters are exact.
  size_t maxBodyBytes = 1 << 20;
};

/// A canned answer that replaces the normal one for the next matching GetItem request.
struct ScriptedAnswer {
  enum class Kind {
    kServerBusy,             ///< HTTP 500 fault ErrorServerBusy + BackOffMilliseconds.
    kUnauthorized,           ///< HTTP 401, no body.
    kServiceUnavailable,     ///< HTTP 503, plain body (IIS request queue full).
    kAccessDenied,           ///< HTTP 500 fault ErrorAccessDenied.
    kInternalServerError,    ///< HTTP 200, every item ErrorInternalServerError (inner ServerBusy).
    kImpersonateUserDenied,  ///< HTTP 500 fault ErrorImpersonateUserDenied.
    kDelay,                  ///< Answer normally after `delay` (a hang when longer than timeouts).
  };
  Kind kind = Kind::kServerBusy;
  std::string mailbox;  ///< Empty: applies to the next request for any mailbox.
  std::chrono::milliseconds backOff{0};
  std::chrono::milliseconds delay{0};

  static ScriptedAnswer serverBusy(std::chrono::milliseconds backOff, std::string mailbox = {});
  static ScriptedAnswer of(Kind kind, std::string mailbox = {});
  static ScriptedAnswer delayed(std::chrono::milliseconds delay, std::string mailbox = {});
};

/// What one authenticated GetItem request carried.
struct RecordedGetItem {
  std::string user;
  std::string impersonationKind;  ///< SmtpAddress, PrimarySmtpAddress, PrincipalName, SID or "".
  std::string mailbox;            ///< The impersonated mailbox as sent.
  std::vector<std::string> itemIds;
  std::string requestServerVersion;  ///< t:RequestServerVersion/@Version.
  std::string anchorMailbox;         ///< X-AnchorMailbox header.
  std::string soapAction;
  std::string body;  ///< Raw request body.
};

struct ExchangeCounters {
  uint64_t requests = 0;      ///< Every HTTP request.
  uint64_t unauthorized = 0;  ///< 401 for bad or missing credentials (not scripted ones).
  uint64_t getItems = 0;      ///< Authenticated, parsed GetItem requests.
  uint64_t itemsServed = 0;
  uint64_t itemsNotFound = 0;
  uint64_t anchorMismatches = 0;  ///< X-AnchorMailbox missing or not the impersonated mailbox.
  uint64_t impersonationDenied = 0;
  uint64_t nonExistentMailbox = 0;
  uint64_t scripted = 0;     ///< Scripted answers consumed.
  uint64_t badRequests = 0;  ///< Not XML, not SOAP, not GetItem.
};

class FakeExchange {
 public:
  explicit FakeExchange(FakeExchangeOptions options = {});
  ~FakeExchange();
  FakeExchange(const FakeExchange&) = delete;
  FakeExchange& operator=(const FakeExchange&) = delete;

  uint16_t port() const;
  /// "http://127.0.0.1:PORT/EWS/Exchange.asmx"
  std::string ewsUrl() const;
  /// The options; user and password may be changed by loadFixtures() (call it before serving).
  const FakeExchangeOptions& options() const { return options_; }

  // Mailbox store. Addresses compare case-insensitively.
  void addMailbox(const std::string& smtp);
  /// Adds (or replaces, by id) an item; creates the mailbox if needed.
  void addItem(const std::string& mailbox, FakeItem item);
  void removeItem(const std::string& mailbox, const std::string& itemId);
  /// Adds the fixtures' mailboxes and items, and applies their account and allow-list.
  void loadFixtures(const Fixtures& fixtures);

  // Impersonation rights of the service account (ApplicationImpersonation scope).
  void restrictImpersonationTo(const std::vector<std::string>& mailboxes);
  void allowImpersonationOfAll();

  /// Queues a scripted answer `times` times; consumed in order by matching requests.
  void script(const ScriptedAnswer& answer, int times = 1);
  void clearScript();
  /// Added before every answer (also 401s); waits without holding locks.
  void setLatency(std::chrono::milliseconds latency);

  std::vector<RecordedGetItem> requests() const;
  ExchangeCounters counters() const;
  /// Blocks until at least n GetItem requests have arrived in total; false on timeout.
  bool waitForGetItems(uint64_t n, std::chrono::milliseconds timeout) const;

  /// Exchange pushing `xml` to a subscription's callback, retrying on its schedule. Blocks; a
  /// pending retry wait ends when this fake is destroyed.
  PushOutcome push(const std::string& callbackUrl, const std::string& xml,
                   const PushOptions& options = {});

 private:
  class Handler;
  struct Answer;
  Answer handle(const std::string& user, const std::string& password, const std::string& body,
                const std::string& anchor, const std::string& soapAction);
  std::optional<ScriptedAnswer> takeScripted(const std::string& mailbox);

  // Constant after construction
  FakeExchangeOptions options_;

  StopSignal stop_;  // Thread-safe on its own.

  // State below is protected by mutex_
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::unordered_map<std::string, std::unordered_map<std::string, FakeItem>> mailboxes_;
  std::optional<std::set<std::string>> impersonationAllowed_;
  std::deque<ScriptedAnswer> script_;
  std::chrono::milliseconds latency_{0};
  std::deque<RecordedGetItem> recorded_;
  ExchangeCounters counters_;

  std::unique_ptr<LoopbackServer> server_;  // Last: stopped first.
};

}  // namespace fakes
