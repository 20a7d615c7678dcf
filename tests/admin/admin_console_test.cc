// The web console's embedded files on the admin listener: content types, caching, security
// headers; and a keep-alive connection that survives a handler ignoring its body.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "admin_fixture.h"

namespace itest {
namespace {

TEST_F(AdminTest, ConsoleIsServedWithSecurityHeaders) {
  auto r = httpRequest("GET", daemon_->adminBase() + "/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("/assets/app.js"), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");

  auto js = httpRequest("GET", daemon_->adminBase() + "/assets/pages/dashboard.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("Cache-Control"), "no-cache");
  const std::string etag = js.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = httpRequest("GET", daemon_->adminBase() + "/assets/pages/dashboard.js", "", "",
                           {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(httpRequest("GET", daemon_->adminBase() + "/assets/style.css").header("Content-Type"),
            "text/css; charset=utf-8");

  EXPECT_EQ(httpRequest("GET", daemon_->adminBase() + "/assets/missing.js").status, 404);
  EXPECT_EQ(httpRequest("GET", daemon_->adminBase() + "/assets/..%2Fapi.js").status, 404);
  EXPECT_EQ(r.header("Strict-Transport-Security"), "max-age=31536000");
  // API answers carry the same headers, errors too.
  auto api = admin_->call("GET", "/api/v1/admin/session");
  EXPECT_EQ(api.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(api.header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(httpRequest("GET", daemon_->adminBase() + "/api/v1/admin/nothing")
                .header("Strict-Transport-Security"),
            "max-age=31536000");
  EXPECT_EQ(
      httpRequest("GET", daemon_->adminBase() + "/metrics").header("Strict-Transport-Security"),
      "max-age=31536000");
  EXPECT_EQ(api.header("Cache-Control"), "no-store");
}

TEST_F(AdminTest, OversizedBodyWrittenBeforeReadingStillGetsTheAnswer) {
  // The body is refused (413), or not wanted at all (401): either way the client, which writes
  // all of it before it reads, gets the answer instead of a reset.
  std::string error;
  std::string answer =
      postWholeThenRead(daemon_->adminBase() + "/api/v1/admin/login", 10 * 1024 * 1024,
                        {{"Content-Type", "application/json"}}, &error);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 413") << error;
  EXPECT_NE(answer.find("Strict-Transport-Security: max-age=31536000"), std::string::npos);
  error.clear();
  answer = postWholeThenRead(daemon_->adminBase() + "/api/v1/admin/api-tokens", 10 * 1024 * 1024,
                             {{"Content-Type", "application/json"}}, &error);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 401") << error;
}

TEST_F(AdminTest, UnreadBodyDoesNotLeakIntoTheNextRequestOnTheConnection) {
  Poco::URI base(daemon_->adminBase());
  Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                       Poco::Net::Context::VERIFY_NONE);
  Poco::Net::HTTPSClientSession session(base.getHost(), base.getPort(), ctx);
  session.setKeepAlive(true);
  auto send = [&](const std::string& method, const std::string& path, const std::string& body) {
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    req.set("Cookie", admin_->cookie());
    req.set("X-CSRF-Token", admin_->csrf());
    if (!body.empty()) {
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::string text;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), text);
    return std::make_pair(static_cast<int>(resp.getStatus()), text);
  };
  // POST cns/test does not read its `{}` body.
  EXPECT_EQ(send("POST", "/api/v1/admin/cns/test", "{}").first, 200);
  auto next = send("GET", "/api/v1/admin/session", "");
  EXPECT_EQ(next.first, 200) << next.second;
}

}  // namespace
}  // namespace itest
