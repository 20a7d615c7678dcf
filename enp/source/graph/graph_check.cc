#include "enp/source/graph/graph_check.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <stdexcept>

#include "enp/source/graph/graph_client.h"
#include "enp/source/graph/graph_message.h"
#include "enp/source/graph/token_provider.h"

namespace enp {
namespace {

// Advice from a failure as a sentence ("check x" -> "Check x.").
std::string sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  }
  if (!s.empty() && s.back() != '.') {
    s += '.';
  }
  return s;
}

GraphCheckResult tokenProblem(const GraphTenant& tenant, const Failure& f) {
  GraphCheckResult r;
  r.step = "token";
  r.detail = f.detail;
  switch (f.kind) {
    case FailureKind::kAuth:
      r.explanation = "Entra ID refused to sign ENP in to tenant " + tenant.tenantId + ". " +
                      sentence(f.advice.empty() ? "check the tenant id, the client id and the "
                                                  "credential of the app registration"
                                                : f.advice);
      break;
    case FailureKind::kNotConfigured:
      r.explanation = "ENP cannot present the app's credential. " +
                      sentence(f.advice.empty() ? "check graph[].auth" : f.advice);
      break;
    case FailureKind::kUnreachable:
      r.explanation = "ENP cannot reach the token endpoint " + tenant.tokenUrl() +
                      ". Check the network path from the ENP server (HTTPS, proxy, DNS, "
                      "firewall) and authorityUrl.";
      break;
    case FailureKind::kBusy:
      r.explanation = "Entra ID is throttling token requests; try again in a minute.";
      break;
    default:
      r.explanation = "The token endpoint's answer could not be used. " + sentence(f.advice);
  }
  return r;
}

GraphCheckResult mailboxProblem(const GraphTenant& tenant, const std::string& mailbox,
                                const Failure& f) {
  GraphCheckResult r;
  r.step = "mailbox";
  r.detail = f.detail;
  switch (f.kind) {
    case FailureKind::kAuth:
      r.explanation = "ENP signed in, but Graph refused to read the Inbox of " + mailbox + ". " +
                      sentence(f.advice);
      break;
    case FailureKind::kNoMailbox:
    case FailureKind::kItemGone:
      r.explanation = "Graph knows no mailbox " + mailbox + " in tenant " + tenant.tenantId +
                      ": check the address, that the user is in this tenant and has an "
                      "Exchange Online mailbox (licence).";
      break;
    case FailureKind::kBusy:
      r.explanation = "Graph is throttling requests for this mailbox; try again in a minute.";
      break;
    case FailureKind::kUnreachable:
      r.explanation = "ENP signed in, but cannot reach Graph at " + tenant.graphUrl +
                      ". Check the network path (HTTPS, proxy, DNS, firewall) and graphUrl.";
      break;
    default:
      r.explanation = "Graph's answer for the Inbox of " + mailbox + " could not be used.";
  }
  return r;
}

}  // namespace

GraphCheckResult checkGraphAccess(const GraphTenant& tenant, const std::string& mailbox,
                                  const TransportFactory& transports, const Clock& clock) {
  TokenProvider tokens(transports, clock);  // Its own: a test never reuses a cached token.
  auto token = tokens.token(tenant);
  if (const Failure* f = std::get_if<Failure>(&token)) {
    return tokenProblem(tenant, *f);
  }
  GraphCheckResult r;
  r.ok = true;
  if (mailbox.empty()) {
    r.step = "token";
    r.explanation = "ENP signed in to tenant " + tenant.tenantId + " as application " +
                    tenant.clientId + ". Give a mailbox to check that it can read mail too.";
    return r;
  }
  const ews::TransportOptions options = graphTransportOptions(tenant, 30000);
  GraphClient graph(tenant, tokens, transports(options));
  auto reply =
      graph.send("GET", "/v1.0/users/" + urlEncode(mailbox) +
                            "/mailFolders('Inbox')/messages?$top=1&$select=" + kGraphMessageSelect);
  if (const Failure* f = std::get_if<Failure>(&reply)) {
    return mailboxProblem(tenant, mailbox, *f);
  }
  r.step = "mailbox";
  size_t messages = 0;
  try {
    auto o = Poco::JSON::Parser()
                 .parse(std::get<ews::HttpReply>(reply).body)
                 .extract<Poco::JSON::Object::Ptr>();
    auto value = o->getArray("value");
    if (!value) {
      throw std::runtime_error("no value");
    }
    messages = value->size();
    if (messages > 0) {
      std::ostringstream one;
      value->getObject(0)->stringify(one);
      if (Result<Mail> mail = parseGraphMessage(one.str()); !mail.ok()) {
        r.ok = false;
        r.explanation = "Graph answered, but its message could not be read.";
        r.detail = mail.error().message();
        return r;
      }
    }
  } catch (const std::exception&) {
    r.ok = false;
    r.explanation = "Graph answered the Inbox query with something that is not a message list.";
    return r;
  }
  r.explanation = messages > 0 ? "ENP signed in and read the newest message of " + mailbox +
                                     "'s Inbox (sender, subject and preview)."
                               : "ENP signed in and may read " + mailbox +
                                     "'s Inbox (it is empty: no message to show).";
  return r;
}

}  // namespace enp
