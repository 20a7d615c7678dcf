// `enp rules explain`: the decision the daemon's rules engine takes for one mail, as JSON.
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "enp/cli/commands.h"
#include "enp/decide/policy_json.h"
#include "enp/decide/zone_loader.h"
#include "rules/engine.h"
#include "rules/local_time.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "Usage: enp rules explain --policy FILE --mail FILE --at INSTANT [--zones FILE]\n"
    "\n"
    "Prints, as JSON, what the rules engine decides for one mail at one instant: the decision,\n"
    "the rule that decided, the local time and zone used, and a one-line reason.\n"
    "\n"
    "  --policy FILE  a registration body (JSON): timeZone, workHours {days, start, end},\n"
    "                 workHoursOnly, weekendAlerts, vipAfterHours, vips, detailed\n"
    "  --mail FILE    the mail (JSON): senderAddress, senderRoutingType, senderSmtpAddress,\n"
    "                 senderName, subject, snippet, received, importance, itemClass\n"
    "                 (a field not listed here is an error, not ignored)\n"
    "  --at INSTANT   RFC 3339 instant, e.g. 2026-11-21T21:15:00Z or 2026-11-21T22:15:00+01:00\n"
    "  --zones FILE   CLDR windowsZones.xml (default "
    "/usr/share/unicode/cldr/common/supplemental/windowsZones.xml)\n"
    "\n"
    "Exit status: 0 decided, 1 a file's content is invalid, 2 wrong usage or unreadable file.\n";

constexpr int kOk = 0;
constexpr int kInvalid = 1;
constexpr int kUsageError = 2;

int usageError(std::ostream& err, const std::string& message) {
  err << "enp rules: " << message << "\n"
      << "Run 'enp rules --help' for usage.\n";
  return kUsageError;
}

// Reads a JSON object from path. Returns 0, or the exit code after writing the problem to err.
int readJsonObject(const std::string& option, const std::string& path, Poco::JSON::Object::Ptr* out,
                   std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return usageError(err, option + ": cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var value = parser.parse(text.str());
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      err << "enp rules: " << path << ": expected a JSON object\n";
      return kInvalid;
    }
    *out = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    err << "enp rules: " << path << ": invalid JSON: " << e.displayText() << "\n";
    return kInvalid;
  }
  return kOk;
}

int explain(const Args& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> options = {{"--zones", kDefaultWindowsZonesPath}};
  for (size_t i = 1; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    const size_t eq = name.find('=');
    if (name == "--help" || name == "-h") {
      out << kUsage;
      return kOk;
    }
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name != "--policy" && name != "--mail" && name != "--at" && name != "--zones") {
      return usageError(err, "unknown option '" + name + "'");
    }
    if (eq == std::string::npos) {
      if (i + 1 >= args.size()) {
        return usageError(err, name + " needs a value");
      }
      value = args[++i];
    }
    options[name] = value;
  }
  for (const char* required : {"--policy", "--mail", "--at"}) {
    if (options.count(required) == 0 || options[required].empty()) {
      return usageError(err, std::string("explain needs ") + required);
    }
  }
  std::chrono::system_clock::time_point at;
  std::string error;
  if (!rules::parseInstant(options["--at"], &at, &error)) {
    return usageError(err, "--at: " + error);
  }
  const Result<std::unique_ptr<rules::ZoneDb>> zones = loadZoneDb(options["--zones"]);
  if (!zones.ok()) {
    return usageError(err, "--zones: " + zones.error().message());
  }
  Poco::JSON::Object::Ptr policyJson;
  Poco::JSON::Object::Ptr mailJson;
  if (const int rc = readJsonObject("--policy", options["--policy"], &policyJson, err)) {
    return rc;
  }
  if (const int rc = readJsonObject("--mail", options["--mail"], &mailJson, err)) {
    return rc;
  }
  PolicyInput input;
  input.otherFields = {"mailbox", "deviceToken", "platform"};  // It may be a registration body.
  input.workDayForWorkHoursOnly = false;  // Explained, also one registered before that rule.
  const Result<rules::Policy> policy = policyFromJson(*policyJson, **zones, input);
  if (!policy.ok()) {
    err << "enp rules: policy " << options["--policy"] << ": " << policy.error().message() << "\n";
    return kInvalid;
  }
  const Result<rules::MailMeta> mail = mailFromJson(*mailJson);
  if (!mail.ok()) {
    err << "enp rules: mail " << options["--mail"] << ": " << mail.error().message() << "\n";
    return kInvalid;
  }
  decisionToJson(rules::decide(*policy, *mail, at, **zones))->stringify(out, 2);
  out << "\n";
  return kOk;
}

}  // namespace

int rulesCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return kUsageError;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    out << kUsage;
    return kOk;
  }
  if (args[0] != "explain") {
    return usageError(err, "unknown subcommand '" + args[0] + "' (expected explain)");
  }
  return explain(args, out, err);
}

}  // namespace enp::cli
