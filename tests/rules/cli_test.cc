// Runs the `enp rules explain` binary and checks it answers as the library does.
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "enp/decide/policy_json.h"
#include "rules/engine.h"
#include "rules_test_util.h"
#include "temp_dir.h"

namespace rules_test {
namespace {

struct CliRun {
  int exitCode = -1;
  std::string out;
  std::string err;
};

CliRun runRules(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"rules"};
  argv.insert(argv.end(), args.begin(), args.end());
  Poco::Pipe outPipe;
  Poco::Pipe errPipe;
  Poco::ProcessHandle handle =
      Poco::Process::launch(RULES_CLI_BINARY, argv, nullptr, &outPipe, &errPipe);
  Poco::PipeInputStream outStream(outPipe);
  Poco::PipeInputStream errStream(errPipe);
  CliRun run;
  Poco::StreamCopier::copyToString(outStream, run.out);  // Small outputs: no deadlock.
  Poco::StreamCopier::copyToString(errStream, run.err);
  run.exitCode = handle.wait();
  return run;
}

std::string stringify(const Poco::JSON::Object::Ptr& obj) {
  std::ostringstream out;
  obj->stringify(out);
  return out.str();
}

TEST(RulesCli, AnswersAsTheLibraryForEveryTableCase) {
  testsupport::TempDir dir("enp-rules-cli");
  int compared = 0;
  for (const EngineCase& c : engineCases()) {
    if (!c.registrable) {
      continue;
    }
    SCOPED_TRACE(c.name);
    const std::string policyFile = dir.write("policy.json", stringify(policyJsonOf(c)));
    const std::string mailFile = dir.write("mail.json", stringify(mailJsonOf(c)));
    const CliRun run =
        runRules({"explain", "--policy", policyFile, "--mail", mailFile, "--at", c.at});
    ASSERT_EQ(run.exitCode, 0) << run.err;

    std::chrono::system_clock::time_point at;
    std::string error;
    ASSERT_TRUE(rules::parseInstant(c.at, &at, &error));
    const rules::Decision library = rules::decide(policyOf(c), mailOf(c), at, testZones());
    Poco::JSON::Parser parser;
    const auto printed = parser.parse(run.out).extract<Poco::JSON::Object::Ptr>();
    // Both through the parser, so that key order does not matter.
    const auto expected = Poco::JSON::Parser()
                              .parse(stringify(enp::decisionToJson(library)))
                              .extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(stringify(printed), stringify(expected));
    EXPECT_EQ(printed->getValue<bool>("deliver"), c.deliver);
    EXPECT_EQ(printed->getValue<std::string>("rule"), rules::toString(c.rule));
    ++compared;
  }
  EXPECT_GE(compared, 60);
}

TEST(RulesCli, IssueExampleFromFixtures) {
  const std::string data = RULES_TEST_DATA;
  const CliRun run = runRules({"explain", "--policy", data + "/policy_berlin.json", "--mail",
                               data + "/mail_bob.json", "--at=2026-11-21T22:15:00+01:00"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out,
            "{\n"
            "  \"deliver\": false,\n"
            "  \"decision\": \"suppress\",\n"
            "  \"rule\": \"outside-work-hours\",\n"
            "  \"zone\": \"Europe/Berlin\",\n"
            "  \"localTime\": \"2026-11-21T22:15:00+01:00 Saturday\",\n"
            "  \"reason\": \"Suppressed: 22:15 Saturday in Europe/Berlin is outside work hours "
            "(Mon–Fri 09:00–17:30), weekend alerts are off and bob@contoso.com is not a VIP\"\n"
            "}\n");
}

TEST(RulesCli, HelpAndUsageErrors) {
  const std::string data = RULES_TEST_DATA;
  const std::string policy = data + "/policy_berlin.json";
  const std::string mail = data + "/mail_bob.json";
  CliRun run = runRules({"--help"});
  EXPECT_EQ(run.exitCode, 0);
  EXPECT_NE(run.out.find("Usage: enp rules explain --policy FILE"), std::string::npos);
  run = runRules({"explain", "--help"});
  EXPECT_EQ(run.exitCode, 0);
  EXPECT_NE(run.out.find("--at INSTANT"), std::string::npos);

  const std::pair<std::vector<std::string>, const char*> cases[] = {
      {{}, "Usage: enp rules explain"},
      {{"explane"}, "enp rules: unknown subcommand 'explane' (expected explain)"},
      {{"explain", "--policy", policy, "--mail", mail}, "enp rules: explain needs --at"},
      {{"explain", "--policy", policy, "--at", "2026-11-21T21:15:00Z"},
       "enp rules: explain needs --mail"},
      {{"explain", "--policy", policy, "--mail", mail, "--at"}, "enp rules: --at needs a value"},
      {{"explain", "--policy", policy, "--mail", mail, "--at", "2026-11-21 9pm"},
       "enp rules: --at: expected an RFC 3339 instant"},
      {{"explain", "--policy", policy, "--mail", mail, "--at", "2026-11-21T21:15:00Z", "--tz", "x"},
       "enp rules: unknown option '--tz'"},
      {{"explain", "--policy", data + "/missing.json", "--mail", mail, "--at",
        "2026-11-21T21:15:00Z"},
       "enp rules: --policy: cannot read"},
      {{"explain", "--policy", policy, "--mail", mail, "--at", "2026-11-21T21:15:00Z", "--zones",
        "/nonexistent/windowsZones.xml"},
       "enp rules: --zones: cannot read the Windows time-zone map /nonexistent/windowsZones.xml"},
  };
  for (const auto& [args, message] : cases) {
    run = runRules(args);
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST(RulesCli, UnknownMailFieldIsRefusedNamingIt) {
  testsupport::TempDir dir("enp-rules-cli");
  const std::string policy = std::string(RULES_TEST_DATA) + "/policy_berlin.json";
  const std::string mail =
      dir.write("mail.json", R"({"from": {"address": "ceo@contoso.com"}, "subject": "Hi"})");
  const CliRun run =
      runRules({"explain", "--policy", policy, "--mail", mail, "--at", "2026-11-21T21:15:00Z"});
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.err.find("from: unknown field (expected senderAddress"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(RulesCli, InvalidPolicyIsRefusedNamingTheValue) {
  testsupport::TempDir dir("enp-rules-cli");
  const std::string mail = std::string(RULES_TEST_DATA) + "/mail_bob.json";
  const std::pair<const char*, const char*> cases[] = {
      {R"({"timeZone": "Mars/Olympus_Mons"})", "timeZone: unknown time zone \"Mars/Olympus_Mons\""},
      {R"({"workHours": {"start": 9}})", "workHours.start: expected HH:MM, got 9"},
      {R"({"timeZone": "UTC", "vip": ["ceo@contoso.com"]})", "vip: unknown field"},
      {R"({"timeZone": )", "invalid JSON"},
      {R"(["not", "an", "object"])", "expected a JSON object"},
  };
  for (const auto& [json, message] : cases) {
    const std::string policy = dir.write("policy.json", json);
    const CliRun run =
        runRules({"explain", "--policy", policy, "--mail", mail, "--at", "2026-11-21T21:15:00Z"});
    EXPECT_EQ(run.exitCode, 1) << json;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
  }
}

}  // namespace
}  // namespace rules_test
