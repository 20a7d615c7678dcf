#pragma once

// FakeGraph: Microsoft Graph and the Microsoft identity platform for tests, in-process on
// loopback (a real Poco HTTPServer, HTTPS with a certificate of its own unless told otherwise),
// speaking their wire formats as Microsoft documents them:
//  - POST /{tenant}/oauth2/v2.0/token: client credentials with a client secret or a client
//    assertion checked against the uploaded certificate (graph_token_check.h); Entra ID's error
//    JSON with AADSTS codes;
//  - POST /v1.0/subscriptions: validates notificationUrl and lifecycleNotificationUrl first
//    (POST ?validationToken=..., 200 text/plain echo within 10 s, else 400 ValidationError),
//    then 201 with the subscription; the lifetime granted is at most `grantedLifetime`;
//    PATCH /v1.0/subscriptions/{id} renews (404 ResourceNotFound when gone), DELETE removes;
//  - GET /v1.0/users/{mailbox}/messages/{id}?$select=... (404 ErrorItemNotFound), the Inbox's
//    newest message ($top=1, a test); 404 ErrorInvalidUser for a mailbox it does not know;
//  - GET /v1.0/users/{mailbox}/mailFolders('Inbox')/messages/delta (fake_graph_delta.cc): a
//    delta query, the initial round (optionally $filter=receivedDateTime ge ...) or the changes
//    since a @odata.deltaLink's $deltatoken, `deltaPageSize` messages a page chained by
//    @odata.nextLink ($skiptoken), the last page with a new @odata.deltaLink; 410 for a
//    deltatoken it cannot read;
//  - scripted throttling (429/503 with Retry-After) of message GETs, creates and renewals, and
//    message GETs held until released;
//  - GET /v1.0/users/{mailbox}/mailboxSettings/workingHours: {daysOfWeek, startTime, endTime,
//    timeZone{name}} (Outlook's default Monday to Friday 08:00-17:00 when none was set; 403
//    ErrorAccessDenied without MailboxSettings.Read);
//  - change notifications ({"value":[{subscriptionId, clientState, changeType, resource,
//    resourceData{@odata.type, @odata.id, @odata.etag, id}, subscriptionExpirationDateTime,
//    tenantId}]}) to notificationUrl when mail is delivered, and lifecycle notifications.
// Every Graph call needs a Bearer token it issued (401 InvalidAuthenticationToken otherwise).
// It shares no code with ENP.
//
// Thread safety: every public method may be called from any thread while the server runs.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graph_token_check.h"
#include "loopback_server.h"

