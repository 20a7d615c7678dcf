#pragma once

// FakeExchange: an in-process Exchange for tests and benchmarks. A real Poco HTTPServer on
// loopback serving EWS GetItem (Basic auth, ExchangeImpersonation, X-AnchorMailbox) from a fixture
// mailbox store, with scripted failures, and Exchange's push side (SendNotification POSTs with
// the Exchange retry schedule). It also owns push subscriptions like Exchange: Subscribe
// (schema-validated, impersonated, with the X-BackEndOverrideCookie affinity cookie), heartbeats
// every StatusFrequency, NewMailEvents for delivered mail with chained watermarks, retries and
// death of unanswered subscriptions, replay from a watermark, FindItem and GetUserAvailability
// (see push_subscriptions.h). It is a second implementation of the wire format: it shares no
// code with enp_ews.
//
// Thread safety: every public method may be called from any thread while the server runs.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
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
#include "push_subscriptions.h"
#include "schema_validator.h"
#include "send_notification.h"
#include "soap_call.h"

namespace fakes {

struct FakeExchangeOptions {
  ListenOptions listen;                      ///< Default 127.0.0.1:0, 64 threads.
  std::string user = "svc-enp@contoso.com";  ///< The service account (HTTP Basic).
  std::string password = "Passw0rd!";
  std::string realm = "mail.contoso.com";  ///< In WWW-Authenticate: Basic realm="...".
  ServerVersionInfo version;
  /// Any item id in any mailbox exists (a message synthesised from the id); for load tests.
  bool synthesizeItems = false;
  /// Recorded requests kept (oldest dropped; 0: none recorded); counters are exact.
  size_t maxRecorded = 10000;
  size_t maxBodyBytes = 1 << 20;
  /// Push subscriptions: the length of an Exchange minute, retention of event tables, ...
  PushEngineOptions push;
  /// Requests other than GetItem are validated against this schema (an invalid one is answered
  /// ErrorSchemaValidation, as Exchange does); empty = no validation. Default: the Exchange 2019
  /// wrapper schema of this source tree.
  std::string schemaFile = defaultSchemaFile();
  /// The Mailbox server named in X-BackEndOverrideCookie values.
  std::string backEndServer = "MBX01.contoso.com";
  /// Serves /control/... on the same port: mail, restart, forget-events, subscriptions
  /// (exchange_control.h). The fake-exchange program turns it on; tests call the methods.
  bool control = false;

  static std::string defaultSchemaFile();
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
    /// HTTP 200 ErrorMailboxMoveInProgress: a response message error (a fault for GetItem).
    kMailboxMoveInProgress,
  };
  Kind kind = Kind::kServerBusy;
  std::string mailbox;  ///< Empty: applies to the next request for any mailbox.
  /// The operation it answers: GetItem, Subscribe, FindItem or GetUserAvailability.
  std::string operation = "GetItem";
  std::chrono::milliseconds backOff{0};
  std::chrono::milliseconds delay{0};

  static ScriptedAnswer serverBusy(std::chrono::milliseconds backOff, std::string mailbox = {});
  static ScriptedAnswer of(Kind kind, std::string mailbox = {});
  static ScriptedAnswer delayed(std::chrono::milliseconds delay, std::string mailbox = {});
  /// The same answer for another operation.
  ScriptedAnswer forOperation(std::string name) const;
};

/// What one authenticated Subscribe, FindItem or GetUserAvailability request carried.
struct RecordedCall {
  std::string operation;
  std::string impersonationKind;
  std::string mailbox;  ///< The impersonated mailbox as sent.
  std::string anchorMailbox;
  bool preferServerAffinity = false;  ///< X-PreferServerAffinity: true.
  std::string backEndOverrideCookie;  ///< From the Cookie header; empty when not sent.
  std::string soapAction;
  std::string body;
  /// When its headers had arrived (before any latency, parsing or schema validation).
  std::chrono::steady_clock::time_point at;
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
  uint64_t requests = 0;       ///< Every HTTP request.
  uint64_t maxConcurrent = 0;  ///< The most requests being answered at once (latency included).
  uint64_t unauthorized = 0;   ///< 401 for bad or missing credentials (not scripted ones).
  uint64_t getItems = 0;       ///< Authenticated, parsed GetItem requests.
  uint64_t itemsServed = 0;
  uint64_t itemsNotFound = 0;
  uint64_t anchorMismatches = 0;  ///< X-AnchorMailbox missing or not the impersonated mailbox.
  uint64_t impersonationDenied = 0;
  uint64_t nonExistentMailbox = 0;
  uint64_t scripted = 0;     ///< Scripted answers consumed.
  uint64_t badRequests = 0;  ///< Not XML, not SOAP, not an operation served here.
  uint64_t subscribes = 0;   ///< Authenticated Subscribe requests (answered or not).
  uint64_t findItems = 0;
  uint64_t availabilityRequests = 0;
  uint64_t schemaRejected = 0;  ///< Answered ErrorSchemaValidation.
  /// Requests for a mailbox with an active subscription that lacked its X-BackEndOverrideCookie
  /// (or sent another one): on a real multi-server site they could reach the wrong server.
  uint64_t affinityMisses = 0;
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
  /// Waits until `n` requests are being answered at once (they arrived and wait out the
  /// latency); false on timeout.
  bool waitForConcurrent(uint64_t n, std::chrono::milliseconds timeout) const;

