#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include <memory>
#include <string>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/inbound/registration_account.h"
#include "enp/store/key_usage_store.h"
#include "enp/store/mail_account_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_cache.h"
#include "rules/zones.h"

namespace enp {

/// The registration API (DESIGN §4.3):
///   POST   /api/v1/registrations        Bearer <registration key>  -> 201 {id, secret,
///   callbackUrl} GET    /api/v1/registrations/{id}   Bearer <secret>            -> 200 the
///   registration PUT    /api/v1/registrations/{id}   Bearer <secret>            -> 200 (next mail
///   uses it) DELETE /api/v1/registrations/{id}   Bearer <secret>            -> 204 (callbacks
///   Unsubscribe)
/// A body with "account" (an IMAP or POP3 mailbox on a configured mail server) is answered
/// only after ENP logged in with it: 422 for a refused password or a missing folder, 503 when
/// the server cannot be reached, 502 when TLS fails (docs/imap.md).
/// Errors are JSON {"error", "field"?} with 400/401/404/405/413/415, and 500 when the database
/// fails.
class RegistrationHandler : public Poco::Net::HTTPRequestHandler {
 public:
  struct Deps {
    RegistrationStore& registrations;
    SettingsCache& settings;
    const rules::ZoneDb& zones;
    Metrics& metrics;
    const Clock& clock;
    std::string baseUrl;  ///< Callback URLs are baseUrl + "/ews/notify/" + token.
    size_t maxBodyBytes;
    std::chrono::milliseconds requestTimeout;  ///< For the whole body (slow clients: 408).
    KeyUsageStore& keyUsage;                   ///< "last used" of the registration keys.
    MailAccountStore& mailAccounts;            ///< Registrations with an "account".
    /// Verifies an account before it is stored (imap::checkMailLogin()).
    MailLoginCheck checkMailLogin;
    /// Shared by every handler: how many checks may run at once.
    std::shared_ptr<LoginCheckGate> loginChecks;
  };
  /// id is empty for the collection URL.
  RegistrationHandler(std::string id, Deps deps) : id_(std::move(id)), deps_(std::move(deps)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override;

 private:
  void create(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp);
  void change(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp);
  /// 500 "store_failed" with `message`; the Status goes to the log.
  void storeFailed(Poco::Net::HTTPServerResponse& resp, const std::string& message,
                   const Status& status);
  void fail(Poco::Net::HTTPServerResponse& resp, int status, const std::string& result,
            const std::string& message);
  void refuse(Poco::Net::HTTPServerResponse& resp, const AccountRefusal& refusal);
  /// The configured server of `account`, its login checked; nullptr after answering.
  const MailServer* checkAccount(Poco::Net::HTTPServerResponse& resp, const Settings& settings,
                                 const AccountBody& account, const std::string& mailbox);
  /// PUT's account part: the stored account changed as the body says (its password verified);
  /// false after answering. `stored` is the registration's account, if any.
  bool changeAccount(Poco::Net::HTTPServerResponse& resp, const RegistrationBody& body,
                     const std::optional<MailAccount>& stored);
  /// The body into *text; false after answering 413 or 408.
  bool readJsonBody(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                    std::string* text);

  const std::string id_;
  Deps deps_;
};

}  // namespace enp
