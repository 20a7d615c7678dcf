// settings "mailServers[]": the IMAP and POP3 servers registrations may name.
#include "enp/config/mail_server.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <cctype>

#include "enp/common/log_text.h"
#include "enp/config/json_fields.h"
#include "enp/config/mail_server_presets.h"

namespace enp {
namespace {

using json::join;

// A DNS name or an IP address (v4, or v6 without brackets): what TLS verification checks the
// certificate against. No scheme, port, path or user.
bool isHost(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-') {
    return false;
  }
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != ':') {
      return false;
    }
  }
  return true;
}

int wellKnownPort(MailServer::Type type, MailServer::Security security) {
  const bool tls = security == MailServer::Security::kTls;
  if (type == MailServer::Type::kImap) {
    return tls ? 993 : 143;
  }
  return tls ? 995 : 110;
}

}  // namespace

const char* toString(MailServer::Type type) {
  return type == MailServer::Type::kPop3 ? "pop3" : "imap";
}
const char* toString(MailServer::Security security) {
  return security == MailServer::Security::kStartTls ? "starttls" : "tls";
}
const char* toString(MailServer::Auth auth) {
  return auth == MailServer::Auth::kLogin ? "login" : "plain";
}

bool MailServer::serves(const std::string& mailbox) const {
  if (domains.empty()) {
    return true;
  }
  const auto at = mailbox.rfind('@');
  const std::string domain = at == std::string::npos ? "" : Poco::toLower(mailbox.substr(at + 1));
  for (const std::string& d : domains) {
    if (d == domain) {
      return true;
    }
  }
  return false;
}

Result<MailServer> mailServerFromJson(const Poco::JSON::Object& o, const std::string& path,
                                      bool checkInput) {
  const json::Text line = checkInput ? json::Text::kLine : json::Text::kUnchecked;
  if (checkInput) {
    ENP_RETURN_IF_ERROR(json::checkFields(o, path,
                                          {"name", "type", "preset", "host", "port", "security",
                                           "auth", "pathPrefix", "caFile", "domains"}));
  }
  MailServer s;
  std::string type = "imap", security = "tls", auth = "plain";
  ENP_RETURN_IF_ERROR(json::getString(o, "name", path, &s.name, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "type", path, &type, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "preset", path, &s.preset, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "host", path, &s.host, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "security", path, &security, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "auth", path, &auth, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "pathPrefix", path, &s.pathPrefix, line));
  ENP_RETURN_IF_ERROR(json::getString(o, "caFile", path, &s.caFile, line));
  ENP_RETURN_IF_ERROR(json::getStringArray(o, "domains", path, &s.domains, line));
  s.name = Poco::trim(s.name);
  if (s.name.empty()) {
    return Status::invalid(join(path, "name") + ": required");
  }
  if (type == "imap") {
    s.type = MailServer::Type::kImap;
  } else if (type == "pop3") {
    s.type = MailServer::Type::kPop3;
  } else {
    return Status::invalid(join(path, "type") + ": expected imap|pop3, got '" + forLog(type, 64) +
                           "'");
  }
  if (security == "tls") {
    s.security = MailServer::Security::kTls;
  } else if (security == "starttls") {
    s.security = MailServer::Security::kStartTls;
  } else {
    return Status::invalid(join(path, "security") +
                           ": expected tls|starttls (ENP never sends a password without TLS), "
                           "got '" +
                           forLog(security, 64) + "'");
  }
  if (auth == "plain") {
    s.auth = MailServer::Auth::kPlain;
  } else if (auth == "login") {
    s.auth = MailServer::Auth::kLogin;
  } else {
    return Status::invalid(join(path, "auth") + ": expected plain|login, got '" + forLog(auth, 64) +
                           "'");
  }
  int defaultPort = wellKnownPort(s.type, s.security);
  if (!s.preset.empty()) {
    const MailServerPreset* preset = findMailServerPreset(s.preset);
    if (preset == nullptr) {
      std::string names;
      for (const MailServerPreset& p : mailServerPresets()) {
        names += (names.empty() ? "" : "|") + p.name;
      }
      return Status::invalid(join(path, "preset") + ": expected " + names + ", got '" +
                             forLog(s.preset, 64) + "'");
    }
    if (!preset->custom) {
      const bool imap = s.type == MailServer::Type::kImap;
      const std::string& host = imap ? preset->imapHost : preset->pop3Host;
      if (host.empty()) {
        return Status::invalid(join(path, "type") + ": " + preset->label +
                               " offers no POP3: use imap");
      }
      if (s.host.empty()) {
        s.host = host;
      }
      if (!o.has("security") || o.isNull("security")) {
        s.security = MailServer::Security::kTls;
        defaultPort = imap ? preset->imapPort : preset->pop3Port;
      }
    }
  }
  s.port = defaultPort;
  ENP_RETURN_IF_ERROR(json::getInt(o, "port", path, 1, 65535, &s.port));
  s.host = Poco::trim(s.host);
  if (s.host.empty()) {
    return Status::invalid(join(path, "host") + ": required (or a preset that names it)");
  }
  if (!isHost(s.host)) {
    return Status::invalid(join(path, "host") + ": expected a host name or address, got '" +
                           forLog(s.host, 64) + "'");
  }
  if (s.type == MailServer::Type::kPop3 && !s.pathPrefix.empty()) {
    return Status::invalid(join(path, "pathPrefix") + ": IMAP only (POP3 has no folders)");
  }
  for (auto& d : s.domains) {
    d = Poco::toLower(Poco::trim(d));
    if (!d.empty() && d.front() == '@') {
      d.erase(0, 1);
    }
  }
  std::erase(s.domains, std::string());
  return s;
}

Poco::JSON::Object::Ptr mailServerToJson(const MailServer& s) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("name", s.name);
  o->set("type", std::string(toString(s.type)));
  o->set("preset", s.preset);
  o->set("host", s.host);
  o->set("port", s.port);
  o->set("security", std::string(toString(s.security)));
  o->set("auth", std::string(toString(s.auth)));
  o->set("pathPrefix", s.pathPrefix);
  o->set("caFile", s.caFile);
  Poco::JSON::Array::Ptr domains = new Poco::JSON::Array;
  for (const auto& d : s.domains) {
    domains->add(d);
  }
  o->set("domains", domains);
  return o;
}

}  // namespace enp
