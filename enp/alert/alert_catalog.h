#pragma once

#include <cstdint>
#include <string>

#include "enp/alert/alert_board.h"

/// Every alert ENP raises: its key (what and where), severity and plain-language texts, in one
/// place so the mail, the console and the README say the same. Details passed in must hold no
/// secrets and no mail content (they come from Failure::detail and the like).
namespace enp::alerts {

std::string exchangeAuthKey(const std::string& server);          // "exchange-auth:mail1"
std::string exchangeUnreachableKey(const std::string& server);   // "exchange-unreachable:mail1"
std::string subscriptionsFailingKey(const std::string& server);  // "subscriptions-failing:mail1"
std::string graphAuthKey(const std::string& tenant);             // "graph-auth:online"
std::string graphUnreachableKey(const std::string& tenant);      // "graph-unreachable:online"
inline constexpr const char* kCnsRejects = "cns-rejects";
inline constexpr const char* kCnsUnreachable = "cns-unreachable";
inline constexpr const char* kCnsConfig = "cns-config";
inline constexpr const char* kQueueBacklog = "queue-backlog";
inline constexpr const char* kDiskSpace = "disk-space";
inline constexpr const char* kDatabase = "database-commit";
std::string mailLoginsFailingKey(const std::string& server);  // "mail-logins-failing:icloud"
std::string certificateKey(const std::string& listener);      // "certificate-expiry:public"

/// Exchange refused the service account (401) or its impersonation of a mailbox.
AlertText exchangeAuth(const std::string& server, const std::string& detail,
                       const std::string& advice);
/// Exchange failed for every mail until ENP held its queue.
AlertText exchangeUnreachable(const std::string& server, const std::string& detail);
/// ENP's push subscriptions on a server fail to be created or renewed.
AlertText subscriptionsFailing(const std::string& server, const std::string& detail);
/// A graph[] tenant whose subscriptions ENP cannot create or renew (key
/// "subscriptions-failing:graph:<tenant>").
AlertText graphSubscriptionsFailing(const std::string& tenant, const std::string& detail);
/// Many accounts on one mailServers[] server had their password refused (detail: how many).
AlertText mailLoginsFailing(const std::string& server, const std::string& detail);
/// Reading mail of a graph[] tenant fails for its credentials or rights: a token refused
/// (wrong tenant or client id, consent missing, certificate not uploaded, secret expired), a
/// credential ENP cannot present (certificate or key unreadable, no secret), or Graph's 401/403.
AlertText graphAuth(const std::string& tenant, const std::string& detail,
                    const std::string& advice);
/// Graph (or its token endpoint) failed for every mail of a tenant until ENP held its queue.
AlertText graphUnreachable(const std::string& tenant, const std::string& detail);
/// CNS refused a notification with a 4xx (a wrong token or key, a malformed payload).
AlertText cnsRejects(const std::string& detail, const std::string& advice);
AlertText cnsUnreachable(const std::string& detail);
/// The CNS settings cannot be used (no URL, a key the signer refuses).
AlertText cnsConfig(const std::string& detail, const std::string& advice);
AlertText queueBacklog(int64_t oldestAgeMinutes, int thresholdMinutes, int64_t queued);
/// `daysLeft` < 0: expired.
AlertText certificateExpiry(const std::string& listener, const std::string& file, int64_t daysLeft,
                            const std::string& notAfter);
AlertText diskSpace(const std::string& dir, int64_t freeMb, int thresholdMb);
AlertText databaseCommit(const std::string& detail);

}  // namespace enp::alerts
