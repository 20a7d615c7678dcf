#include "enp/source/graph/aad_error.h"

#include <Poco/JSON/Parser.h>

#include <array>
#include <string_view>

#include "enp/common/log_text.h"

namespace enp {
namespace {

struct Known {
  std::string_view code;
  std::string_view advice;
};

// The codes a wrong setting causes (Entra ID's error code reference).
constexpr std::array<Known, 12> kKnown = {{
    {"AADSTS90002",
     "the tenant was not found: check graph[].tenantId (the Directory (tenant) ID on the app "
     "registration's Overview page, or a verified domain of the tenant)"},
    {"AADSTS900023",
     "the tenant id is not valid: check graph[].tenantId (a GUID or a domain of the tenant)"},
    {"AADSTS90023", "the token request was refused as invalid: check graph[].tenantId"},
    {"AADSTS700016",
     "the application was not found in this tenant: check graph[].clientId (the Application "
     "(client) ID) and that the app is registered in the tenant named by graph[].tenantId"},
    {"AADSTS7000215",
     "the client secret is wrong: enter the secret's Value (not its Secret ID) from Certificates "
     "& secrets of the app registration"},
    {"AADSTS7000222",
     "the client secret has expired: create a new one under Certificates & secrets and save it "
     "in ENP"},
    {"AADSTS700027",
     "the certificate is not accepted: upload the certificate in certFile to the app "
     "registration (Certificates & secrets > Certificates), and check that keyFile is its key"},
    {"AADSTS700024",
     "the client assertion is outside its valid time: ENP's clock is off (check NTP)"},
    {"AADSTS65001",
     "admin consent is missing: grant admin consent for the application permission Mail.Read "
     "(API permissions > Grant admin consent)"},
    {"AADSTS500011",
     "Microsoft Graph is not known under graph[].graphUrl in this tenant: check graphUrl "
     "(https://graph.microsoft.com for the global cloud)"},
    {"AADSTS7000112", "the application is disabled in the tenant: enable it (Enterprise apps)"},
    {"AADSTS1002012", "the scope was refused: check graph[].graphUrl"},
}};

std::string firstSentence(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of("\r\n"));
  const size_t trace = line.find(" Trace ID:");
  if (trace != std::string::npos) {
    line.resize(trace);
  }
  return forLog(line, 300);
}

}  // namespace

AadError explainAadError(const std::string& body) {
  AadError out;
  std::string error, description;
  try {
    auto o = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    error = o->optValue<std::string>("error", "");
    description = o->optValue<std::string>("error_description", "");
  } catch (const std::exception&) {
    out.detail = "the token endpoint answered without a JSON error";
    return out;
  }
  if (description.rfind("AADSTS", 0) == 0) {
    out.code = description.substr(0, description.find_first_not_of("AADSTS0123456789"));
  }
  out.detail = (error.empty() ? std::string("error") : forLog(error, 64)) +
               (description.empty() ? std::string() : ": " + firstSentence(description));
  for (const Known& k : kKnown) {
    if (k.code == out.code) {
      out.advice = std::string(k.advice);
    }
  }
  if (out.advice.empty() && error == "invalid_client") {
    out.advice = "check graph[].clientId and the credential (certificate or secret)";
  }
  return out;
}

}  // namespace enp