  // --- Subscriptions (push_subscriptions.h) ---
  /// A message arrives: stored like addItem() and, for subscriptions on the mailbox,
  /// CreatedEvent + NewMailEvent time-stamped with item.received.
  void deliverMail(const std::string& mailbox, FakeItem item);
  /// The working hours GetUserAvailability reports for the mailbox (nullopt: none).
  void setWorkingHours(const std::string& mailbox, std::optional<FakeWorkingHours> hours);
  /// Exchange restarts: every subscription is forgotten and pushing stops; event tables and
  /// mailboxes survive.
  void restart();
  /// Ends one subscription silently; false when unknown.
  bool dropSubscription(const std::string& subscriptionId);
  /// The mailbox's old watermarks become invalid (ErrorInvalidWatermark on resubscribe).
  void forgetEvents(const std::string& mailbox);
  void setEventsKeptPerMailbox(size_t kept);
  /// Subscriptions since the last restart, ended ones included.
  std::vector<SubscriptionInfo> subscriptions() const;
  std::vector<SentNotification> sentNotifications() const;
  PushCounters pushCounters() const;
  /// Waits until done(pushCounters()); false on timeout.
  bool waitForPush(const std::function<bool(const PushCounters&)>& done,
                   std::chrono::milliseconds timeout) const;
  std::vector<RecordedCall> calls() const;
  /// The X-BackEndOverrideCookie value Exchange gives for a mailbox.
  std::string backEndCookieFor(const std::string& mailbox) const;

  /// Exchange pushing `xml` to a subscription's callback, retrying on its schedule. Blocks; a
  /// pending retry wait ends when this fake is destroyed.
  PushOutcome push(const std::string& callbackUrl, const std::string& xml,
                   const PushOptions& options = {});

 private:
  class Handler;
  // An HTTP answer; status -1 drops the connection (shutting down), -2 means "no canned answer".
  struct Answer {
    int status = 200;
    std::string body;
    std::string contentType = "text/xml; charset=utf-8";
    bool challenge = false;  // Adds WWW-Authenticate: Basic realm.
    std::vector<std::pair<std::string, std::string>> headers = {};
  };
  // What the handler hands over of an authenticated-or-not POST to the EWS path.
  struct Incoming {
    std::string user;
    std::string password;
    std::string body;
    std::string anchor;
    std::string soapAction;
    std::string cookie;  // The X-BackEndOverrideCookie value of the Cookie header.
    bool preferAffinity = false;
    std::chrono::steady_clock::time_point at;  // When the handler got the request.
  };
  Answer handle(const Incoming& in);
  Answer getItem(const Incoming& in);
  // Subscribe, FindItem, GetUserAvailability (fake_exchange_subscriptions.cc).
  Answer subscriptionOperation(const Incoming& in, const SoapCall& call);
  Answer scriptedAnswer(const ScriptedAnswer& scripted, const std::string& operation);
  std::optional<ScriptedAnswer> takeScripted(const std::string& mailbox,
                                             const std::string& operation);

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
  uint64_t concurrent_ = 0;  // GUARDED_BY(mutex_): requests being answered now
  std::deque<RecordedGetItem> recorded_;
  ExchangeCounters counters_;
  std::unordered_map<std::string, FakeWorkingHours> workingHours_;
  std::deque<RecordedCall> calls_;
  std::shared_ptr<const SchemaValidator> schema_;  // Null: no validation.

  PushEngine push_;  // Thread-safe on its own; stops before the members above go.

  std::unique_ptr<LoopbackServer> server_;  // Last: stopped first.
};

}  // namespace fakes