namespace fakes {

struct FakeGraphOptions {
  ListenOptions listen;
  /// HTTPS on loopback with a freshly generated self-signed certificate for 127.0.0.1 and
  /// localhost (FakeGraph::caFile() makes it trusted); false: plain HTTP.
  bool https = true;
  /// Messages on one page of a delta query (a client's Prefer: odata.maxpagesize is ignored).
  int deltaPageSize = 2;
  std::string tenantId = "contoso.onmicrosoft.com";
  std::string tenantGuid = "9f2d6b1e-6a0c-4f8e-9a51-0c1d2e3f4a5b";  ///< In notifications.
  std::string clientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
  std::string clientSecret;    ///< Accepted secret; "" = none.
  std::string certificatePem;  ///< Uploaded certificate; "" = none.
  std::chrono::seconds tokenLifetime{3599};
  /// The longest subscription lifetime granted (Graph's is 10,080 minutes for messages); a
  /// later expirationDateTime asked for is cut to it.
  std::chrono::milliseconds grantedLifetime{std::chrono::minutes(10080)};
  /// Called with each new subscription's id after it is stored and before the create is
  /// answered: what Graph sends meanwhile reaches ENP before the id does.
  std::function<void(const std::string& subscriptionId)> beforeCreateAnswer;
  /// False: the app lacks MailboxSettings.Read (403 on mailboxSettings).
  bool mailboxSettingsReadable = true;
};

/// A mailbox's working hours as Graph's workingHours resource has them.
struct FakeGraphWorkingHours {
  std::vector<std::string> daysOfWeek = {"monday", "tuesday", "wednesday", "thursday", "friday"};
  std::string startTime = "08:00:00.0000000";
  std::string endTime = "17:00:00.0000000";
  std::string timeZone = "Pacific Standard Time";  ///< Windows or IANA name.
};

struct FakeGraphMessage {
  std::string id;
  std::string fromName;
  std::string fromAddress;
  std::string subject;
  std::string bodyPreview;
  std::string receivedDateTime;  ///< "2024-03-05T09:15:00Z"
  std::string importance = "normal";
};

struct FakeGraphSubscription {
  std::string id;
  std::string mailbox;  ///< From the resource users/{mailbox}/mailFolders('Inbox')/messages.
  std::string resource;
  std::string changeType;
  std::string notificationUrl;
  std::string lifecycleUrl;
  std::string clientState;
  std::string expirationDateTime;  ///< As granted.
  int renewals = 0;
  bool active = true;
};

struct FakeGraphCounters {
  uint64_t tokensIssued = 0;
  uint64_t tokensRefused = 0;
  uint64_t assertions = 0;  ///< Tokens issued for a client assertion.
  uint64_t creates = 0;     ///< Subscriptions created.
  uint64_t createsRefused = 0;
  uint64_t validations = 0;  ///< Validation requests answered correctly.
  uint64_t renewals = 0;
  uint64_t renewalsNotFound = 0;
  uint64_t deletes = 0;
  uint64_t messageGets = 0;
  uint64_t messageGetsInFlight = 0;     ///< Answers not sent yet (held ones among them).
  uint64_t maxMessageGetsInFlight = 0;  ///< The most at once, per mailbox.
  uint64_t throttled = 0;               ///< 429/503 answers sent as scripted.
  uint64_t deltaRequests = 0;           ///< Every page of every delta query.
  uint64_t deltaInitialRounds = 0;      ///< Delta queries started without a deltatoken.
  uint64_t deltaFollowUps = 0;          ///< Delta queries started from a deltaLink.
  uint64_t deltaGone = 0;               ///< 410 answers to unreadable tokens.
  uint64_t unauthorized = 0;            ///< Graph calls without a valid token.
  uint64_t notificationsSent = 0;
  uint64_t inboxReads = 0;  ///< Newest-message queries (tests of the settings).
  uint64_t workingHoursReads = 0;
};

/// How ENP answered one notification POST.
struct GraphPostResult {
  int status = 0;  ///< 0: no answer.
  std::chrono::milliseconds took{0};
  std::string body;
};

class FakeGraph {
 public:
  explicit FakeGraph(FakeGraphOptions options);
  ~FakeGraph();
  FakeGraph(const FakeGraph&) = delete;
  FakeGraph& operator=(const FakeGraph&) = delete;

  /// "https://127.0.0.1:PORT" ("http://" without options.https): both the authority and Graph
  /// (graph[].authorityUrl, graphUrl).
  std::string url() const;
  /// The PEM file of the server's self-signed certificate: the CA file that makes it trusted
  /// (graph[].caFile); "" without options.https.
  std::string caFile() const { return caFile_; }
  const FakeGraphOptions& options() const { return options_; }

