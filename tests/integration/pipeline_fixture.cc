#include "pipeline_fixture.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>

#include <fstream>

#include "send_notification.h"

namespace itest {

void PipelineTest::SetUp() {
  dir_ = std::make_unique<TempDir>();
  exchange_ = std::make_unique<fakes::FakeExchange>(exchangeOptions());
  fakes::FakeCnsOptions cnsOptions;
  cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
  cnsOptions.jwt.key = kHmacSecret;
  cnsOptions.jwt.issuer = "org-contoso";
  cnsOptions.jwt.audience = "cns.example.net";
  cnsOptions.listen.threads = cnsThreads();
  cnsOptions.listen.backlog = 1024;
  cns_ = std::make_unique<fakes::FakeCns>(cnsOptions);
  exchange_->addMailbox(kMailbox);
  daemon_ = std::make_unique<Daemon>(dir_->path(), daemonConfig(), postgresUrl());
  importSettings();
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  reg_ = registerMailbox(kMailbox);
}

void PipelineTest::TearDown() {
  if (daemon_) {
    daemon_->stop();
  }
}

std::string PipelineTest::settingsJson() const {
  return std::string(R"({"exchange":[{"name":"ex1","ewsUrl":")") + exchange_->ewsUrl() +
         R"(","version":"Exchange2016","auth":{"type":"basic","username":")" +
         exchange_->options().user + R"(","password":")" + exchange_->options().password +
         R"("},"allowInsecureHttp":true,"domains":[)" + exchangeDomains() + "]" +
         exchangeSettings() + R"(}],"cns":{"url":")" + cns_->url() +
         R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
         R"("algorithm":"HS256","key":")" +
         kHmacSecret + R"("},"registrationKeys":[{"label":"uem","key":")" + kRegistrationKey +
         R"("}],"policy":{"privacy":")" + privacy_ +
         R"(","snippetLength":140,"maxAgeMinutes":60})" + moreSettings() + "}";
}

void PipelineTest::importSettings() {
  std::string file = dir_->path() + "/settings.json";
  std::ofstream(file) << settingsJson();
  auto r = runEnp({"settings", "import", "--config", daemon_->configPath(), file});
  ASSERT_EQ(r.exitCode, 0) << r.err;
}

Registered PipelineTest::registerMailbox(const std::string& mailbox,
                                         const std::string& policyFields) {
  std::string body = R"({"mailbox":")" + mailbox + R"(","deviceToken":")" + kDeviceToken +
                     R"(","platform":"ios","timeZone":"Europe/Berlin")" +
                     (policyFields.empty() ? "" : "," + policyFields) + "}";
  auto r =
      httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body, "application/json",
                  {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
  EXPECT_EQ(r.status, 201) << r.body;
  Registered out;
  if (r.status == 201) {
    auto o = Poco::JSON::Parser().parse(r.body).extract<Poco::JSON::Object::Ptr>();
    out.id = o->getValue<std::string>("id");
    out.secret = o->getValue<std::string>("secret");
    out.callbackUrl = o->getValue<std::string>("callbackUrl");
  }
  return out;
}

void PipelineTest::addMail(const std::string& id, const std::string& subject,
                           const std::string& mailbox) {
  exchange_->addItem(mailbox, mailItem(id, subject));
}

fakes::FakeItem PipelineTest::mailItem(const std::string& id, const std::string& subject) {
  fakes::FakeItem item;
  item.id = id;
  item.from = {"Bob Builder", "bob@fabrikam.com", "SMTP", "Mailbox"};
  item.subject = subject;
  item.body = "Hello Alice,\n\nthe  budget   for Q3 is attached.";
  item.received = nowXsDateTime();
  item.importance = "High";
  return item;
}

std::string PipelineTest::nowXsDateTime() {
  return Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
}

std::string PipelineTest::outsideWorkHoursNow() {
  const Poco::DateTime later(Poco::Timestamp() + Poco::Timespan(12 * Poco::Timespan::HOURS));
  const Poco::DateTime end(later.timestamp() + Poco::Timespan(Poco::Timespan::MINUTES));
  return R"("workHoursOnly":true,"weekendAlerts":false,"vipAfterHours":false,)"
         R"("workHours":{"days":["mon","tue","wed","thu","fri","sat","sun"],"start":")" +
         Poco::DateTimeFormatter::format(later, "%H:%M") + R"(","end":")" +
         Poco::DateTimeFormatter::format(end, "%H:%M") + R"("})";
}

std::string PipelineTest::callbackUrlNow(const Registered& r) const {
  return daemon_->publicBase() + r.callbackUrl.substr(r.callbackUrl.find("/ews/notify/"));
}

fakes::PushOutcome PipelineTest::pushNewMail(const std::string& callbackUrl,
                                             const std::string& itemId,
                                             const std::string& subscriptionId) {
  fakes::Notification n;
  n.subscriptionId = subscriptionId;
  n.previousWatermark = fakes::makeWatermark(1);
  n.events.push_back(
      fakes::createdEvent(itemId, "inbox-folder-id", fakes::makeWatermark(2), nowXsDateTime()));
  n.events.push_back(
      fakes::newMailEvent(itemId, "inbox-folder-id", fakes::makeWatermark(3), nowXsDateTime()));
  return pushXml(callbackUrl, fakes::buildSendNotification(n));
}

fakes::PushOutcome PipelineTest::pushXml(const std::string& callbackUrl, const std::string& xml) {
  fakes::PushOptions options;
  options.secondLength = std::chrono::milliseconds(10);  // Exchange's schedule, 100x faster
  return exchange_->push(callbackUrl, xml, options);
}

std::string PipelineTest::metrics() {
  return httpRequest("GET", daemon_->adminBase() + "/metrics").body;
}

void PipelineTest::expectLog(const std::string& needle, size_t count) {
  ASSERT_TRUE(daemon_->waitForLog(needle, count, std::chrono::seconds(30)))
      << "waiting for '" << needle << "' x" << count << "\n"
      << daemon_->log();
}

}  // namespace itest
