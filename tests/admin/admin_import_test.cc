// Importing settings through the admin API and `enp settings import`: a document's sections
// replace theirs and the others stay, a preview says what would change (never a secret), a
// full replacement is asked for, an invalid document changes nothing, and the audit log says
// what changed.
#include <fstream>
#include <sstream>

#include "admin_fixture.h"

namespace itest {
namespace {

// Compact, members in name order (as parseObject() reads them).
std::string json(const Poco::JSON::Array::Ptr& a) {
  std::ostringstream out;
  a->stringify(out);
  return out.str();
}

class AdminImportTest : public AdminTest {
 protected:
  std::string privacy() {
    return parseObject(admin_->call("GET", "/api/v1/admin/policy").body)
        ->getValue<std::string>("privacy");
  }
  std::string writeFile(const std::string& name, const std::string& text) {
    const std::string file = dir_->path() + "/" + name;
    std::ofstream(file) << text;
    return file;
  }
  CommandResult cliImport(const std::vector<std::string>& options, const std::string& file) {
    std::vector<std::string> args = {"settings", "import", "--config", daemon_->configPath()};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(file);
    return runEnp(args);
  }
  /// Fails unless the Exchange server, CNS and the registration key of the fixture are stored
  /// as they were set up.
  void expectExchangeCnsAndKeysKept() {
    auto servers = parseArray(admin_->call("GET", "/api/v1/admin/exchange").body);
    ASSERT_EQ(servers->size(), 1u);
    EXPECT_EQ(servers->getObject(0)->getValue<std::string>("name"), "ex1");
    EXPECT_TRUE(servers->getObject(0)->getObject("auth")->getValue<bool>("passwordSet"));
    auto cns = parseObject(admin_->call("GET", "/api/v1/admin/cns").body);
    EXPECT_EQ(cns->getValue<std::string>("url"), cns_->url());
    EXPECT_EQ(cns->getValue<std::string>("organizationId"), "org-contoso");
    EXPECT_EQ(cns->getValue<std::string>("audience"), "cns.example.net");
    EXPECT_EQ(cns->getValue<std::string>("algorithm"), "HS256");
    EXPECT_TRUE(cns->has("tokenSet"));
    EXPECT_TRUE(cns->has("keySet"));
    auto keys = parseArray(admin_->call("GET", "/api/v1/admin/registration-keys").body);
    ASSERT_EQ(keys->size(), 1u);
    EXPECT_EQ(keys->getObject(0)->getValue<std::string>("label"), "uem");
  }
};

TEST_F(AdminImportTest, APartialDocumentIsPreviewedThenChangesOnlyItsSections) {
  const std::string doc = R"({"policy":{"privacy":"sender-only","snippetLength":80}})";
  auto r = admin_->call("POST", "/api/v1/admin/settings/import?dryRun=1", doc);
  ASSERT_EQ(r.status, 200) << r.body;
  auto plan = parseObject(r.body);
  EXPECT_TRUE(plan->getValue<bool>("dryRun"));
  EXPECT_EQ(plan->getValue<std::string>("mode"), "merge");
  EXPECT_EQ(json(plan->getArray("replaced")), R"(["policy"])");
  EXPECT_EQ(json(plan->getArray("kept")),
            R"(["exchange","graph","mailServers","cns","registrationKeys","alerts"])");
  const std::string changes =
      R"([{"after":"sender-only","before":"full","change":"changed","path":"policy.privacy"},)"
      R"({"after":80,"before":140,"change":"changed","path":"policy.snippetLength"}])";
  EXPECT_EQ(json(plan->getArray("changes")), changes);
  EXPECT_EQ(privacy(), "full");  // a preview changes nothing
  EXPECT_TRUE(audited("settings.import.preview", "settings"));

  const std::string version = plan->get("version").toString();
  r = admin_->call("POST", "/api/v1/admin/settings/import?version=" + version, doc);
  ASSERT_EQ(r.status, 200) << r.body;
  expectNoSecrets(r);
  plan = parseObject(r.body);
  EXPECT_FALSE(plan->getValue<bool>("dryRun"));
  EXPECT_EQ(json(plan->getArray("changes")), changes);
  EXPECT_EQ(privacy(), "sender-only");
  expectExchangeCnsAndKeysKept();
  // Still delivering: the CNS token and key, and the Exchange password, were kept.
  addMail("m-merge", "After a partial import");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "m-merge").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();