  /// A mailbox with no message yet (Graph knows it).
  void addMailbox(const std::string& mailbox);
  /// The mailbox's working hours (it is added when unknown).
  void setWorkingHours(const std::string& mailbox, FakeGraphWorkingHours hours);
  /// Stores a message (no notification).
  void addMessage(const std::string& mailbox, FakeGraphMessage message);
  /// A message arrives: stored, and a "created" change notification POSTed to every active
  /// subscription on the mailbox (blocking; the answers are returned in order).
  std::vector<GraphPostResult> deliverMail(const std::string& mailbox, FakeGraphMessage message);
  /// A lifecycle notification (reauthorizationRequired, subscriptionRemoved, missed) for a
  /// subscription; subscriptionRemoved also ends it. The answer, or status 0 when unknown.
  GraphPostResult sendLifecycle(const std::string& subscriptionId, const std::string& event);
  /// POSTs `json` to `url` as Graph posts notifications.
  GraphPostResult post(const std::string& url, const std::string& json);
  /// Ends a subscription silently (its renewal then gets 404).
  bool dropSubscription(const std::string& subscriptionId);
  /// True: message GETs wait (counted in messageGetsInFlight) until it is set to false again.
  void holdMessageGets(bool hold);
  /// The next `times` calls of `call` ("message" GET, "create", "renew", "delta" page) are
  /// answered `status`
  /// (429 or 503) with Retry-After: retryAfterSeconds, as Graph throttles.
  void throttle(const std::string& call, int status, int retryAfterSeconds, int times = 1);
  /// When each call of `call` ("message", "create", "renew", "delta") came, answered or
  /// throttled.
  std::vector<std::chrono::steady_clock::time_point> callTimes(const std::string& call) const;
  /// The next delta request with a $deltatoken is answered 410 Gone (Graph lost the state).
  void loseDeltaState();
  /// The query of the last delta request, decoded ("$deltatoken=..." etc.).
  std::string lastDeltaQuery() const;

  std::vector<FakeGraphSubscription> subscriptions() const;
  FakeGraphCounters counters() const;
  /// The last token request's check (assertion header and claims), for assertions.
  TokenCheck lastTokenCheck() const;
  /// Waits until done(counters()); false on timeout.
  bool waitFor(const std::function<bool(const FakeGraphCounters&)>& done,
               std::chrono::milliseconds timeout) const;

 private:
  class Handler;
  struct Answer {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers = {};
  };
  Answer handle(const std::string& method, const std::string& uri, const std::string& body,
                const std::string& authorization);
  Answer token(const std::string& tenant, const std::string& body);
  Answer createSubscription(const std::string& body);
  Answer renewSubscription(const std::string& id, const std::string& body);
  Answer deleteSubscription(const std::string& id);
  Answer getMessage(const std::string& mailbox, const std::string& id);
  Answer delta(const std::string& mailbox, const std::string& query);
  std::optional<Answer> throttled(const std::string& call);
  Answer newestInInbox(const std::string& mailbox, const std::string& query);
  Answer workingHours(const std::string& mailbox);
  Poco::JSON::Object messageJson(const std::string& mailbox, const FakeGraphMessage& m) const;
  std::string notificationJson(const FakeGraphSubscription& s, const std::string& messageId) const;
  bool validate(const std::string& url);

  const FakeGraphOptions options_;
  StopSignal stop_;
  std::string certDir_;  // the server's key and certificate; removed by the destructor
  std::string caFile_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::set<std::string> tokens_;                                              // issued
  std::map<std::string, std::map<std::string, FakeGraphMessage>> mailboxes_;  // lower-case
  std::map<std::string, FakeGraphSubscription> subscriptions_;                // by id
  std::map<std::string, FakeGraphWorkingHours> workingHours_;                 // lower-case
  std::vector<std::string> subscriptionOrder_;
  FakeGraphCounters counters_;
  TokenCheck lastTokenCheck_;
  uint64_t nextId_ = 1;
  bool holdGets_ = false;
  bool loseDeltaState_ = false;
  bool stopping_ = false;
  std::map<std::string, uint64_t> inFlight_;                          // message GETs by mailbox
  uint64_t changeSeq_ = 0;                                            // last change made
  std::map<std::string, std::map<std::string, uint64_t>> changedAt_;  // mailbox -> id -> seq
  struct Throttle {
    int status = 429;
    int retryAfterSeconds = 1;
    int times = 0;
  };
  std::map<std::string, Throttle> throttles_;  // by call
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> callTimes_;
  std::string lastDeltaQuery_;

  std::unique_ptr<LoopbackServer> server_;  // Last: stopped first.
};

/// "2024-03-05T09:15:00.0000000Z" for a time point (Graph's seven fraction digits).
std::string graphDateTime(std::chrono::system_clock::time_point t);

}  // namespace fakes
