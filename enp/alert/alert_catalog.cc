#include "enp/alert/alert_catalog.h"

namespace enp::alerts {
namespace {

// Advice from a source ("check the CNS settings") as a sentence, or the fallback.
std::string orDefault(const std::string& s, const std::string& fallback) {
  if (s.empty()) {
    return fallback;
  }
  std::string out = s;
  if (out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  if (out.back() != '.') {
    out += '.';
  }
  return out;
}

bool mentionsImpersonation(const std::string& detail) {
  return detail.find("mpersonat") != std::string::npos;
}

}  // namespace

std::string exchangeAuthKey(const std::string& server) { return "exchange-auth:" + server; }
std::string exchangeUnreachableKey(const std::string& server) {
  return "exchange-unreachable:" + server;
}
std::string subscriptionsFailingKey(const std::string& server) {
  return "subscriptions-failing:" + server;
}
std::string graphAuthKey(const std::string& tenant) { return "graph-auth:" + tenant; }
std::string graphUnreachableKey(const std::string& tenant) { return "graph-unreachable:" + tenant; }
std::string mailLoginsFailingKey(const std::string& server) {
  return "mail-logins-failing:" + server;
}
std::string certificateKey(const std::string& listener) { return "certificate-expiry:" + listener; }

AlertText exchangeAuth(const std::string& server, const std::string& detail,
                       const std::string& advice) {
  const bool impersonation = mentionsImpersonation(detail);
  return {exchangeAuthKey(server), Severity::kCritical,
          "Exchange " + server + ": " +
              (impersonation ? "impersonation denied" : "service account refused"),
          "ENP cannot read new mail on Exchange server " + server + " (" + detail +
              "). Users on this server get no notifications; their mail stays queued and is "
              "tried again about every 5 minutes.",
          orDefault(advice, impersonation
                                ? "Give the service account the ApplicationImpersonation role "
                                  "for these mailboxes, then check with Test on the Exchange "
                                  "page."
                                : "Check the service account's user name and password on the "
                                  "Exchange page (Test), and that the account is not locked.")};
}

AlertText exchangeUnreachable(const std::string& server, const std::string& detail) {
  return {exchangeUnreachableKey(server), Severity::kCritical,
          "Exchange " + server + ": unreachable",
          "Exchange server " + server + " fails for every mail (" + detail +
              "). ENP holds its queue and probes it with one request at a time; nothing is "
              "lost, but notifications are late.",
          "Check that the EWS URL answers from the ENP server (network, firewall, the "
          "Exchange services), then Test on the Exchange page."};
}

AlertText subscriptionsFailing(const std::string& server, const std::string& detail) {
  return {subscriptionsFailingKey(server), Severity::kCritical,
          "Exchange " + server + ": push subscriptions failing",
          "ENP cannot create or renew push subscriptions on Exchange server " + server + " (" +
              detail + "). Mailboxes whose subscription lapses get no notifications.",
          "Check the service account's rights and the callback URL Exchange must reach "
          "(base_url in enp.conf, the public certificate)."};
}

AlertText graphSubscriptionsFailing(const std::string& tenant, const std::string& detail) {
  return {subscriptionsFailingKey("graph:" + tenant), Severity::kCritical,
          "Graph " + tenant + ": subscriptions failing",
          "ENP cannot create or renew Microsoft Graph subscriptions for tenant " + tenant + " (" +
              detail + "). Mailboxes whose subscription lapses get no notifications.",
          "Check the app registration (Mail.Read application permission with admin consent, its "
          "certificate or secret) and that Graph reaches the notification URL over HTTPS with a "
          "publicly trusted certificate (docs/graph.md)."};
}

AlertText mailLoginsFailing(const std::string& server, const std::string& detail) {
  return {mailLoginsFailingKey(server), Severity::kCritical,
          "Mail server " + server + ": logins refused",
          "The mail server " + server + " refuses the passwords of many accounts (" + detail +
              "). Those mailboxes get no notifications; ENP does not try them again until their "
              "password changes or hours pass, so that the provider does not lock them.",
          "If passwords were not changed by their users, check the server (host, port, login "
          "method, whether it asks for app-specific passwords) in the mailServers settings "
          "(docs/imap.md)."};
}

AlertText graphAuth(const std::string& tenant, const std::string& detail,
                    const std::string& advice) {
  const bool token = detail.rfind("token:", 0) == 0;
  return {graphAuthKey(tenant), Severity::kCritical,
          "Graph " + tenant + ": " + (token ? "sign-in refused" : "access refused"),
          "ENP cannot read new mail of tenant " + tenant + " through Microsoft Graph (" + detail +
              "). Its users get no notifications; their mail stays queued and is tried again "
              "about every 5 minutes.",
          orDefault(advice,
                    "Check the app registration in Entra ID (tenant and client id, its "
                    "certificate or secret, Mail.Read with admin consent), then Test on the "
                    "console's Exchange Online page.")};
}

AlertText graphUnreachable(const std::string& tenant, const std::string& detail) {
  return {graphUnreachableKey(tenant), Severity::kCritical, "Graph " + tenant + ": unreachable",
          "Microsoft Graph fails for every mail of tenant " + tenant + " (" + detail +
              "). ENP holds its queue and probes it with one request at a time; nothing is "
              "lost, but notifications are late.",
          "Check that the ENP server reaches login.microsoftonline.com and graph.microsoft.com "
          "(or the tenant's authorityUrl and graphUrl) over HTTPS: proxy, firewall, DNS."};
}

AlertText cnsRejects(const std::string& detail, const std::string& advice) {
  return {kCnsRejects, Severity::kCritical, "CNS: notifications refused",
          "The cloud notification service refused notifications (" + detail +
              "). Refused notifications are not retried (dead letters).",
          orDefault(advice, "Check the CNS settings (Send test on the CNS page).")};
}

AlertText cnsUnreachable(const std::string& detail) {
  return {kCnsUnreachable, Severity::kCritical, "CNS: unreachable",
          "The cloud notification service fails for every notification (" + detail +
              "). ENP holds the pushes and probes CNS with one request at a time; they go out "
              "when it answers, unless they expire first (policy.maxAgeMinutes).",
          "Check the CNS URL and the network path to it (proxy, firewall, DNS), then Send test "
          "on the CNS page."};
}

AlertText cnsConfig(const std::string& detail, const std::string& advice) {
  return {kCnsConfig, Severity::kCritical, "CNS: settings unusable",
          "ENP cannot sign or send notifications with the CNS settings (" + detail +
              "). Nothing is pushed until they are fixed; mail stays queued.",
          orDefault(advice, "Complete the CNS settings (URL, token, signing key).")};
}

AlertText queueBacklog(int64_t oldestAgeMinutes, int thresholdMinutes, int64_t queued) {
  return {kQueueBacklog, Severity::kWarning, "Queue: notifications waiting",
          "The oldest of " + std::to_string(queued) + " queued notifications has waited " +
              std::to_string(oldestAgeMinutes) + " minutes (the alert threshold is " +
              std::to_string(thresholdMinutes) + ").",
          "See the other alerts and the dashboard's recent errors for why they are not "
          "delivered (Exchange or CNS failing, too few workers)."};
}

AlertText certificateExpiry(const std::string& listener, const std::string& file, int64_t daysLeft,
                            const std::string& notAfter) {
  const bool expired = daysLeft < 0;
  return {certificateKey(listener), expired ? Severity::kCritical : Severity::kWarning,
          "Certificate of the " + listener + " listener " +
              (expired ? "has expired" : "expires in " + std::to_string(daysLeft) + " days"),
          "The TLS certificate " + file + " of the " + listener + " listener " +
              (expired ? "expired on " : "expires on ") + notAfter + "." +
              (listener == "public"
                   ? " Exchange and devices refuse an expired certificate: callbacks and "
                     "registrations then fail."
                   : ""),
          "Install a renewed certificate and key (see the README, Install on a server) and "
          "restart ENP."};
}

AlertText diskSpace(const std::string& dir, int64_t freeMb, int thresholdMb) {
  return {kDiskSpace, Severity::kCritical, "Disk space low for the data directory",
          "The file system of " + dir + " has " + std::to_string(freeMb) +
              " MB free (the alert threshold is " + std::to_string(thresholdMb) +
              " MB). When it is full, ENP cannot queue callbacks and Exchange gets errors.",
          "Free space on that file system or grow it; events_kept_days in enp.conf bounds how "
          "much history ENP keeps."};
}

AlertText databaseCommit(const std::string& detail) {
  return {kDatabase, Severity::kCritical, "Database: commits failing",
          "ENP cannot commit to its database (" + detail +
              "). Callbacks are answered with errors so that Exchange retries them, and outcomes "
              "cannot be recorded.",
          "Check the data directory's file system (full, read-only, I/O errors) and the "
          "journal (journalctl -u enp)."};
}

}  // namespace enp::alerts