  // The audit entry says what changed and what was kept, without a secret.
  auto entries = audit("settings.import");
  ASSERT_GE(entries->size(), 2u);
  auto entry = entries->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("action"), "settings.import");
  EXPECT_EQ(json(entry->getObject("details")->getArray("changes")), changes);
  EXPECT_EQ(json(entry->getObject("details")->getArray("kept")),
            R"(["exchange","graph","mailServers","cns","registrationKeys","alerts"])");
  expectNoSecrets(admin_->call("GET", "/api/v1/admin/audit?action=settings"));
}

TEST_F(AdminImportTest, APreviewIsNotAppliedOnceTheSettingsChangedSince) {
  const std::string doc = R"({"policy":{"privacy":"none"}})";
  auto r = admin_->call("POST", "/api/v1/admin/settings/import?dryRun=1", doc);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string version = parseObject(r.body)->get("version").toString();
  r = admin_->call("PUT", "/api/v1/admin/cns",
                   R"({"url":")" + cns_->url() +
                       R"(","organizationId":"org-contoso","audience":"cns.example.net",)"
                       R"("algorithm":"HS256","keyId":"k2"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = admin_->call("POST", "/api/v1/admin/settings/import?version=" + version, doc);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find(R"("field":"version")"), std::string::npos) << r.body;
  EXPECT_EQ(privacy(), "full");
}

TEST_F(AdminImportTest, AFullReplacementIsAskedForAndLeavesNoSectionHalfSet) {
  // PUT replaces the whole document: a section it lacks is named, and nothing changes.
  auto r = admin_->call("PUT", "/api/v1/admin/settings", R"({"policy":{"privacy":"none"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"exchange")"), std::string::npos) << r.body;
  EXPECT_EQ(privacy(), "full");
  expectExchangeCnsAndKeysKept();

  r = admin_->call("POST", "/api/v1/admin/settings/import?replace=1&dryRun=1",
                   R"({"policy":{"privacy":"none"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  expectNoSecrets(r);
  auto plan = parseObject(r.body);
  EXPECT_EQ(plan->getValue<std::string>("mode"), "replace");
  EXPECT_EQ(json(plan->getArray("kept")), "[]");
  const std::string changes = json(plan->getArray("changes"));
  for (
      const char* entry :
      {R"("change":"removed","path":"exchange[ex1]"})",
       R"({"change":"removed","path":"cns.token","secret":true})",
       R"({"change":"removed","path":"cns.key","secret":true})",
       R"({"before":{"keySet":true,"label":"uem"},"change":"removed","path":"registrationKeys[uem]"})"}) {
    EXPECT_NE(changes.find(entry), std::string::npos) << entry << " in " << changes;
  }

  r = admin_->call("POST", "/api/v1/admin/settings/import?replace=1",
                   R"({"policy":{"privacy":"none"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/exchange").body)->size(), 0u);
  // No CNS half set: the signing key went with the rest of its section.
  auto cns = parseObject(admin_->call("GET", "/api/v1/admin/cns").body);
  EXPECT_EQ(cns->getValue<std::string>("url"), "");
  EXPECT_EQ(cns->getValue<std::string>("algorithm"), "HS256");
  EXPECT_FALSE(cns->has("keySet"));
  EXPECT_FALSE(cns->has("tokenSet"));
  EXPECT_EQ(privacy(), "none");
}

TEST_F(AdminImportTest, AnInvalidDocumentChangesNothingAndNamesTheField) {
  const size_t auditedBefore = audit("settings.import")->size();  // the fixture's import
  for (const char* query : {"?dryRun=1", ""}) {
    auto r = admin_->call("POST", std::string("/api/v1/admin/settings/import") + query,
                          R"({"exchange":[],"policy":{"privacy":"some"}})");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find(R"("field":"policy.privacy")"), std::string::npos) << r.body;
  }
  auto r = admin_->call(
      "POST", "/api/v1/admin/settings/import",
      R"({"exchange":[],"policy":{"registrationDefaults":{"workHoursOnly":true,"workHours":{"days":[]}}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"policy.registrationDefaults.workHours.days")"),
            std::string::npos)
      << r.body;
  r = admin_->call("POST", "/api/v1/admin/settings/import?dryRun=maybe", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"dryRun")"), std::string::npos) << r.body;
  r = admin_->call("POST", "/api/v1/admin/settings/import?version=12abc", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"version")"), std::string::npos) << r.body;
  EXPECT_EQ(privacy(), "full");
  expectExchangeCnsAndKeysKept();
  EXPECT_EQ(audit("settings.import")->size(), auditedBefore);
}

