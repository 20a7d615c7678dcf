#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/alert_settings.h"
#include "enp/config/graph_tenant.h"
#include "enp/config/mail_server.h"
#include "ews/transport.h"
#include "ews/types.h"

namespace enp {

/// One Exchange server (DESIGN §4.2.1 "exchange").
struct ExchangeServer {
  std::string name;
  std::string ewsUrl;
  ews::ServerVersion version = ews::ServerVersion::kExchange2013;
  ews::Auth auth;                    ///< The service account with ApplicationImpersonation.
  std::string caFile;                ///< Empty = system trust store.
  std::vector<std::string> domains;  ///< Lower-case mail domains it serves; empty = any.
  /// Who creates the push subscriptions of its registrations: the app (kApp, with the callback
  /// URL it was given) or ENP (kEnp: ENP subscribes, watches and renews).
  enum class Subscriptions { kApp, kEnp };
  Subscriptions subscriptions = Subscriptions::kApp;
  int statusFrequencyMinutes = 15;  ///< 1-1440: heartbeat interval of ENP's subscriptions.
  /// A lab's explicit consent to an http:// ewsUrl with Basic authentication (the password
  /// then crosses the network in clear); refused without it.
  bool allowInsecureHttp = false;
};

struct CnsSettings {
  std::string url;
  std::string organizationId;
  std::string token;  ///< Secret: bearer token CNS issued to the organisation.
  std::string audience;
  std::string algorithm = "HS256";  ///< HS256 | RS256 | ES256
  std::string key;                  ///< Secret: HS256 shared secret or PEM private key.
  std::string keyId;
};

struct RegistrationKey {
  std::string label;
  std::string key;  ///< Secret: handed to apps by the device-management system.
};

struct PolicySettings {
  std::string privacy = "full";  ///< full | no-snippet | sender-only | none
  int snippetLength = 140;
  int maxAgeMinutes = 60;  ///< Older notifications expire instead of arriving late.
  /// Registration policy fields (timeZone, workHours, workHoursOnly, weekendAlerts,
  /// vipAfterHours, vips, detailed) that the registration API applies when a request leaves them
  /// out. A JSON object, compact. Only its field names are checked here; the registration API and
  /// the admin API check the values (time zones need the zone database).
  std::string registrationDefaults = "{}";
};

/// Everything the console (or `enp settings import`) configures, as one document.
struct Settings {
  std::vector<ExchangeServer> exchange;
  std::vector<GraphTenant> graph;       ///< Exchange Online tenants (Microsoft Graph).
  std::vector<MailServer> mailServers;  ///< IMAP and POP3 servers registrations may name.
  CnsSettings cns;
  std::vector<RegistrationKey> registrationKeys;
  PolicySettings policy;
  AlertSettings alerts;

  /// The server for a mailbox: the first whose domains list its domain, else the first with no
  /// domains; nullptr when none.
  const ExchangeServer* serverFor(const std::string& mailbox) const;

  /// The Graph tenant whose domains list the mailbox's domain; nullptr when none. A mailbox it
  /// returns a tenant for is Graph's, even when an Exchange server lists the domain too.
  const GraphTenant* graphFor(const std::string& mailbox) const;
  /// Every domain of every Graph tenant (lower-case).
  std::vector<std::string> graphDomains() const;
  /// The mail server of that name; nullptr when none.
  const MailServer* mailServer(const std::string& name) const;

  /// Missing pieces that keep ENP from working (for /readyz and check-config); empty = complete.
  std::vector<std::string> incomplete() const;
};

/// How much settingsFromJson() checks.
enum class SettingsCheck {
  /// A document from an administrator (`enp settings import`, the admin API): everything the
  /// pipeline or the console would refuse later is refused now (e.g. a CNS key the signer
  /// cannot use). Incomplete settings stay allowed (/readyz and check-config list what is
  /// missing), so an empty cns.key is fine.
  kInput,
  /// The document as SettingsStore wrote it, from input the version that wrote it had checked:
  /// it loads even where this version checks more (a CNS key an earlier version accepted), so
  /// the console can show and fix it; check-config and the pipeline report the key.
  kStored,
};

/// The document, validated as a whole. kInvalid with a message naming the field path
/// ("exchange[0].auth.type: expected basic|ntlm|negotiate|certificate, got 'x'").
Result<Settings> settingsFromJson(const Poco::JSON::Object& doc,
                                  SettingsCheck check = SettingsCheck::kInput);

/// The document; secrets are left out unless withSecrets (then "set": true marks them).
Poco::JSON::Object::Ptr settingsToJson(const Settings& s, bool withSecrets);

/// One section each, as in the document; `path` prefixes error messages ("" for none). Absent
/// members keep the defaults of the struct (not a previous value: see keepSecrets()). With
/// kInput an unknown member is an error naming it; the "<secret>Set" markers of an export
/// without secrets (and the CNS "publicKey" the admin API shows) are accepted and ignored, so
/// an exported document imports again. A problem is kInvalid, its message naming the field.
Result<ExchangeServer> exchangeServerFromJson(const Poco::JSON::Object& o, const std::string& path,
                                              SettingsCheck check = SettingsCheck::kInput);
/// cns.key, when not empty, must suit cns.algorithm (readCnsKey(), enp/config/cns_key.h) unless
/// check is kStored.
Result<CnsSettings> cnsFromJson(const Poco::JSON::Object& o, const std::string& path,
                                SettingsCheck check = SettingsCheck::kInput);
/// graph[i]: tenantId, clientId (a GUID), auth and at least one domain are required; URLs are
/// http(s) and lose a trailing slash.
Result<GraphTenant> graphTenantFromJson(const Poco::JSON::Object& o, const std::string& path,
                                        SettingsCheck check = SettingsCheck::kInput);
Result<PolicySettings> policySettingsFromJson(const Poco::JSON::Object& o, const std::string& path,
                                              SettingsCheck check = SettingsCheck::kInput);
/// Secrets as in settingsToJson: left out (with "<name>Set": true) unless withSecrets.
Poco::JSON::Object::Ptr exchangeServerToJson(const ExchangeServer& s, bool withSecrets);
Poco::JSON::Object::Ptr graphTenantToJson(const GraphTenant& g, bool withSecrets);
Poco::JSON::Object::Ptr cnsToJson(const CnsSettings& c, bool withSecrets);
Poco::JSON::Object::Ptr policySettingsToJson(const PolicySettings& p);
Poco::JSON::Object::Ptr registrationKeyToJson(const RegistrationKey& k, bool withSecrets);

}  // namespace enp

namespace enp {
/// Secrets absent from `next` (an export without secrets, re-imported) keep their value from
/// `previous`: servers and Graph tenants are matched by name, registration keys by label. A
/// secret is kept only where it was saved for (secret_origin.h); a Graph client secret also only
/// for the same client id.
Status keepSecrets(const Settings& previous, Settings* next);
}  // namespace enp
