#pragma once

#include <string>
#include <vector>

namespace enp {

/// One Exchange Online tenant reached through Microsoft Graph (settings "graph[]"): the Entra ID
/// app ENP signs in as (client credentials), the mail domains it serves, and where Graph calls
/// ENP back.
struct GraphTenant {
  std::string name;      ///< Names the upstream ("graph:<name>") in logs, metrics and alerts.
  std::string tenantId;  ///< Directory (tenant) id: a GUID or a verified domain name.
  std::string clientId;  ///< Application (client) id of the app registration: a GUID.
  /// How the app proves who it is: a client assertion signed with a certificate's key
  /// (preferred), or a client secret.
  enum class Auth { kCertificate, kSecret };
  Auth auth = Auth::kCertificate;
  std::string certFile;  ///< kCertificate: PEM certificate uploaded to the app registration.
  std::string keyFile;   ///< kCertificate: its unencrypted PEM private key.
  std::string secret;    ///< kSecret. Secret: never returned by the API once saved.
  std::vector<std::string> domains;  ///< Lower-case mail domains it serves; at least one.
  /// Base of the URLs Graph calls (…/graph/notifications, …/graph/lifecycle); "" = the public
  /// listener's base_url. Graph needs HTTPS with a publicly trusted certificate.
  std::string notificationBaseUrl;
  std::string authorityUrl = "https://login.microsoftonline.com";  ///< No trailing slash.
  std::string graphUrl = "https://graph.microsoft.com";            ///< No trailing slash.
  /// PEM bundle trusted for authorityUrl and graphUrl (a TLS-inspecting proxy's CA, a test's
  /// fake); "" = the system's trust store.
  std::string caFile;

  /// {authorityUrl}/{tenantId}/oauth2/v2.0/token
  std::string tokenUrl() const { return authorityUrl + "/" + tenantId + "/oauth2/v2.0/token"; }
  /// "graph:<name>": the key of its breaker and its line on the dashboard.
  std::string upstream() const { return "graph:" + name; }
};

}  // namespace enp
