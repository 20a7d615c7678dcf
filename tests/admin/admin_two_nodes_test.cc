// Two ENP nodes on one PostgreSQL database, as behind a load balancer: what the console does on
// one counts on the other — a login and its end, a user's sessions, API tokens, settings.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "admin_fixture.h"
#include "daemon.h"
#include "temp_database.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class TwoNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = enp::freshPostgresDatabase();
    a_ = std::make_unique<Daemon>(dirA_.path(), "[cluster]\nnode_name = node-a\n", url);
    b_ = std::make_unique<Daemon>(dirB_.path(), "[cluster]\nnode_name = node-b\n", url);
    ASSERT_TRUE(a_->start()) << a_->log();
    // Every node holds the installation's data key (docs/postgresql.md).
    std::filesystem::create_directories(b_->dataDir());
    std::filesystem::copy_file(a_->dataDir() + "/enp.key", b_->dataDir() + "/enp.key");
    ASSERT_TRUE(b_->start()) << b_->log();
    // The first node to start made the first admin; its password is in that node's data dir.
    onA_ = std::make_unique<AdminClient>(a_->adminBase());
    ASSERT_FALSE(loginAsFirstAdmin(*onA_, a_->dataDir()).empty());
  }

  // Asks `check` until it holds, for at most `limit` (what "within a second or two" allows).
  template <typename F>
  static bool within(milliseconds limit, F check) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!check()) {
      if (std::chrono::steady_clock::now() >= end) {
        return false;
      }
      std::this_thread::yield();
    }
    return true;
  }

  TempDir dirA_, dirB_;
  std::unique_ptr<Daemon> a_, b_;
  std::unique_ptr<AdminClient> onA_;  ///< Logged in as admin on node A.
};

TEST_F(TwoNodesTest, ALoginOnOneNodeOpensTheOtherAndALogoutClosesBoth) {
  AdminClient onB(b_->adminBase(), *onA_);
  auto r = onB.call("GET", "/api/v1/admin/session");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"admin\""), std::string::npos) << r.body;
  ASSERT_EQ(onA_->call("POST", "/api/v1/admin/logout").status, 204);
  EXPECT_EQ(onB.call("GET", "/api/v1/admin/session").status, 401);
}

TEST_F(TwoNodesTest, DisablingAUserOnOneNodeEndsTheirSessionsOnTheOther) {
  auto r = onA_->call("POST", "/api/v1/admin/users",
                      R"({"name":"desk","role":"helpdesk","password":"first-Password-1"})");
  ASSERT_EQ(r.status, 201) << r.body;
  AdminClient deskOnB(b_->adminBase());
  ASSERT_EQ(deskOnB.login("desk", "first-Password-1").status, 200);
  ASSERT_EQ(deskOnB.call("GET", "/api/v1/admin/session").status, 200);
  r = onA_->call("PUT", "/api/v1/admin/users/desk", R"({"disabled":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(deskOnB.call("GET", "/api/v1/admin/session").status, 401);
}

TEST_F(TwoNodesTest, AnApiTokenMadeOnOneNodeWorksOnTheOtherUntilRevoked) {
  auto r = onA_->call("POST", "/api/v1/admin/api-tokens", R"({"label":"bot","role":"operator"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto made = parseObject(r.body);
  AdminClient botOnB(b_->adminBase());
  botOnB.setApiToken(made->getValue<std::string>("token"));
  ASSERT_EQ(botOnB.call("GET", "/api/v1/admin/system").status, 200);
  ASSERT_EQ(
      onA_->call("DELETE", "/api/v1/admin/api-tokens/" + made->getValue<std::string>("id")).status,
      204);
  EXPECT_EQ(botOnB.call("GET", "/api/v1/admin/system").status, 401);
}

TEST_F(TwoNodesTest, SettingsSavedOnOneNodeAreTheOthersWithinTwoSeconds) {
  AdminClient onB(b_->adminBase(), *onA_);
  const std::string before = onB.call("GET", "/api/v1/admin/registration-keys").body;
  ASSERT_EQ(before.find("app-2"), std::string::npos) << before;
  auto r = onA_->call("POST", "/api/v1/admin/registration-keys", R"({"label":"app-2"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(within(seconds(2), [&] {
    return onB.call("GET", "/api/v1/admin/registration-keys").body.find("app-2") !=
           std::string::npos;
  }));
}

}  // namespace
}  // namespace itest
