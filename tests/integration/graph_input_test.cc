// What the Graph callback URLs of the real `enp` binary answer to Graph's validation requests
// and to requests that are not Graph's notifications: each refusal with its status and counter.
#include "graph_fixture.h"

namespace itest {
namespace {

const char* const kRefused = "enp_graph_requests_refused_total";

std::string refusedSeries(const std::string& reason) {
  return std::string(kRefused) + "{reason=\"" + reason + "\"}";
}

TEST_F(GraphTest, ValidationRequestsAreAnsweredWithTheirTokenOnBothUrls) {
  // The subscription's own two validations are over once Graph answered its create.
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  const double before = metricValue(metrics(), "enp_graph_validations_total");
  for (const char* path : {"/graph/notifications", "/graph/lifecycle"}) {
    // Graph's token, URL-encoded in the query: echoed decoded, as plain text.
    const HttpResult r = httpRequest(
        "POST",
        daemon_->publicBase() + path +
            "?validationToken=Validation%3A%20Testing%20client%20application%20reachability",
        "", "text/plain");
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    EXPECT_EQ(r.body, "Validation: Testing client application reachability") << path;
    EXPECT_EQ(r.contentType.rfind("text/plain", 0), 0u) << r.contentType;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  }
  EXPECT_EQ(metricValue(metrics(), "enp_graph_validations_total"), before + 2);
  // A token no Graph sends is refused.
  const HttpResult tooLong = httpRequest(
      "POST",
      daemon_->publicBase() + "/graph/notifications?validationToken=" + std::string(2049, 'a'), "",
      "text/plain");
  EXPECT_EQ(tooLong.status, 400) << tooLong.body;
  EXPECT_EQ(metricValue(metrics(), refusedSeries("bad_validation")), 1);
  EXPECT_EQ(metricValue(metrics(), "enp_graph_validations_total"), before + 2);
}

TEST_F(GraphTest, WhatIsNotAGraphNotificationIsRefusedAndCounted) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  const std::string url = daemon_->publicBase() + "/graph/notifications";
  const HttpResult get = httpRequest("GET", url);
  EXPECT_EQ(get.status, 405) << get.body;
  EXPECT_EQ(get.header("Allow"), "POST");
  EXPECT_EQ(httpRequest("POST", url, R"({"value":[]})", "text/plain").status, 415);
  const HttpResult malformed = httpRequest("POST", url, "{not json", "application/json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("not a Graph notification collection"), std::string::npos)
      << malformed.body;
  EXPECT_EQ(httpRequest("POST", url, R"({"value":[{"changeType":"created"}]})", "application/json")
                .status,
            400);
  // Larger than [pipeline] max_body_bytes (1 MiB), written whole before reading: refused.
  std::string error;
  const std::string tooLarge =
      postWholeThenRead(url, 2 << 20, {{"Content-Type", "application/json"}}, &error);
  EXPECT_EQ(tooLarge.substr(0, 12), "HTTP/1.1 413") << error;
  EXPECT_NE(tooLarge.find("body larger than 1048576 bytes"), std::string::npos) << tooLarge;
  // A notification for a subscription ENP does not have: nothing accepted, 403.
  const HttpResult unknown =
      httpRequest("POST", url,
                  R"({"value":[{"subscriptionId":"not-a-subscription","clientState":"guess",)"
                  R"("changeType":"created","resource":"Users/alice@contoso.com/Messages/x-1",)"
                  R"("resourceData":{"@odata.type":"#Microsoft.Graph.Message","id":"x-1"}}]})",
                  "application/json");
  EXPECT_EQ(unknown.status, 403) << unknown.body;

  const std::string m = metrics();
  EXPECT_EQ(metricValue(m, refusedSeries("bad_method")), 1);
  EXPECT_EQ(metricValue(m, refusedSeries("bad_content_type")), 1);
  EXPECT_EQ(metricValue(m, refusedSeries("malformed")), 2);
  EXPECT_EQ(metricValue(m, refusedSeries("too_large")), 1);
  EXPECT_EQ(metricValue(m, refusedSeries("refused")), 1);
  EXPECT_EQ(
      metricValue(m, "enp_graph_notifications_refused_total{reason=\"unknown_subscription\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_graph_notifications_total{result=\"queued\"}"), 0);
  // Still serving: Graph's validation of a new subscription is answered.
  EXPECT_EQ(httpRequest("POST", url + "?validationToken=t", "", "text/plain").body, "t");
}

}  // namespace
}  // namespace itest
