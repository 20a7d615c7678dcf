#include "admin_fixture.h"

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

namespace itest {

HttpResult AdminClient::login(const std::string& user, const std::string& password,
                              const std::string& code) {
  Poco::JSON::Object body;
  body.set("user", user);
  body.set("password", password);
  if (!code.empty()) {
    body.set("code", code);
  }
  std::ostringstream text;
  body.stringify(text);
  auto r = httpRequest("POST", base_ + "/api/v1/admin/login", text.str(), "application/json");
  if (r.status == 200) {
    std::string cookie = r.header("Set-Cookie");
    cookie_ = cookie.substr(0, cookie.find(';'));
    csrf_ = parseObject(r.body)->getValue<std::string>("csrfToken");
  }
  return r;
}

HttpResult AdminClient::call(const std::string& method, const std::string& path,
                             const std::string& body, bool withCsrf) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!cookie_.empty()) {
    headers.emplace_back("Cookie", cookie_);
  }
  if (withCsrf && !csrf_.empty()) {
    headers.emplace_back("X-CSRF-Token", csrf_);
  }
  if (!apiToken_.empty()) {
    headers.emplace_back("Authorization", "Bearer " + apiToken_);
  }
  return httpRequest(method, base_ + path, body, body.empty() ? "" : "application/json", headers);
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  try {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    ADD_FAILURE() << "not a JSON object: " << text;
    return new Poco::JSON::Object;
  }
}

Poco::JSON::Array::Ptr parseArray(const std::string& text) {
  try {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
  } catch (const std::exception&) {
    ADD_FAILURE() << "not a JSON array: " << text;
    return new Poco::JSON::Array;
  }
}

void AdminTest::SetUp() {
  PipelineTest::SetUp();
  if (HasFatalFailure()) {
    return;
  }
  admin_ = std::make_unique<AdminClient>(daemon_->adminBase());
  initial_ = loginAsFirstAdmin(*admin_, daemon_->dataDir());
  ASSERT_FALSE(initial_.empty());
}

std::string loginAsFirstAdmin(AdminClient& client, const std::string& dataDir) {
  std::ifstream in(dataDir + "/initial-admin-password");
  std::string initial;
  std::getline(in, initial);
  if (initial.empty()) {
    ADD_FAILURE() << "no first-start password in " << dataDir;
    return "";
  }
  auto r = client.login("admin", initial);
  if (r.status != 200) {
    ADD_FAILURE() << "login: " << r.status << " " << r.body;
    return "";
  }
  r = client.call(
      "POST", "/api/v1/admin/password",
      R"({"currentPassword":")" + initial + R"(","newPassword":")" + kAdminPassword + R"("})");
  if (r.status != 204) {
    ADD_FAILURE() << "password change: " << r.status << " " << r.body;
    return "";
  }
  return initial;
}

std::string AdminTest::readInitialPassword() {
  std::ifstream in(daemon_->dataDir() + "/initial-admin-password");
  std::string line;
  std::getline(in, line);
  return line;
}

Poco::JSON::Array::Ptr AdminTest::audit(const std::string& actionPrefix) {
  auto r = admin_->call("GET", "/api/v1/admin/audit?limit=1000&action=" + actionPrefix);
  EXPECT_EQ(r.status, 200) << r.body;
  return parseArray(r.body);
}

bool AdminTest::audited(const std::string& action, const std::string& target) {
  auto entries = audit(action);
  for (size_t i = 0; i < entries->size(); ++i) {
    auto e = entries->getObject(static_cast<unsigned>(i));
    if (e->getValue<std::string>("action") == action &&
        (target.empty() || e->getValue<std::string>("target") == target)) {
      return true;
    }
  }
  return false;
}

void AdminTest::expectNoSecrets(const HttpResult& r, const std::vector<std::string>& more) {
  std::vector<std::string> secrets = {exchange_->options().password, "cns-org-token", kHmacSecret,
                                      kRegistrationKey};
  secrets.insert(secrets.end(), more.begin(), more.end());
  for (const auto& s : secrets) {
    EXPECT_EQ(r.body.find(s), std::string::npos) << "secret '" << s << "' in " << r.body;
  }
}

std::unique_ptr<AdminClient> AdminTest::userWithRole(const std::string& name,
                                                     const std::string& role,
                                                     const std::string& firstPassword,
                                                     const std::string& ownPassword) {
  Poco::JSON::Object body;
  body.set("name", name);
  body.set("role", role);
  body.set("password", firstPassword);
  std::ostringstream text;
  body.stringify(text);
  auto r = admin_->call("POST", "/api/v1/admin/users", text.str());
  EXPECT_EQ(r.status, 201) << r.body;
  auto client = std::make_unique<AdminClient>(daemon_->adminBase());
  r = client->login(name, firstPassword);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("mustChangePassword"));
  Poco::JSON::Object change;
  change.set("currentPassword", firstPassword);
  change.set("newPassword", ownPassword);
  std::ostringstream changeText;
  change.stringify(changeText);
  r = client->call("POST", "/api/v1/admin/password", changeText.str());
  EXPECT_EQ(r.status, 204) << r.body;
  return client;
}

}  // namespace itest