// The console's Mail servers page saves the list as a document holding only mailServers: a
// preset with its host replaced (a local test server), a field error naming the entry's field,
// and a second entry added by sending the whole list again; nothing else changes.
TEST_F(AdminImportTest, TheMailServersListAloneIsSavedFromAPresetWithItsHostReplaced) {
  auto r = admin_->call("POST", "/api/v1/admin/settings/import",
                        R"({"mailServers":[{"name":"icloud","preset":"icloud","type":"imap",)"
                        R"("security":"tls","auth":"plain","port":70000,"domains":[]}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"mailServers[0].port")"), std::string::npos) << r.body;

  r = admin_->call("POST", "/api/v1/admin/settings/import",
                   R"({"mailServers":[{"name":"icloud","preset":"icloud","type":"imap",)"
                   R"("security":"tls","auth":"plain","host":"localhost","port":10993,)"
                   R"("caFile":"/tmp/dovecot-ca.pem","domains":["icloud.com","me.com"]}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto servers =
      parseObject(admin_->call("GET", "/api/v1/admin/settings").body)->getArray("mailServers");
  ASSERT_EQ(servers->size(), 1u);
  auto icloud = servers->getObject(0);
  EXPECT_EQ(icloud->getValue<std::string>("preset"), "icloud");
  EXPECT_EQ(icloud->getValue<std::string>("host"), "localhost");
  EXPECT_EQ(icloud->getValue<int>("port"), 10993);
  EXPECT_EQ(icloud->getValue<std::string>("caFile"), "/tmp/dovecot-ca.pem");

  // Another one: the page sends the list it read with the new entry.
  servers->add(parseObject(R"({"name":"gmail","preset":"gmail","domains":["gmail.com"]})"));
  r = admin_->call("POST", "/api/v1/admin/settings/import",
                   R"({"mailServers":)" + json(servers) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  servers =
      parseObject(admin_->call("GET", "/api/v1/admin/settings").body)->getArray("mailServers");
  ASSERT_EQ(servers->size(), 2u);
  EXPECT_EQ(servers->getObject(0)->getValue<std::string>("host"), "localhost");
  EXPECT_EQ(servers->getObject(1)->getValue<std::string>("host"), "imap.gmail.com");
  EXPECT_EQ(servers->getObject(1)->getValue<int>("port"), 993);
  EXPECT_EQ(privacy(), "full");
  expectExchangeCnsAndKeysKept();
}

TEST_F(AdminImportTest, CliImportMergesPrintsTheChangesAndIsAudited) {
  const std::string file = writeFile("policy.json", R"({"policy":{"privacy":"sender-only"}})");
  auto run = cliImport({"--dry-run"}, file);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find(R"(policy.privacy: "full" -> "sender-only")"), std::string::npos)
      << run.out;
  EXPECT_NE(
      run.out.find(
          "Sections not in the file were left as they are: exchange, graph, mailServers, cns, "
          "registrationKeys, alerts"),
      std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("dry run: nothing saved"), std::string::npos) << run.out;
  EXPECT_EQ(privacy(), "full");

  run = cliImport({}, file);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find(R"(policy.privacy: "full" -> "sender-only")"), std::string::npos)
      << run.out;
  EXPECT_EQ(privacy(), "sender-only");
  expectExchangeCnsAndKeysKept();
  auto entry = audit("settings.import")->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("actor"), "cli");
  EXPECT_EQ(
      json(entry->getObject("details")->getArray("changes")),
      R"([{"after":"sender-only","before":"full","change":"changed","path":"policy.privacy"}])");

  // An invalid file changes nothing and names the field.
  run = cliImport({}, writeFile("bad.json", R"({"exchange":[],"policy":{"privacy":"some"}})"));
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.err.find("policy.privacy: expected full|no-snippet|sender-only|none"),
            std::string::npos)
      << run.err;
  expectExchangeCnsAndKeysKept();

  // --replace: the file is all of the settings.
  run = cliImport({"--replace"}, file);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  for (const char* line : {"exchange[ex1]: removed", "cns.token: secret removed",
                           "cns.key: secret removed", "registrationKeys[uem]: removed"}) {
    EXPECT_NE(run.out.find(line), std::string::npos) << line << " in " << run.out;
  }
  for (const std::string& secret : {exchange_->options().password, std::string("cns-org-token"),
                                    std::string(kHmacSecret), std::string(kRegistrationKey)}) {
    EXPECT_EQ(run.out.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(parseArray(admin_->call("GET", "/api/v1/admin/exchange").body)->size(), 0u);
}

}  // namespace
}  // namespace itest
