// The console's authentication parts without a daemon: the password KDF, sessions (idle and
// absolute timeouts on a fake clock), the login limiter and route matching.
#include <gtest/gtest.h>

#include <chrono>

#include "enp/admin/admin_routes.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/admin/auth/password.h"
#include "enp/admin/auth/session_manager.h"
#include "fake_clock.h"
#include "temp_database.h"

namespace enp::admin {
namespace {

using testsupport::FakeClock;

constexpr ScryptParams kCheap{1 << 10, 8, 1};

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  std::string h = hashPassword("correct horse battery", kCheap);
  EXPECT_EQ(h.rfind("scrypt$1024$8$1$", 0), 0u) << h;
  EXPECT_TRUE(verifyPassword("correct horse battery", h));
  EXPECT_FALSE(verifyPassword("correct horse batterY", h));
  EXPECT_FALSE(verifyPassword("", h));
}

TEST(Password, SaltMakesEveryHashDifferent) {
  EXPECT_NE(hashPassword("same password", kCheap), hashPassword("same password", kCheap));
}

TEST(Password, DefaultCostIsTheDocumentedOne) {
  std::string h = hashPassword("a default-cost password");
  EXPECT_EQ(h.rfind("scrypt$32768$8$1$", 0), 0u) << h;
  EXPECT_TRUE(verifyPassword("a default-cost password", h));
}

TEST(Password, MalformedHashesNeverVerify) {
  std::string h = hashPassword("pw", kCheap);
  EXPECT_FALSE(verifyPassword("pw", ""));
  EXPECT_FALSE(verifyPassword("pw", "plain:pw"));
  std::string notPowerOfTwo = h;
  notPowerOfTwo.replace(7, 4, "1000");
  EXPECT_FALSE(verifyPassword("pw", notPowerOfTwo));
  EXPECT_FALSE(verifyPassword("pw", h.substr(0, h.size() - 4)));  // truncated key
  EXPECT_FALSE(verifyPassword("pw", "bcrypt" + h.substr(6)));
}

TEST(Password, RulesNameTheField) {
  EXPECT_EQ(checkPasswordRules("short"), "password: at least 12 characters");
  EXPECT_EQ(checkPasswordRules("twelve chars"), "");
}

// Sessions live in the database (every node sharing it sees them).
class Sessions : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    rows_ = std::make_unique<AdminSessionStore>(*db_);
  }
  std::unique_ptr<AdminSessionStore> rows_;
};

TEST_F(Sessions, IdleTimeoutEndsASession) {
  FakeClock clock;
  SessionManager sessions(clock, *rows_, {30 * 60 * 1000, 12 * 60 * 60 * 1000});
  Session s = sessions.create("admin", Role::kAdmin, false);
  EXPECT_EQ(s.id.size(), 43u);  // 256 bits, base64url
  EXPECT_NE(s.id, s.csrfToken);
  clock.advance(std::chrono::minutes(29));
  ASSERT_TRUE(sessions.touch(s.id));  // restarts the idle timer
  clock.advance(std::chrono::minutes(29));
  ASSERT_TRUE(sessions.touch(s.id));
  clock.advance(std::chrono::minutes(30));
  EXPECT_FALSE(sessions.touch(s.id));
  EXPECT_EQ(sessions.sizeForTest(), 0u);
}

TEST_F(Sessions, AbsoluteTimeoutEndsAnActiveSession) {
  FakeClock clock;
  SessionManager sessions(clock, *rows_, {30 * 60 * 1000, 60 * 60 * 1000});
  Session s = sessions.create("admin", Role::kAdmin, false);
  for (int i = 0; i < 5; ++i) {
    clock.advance(std::chrono::minutes(11));
    ASSERT_TRUE(sessions.touch(s.id)) << i;
  }
  clock.advance(std::chrono::minutes(5));
  EXPECT_FALSE(sessions.touch(s.id));
}

TEST_F(Sessions, PasswordChangeEndsTheUsersOtherSessions) {
  FakeClock clock;
  SessionManager sessions(clock, *rows_);
  Session a = sessions.create("admin", Role::kAdmin, true),
          b = sessions.create("admin", Role::kAdmin, true);
  Session other = sessions.create("helpdesk", Role::kHelpdesk, false);
  sessions.removeUser("admin", a.id);
  sessions.clearMustChange(a.id);
  ASSERT_TRUE(sessions.touch(a.id));
  EXPECT_FALSE(sessions.touch(a.id)->mustChangePassword);
  EXPECT_FALSE(sessions.touch(b.id));
  EXPECT_TRUE(sessions.touch(other.id));
  sessions.remove(a.id);
  EXPECT_FALSE(sessions.touch(a.id));
}

TEST_F(Sessions, ASecondNodeOnTheSameDatabaseKnowsTheLoginAndItsEnd) {
  FakeClock clock;
  SessionManager nodeA(clock, *rows_);
  SessionManager nodeB(clock, *rows_);
  Session s = nodeA.create("admin", Role::kOperator, false);
  std::optional<Session> seen = nodeB.touch(s.id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->user, "admin");
  EXPECT_EQ(seen->role, Role::kOperator);
  EXPECT_EQ(seen->csrfToken, s.csrfToken);
  nodeA.removeUser("admin");
  EXPECT_FALSE(nodeB.touch(s.id));
}

TEST_F(Sessions, OnlyTheCookiesHashIsStored) {
  FakeClock clock;
  SessionManager sessions(clock, *rows_);
  Session s = sessions.create("admin", Role::kAdmin, false);
  auto g = db_->reader();
  sql::Statement q(g.db, "SELECT id_hash FROM admin_sessions");
  ASSERT_TRUE(q.executeStep());
  EXPECT_NE(q.getColumn(0).getString(), s.id);
  EXPECT_EQ(q.getColumn(0).getString().size(), 64u);
}

TEST(LoginLimiter, FiveFailuresLockTheUserForFifteenMinutes) {
  FakeClock clock;
  LoginLimiter limiter(clock);
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(limiter.failure("admin", "10.0.0.1"));
    EXPECT_EQ(limiter.lockedForMs("admin", "10.0.0.1"), 0);
  }
  EXPECT_TRUE(limiter.failure("admin", "10.0.0.1"));
  EXPECT_EQ(limiter.lockedForMs("admin", "10.0.0.2"), 15 * 60 * 1000);  // any address
  EXPECT_EQ(limiter.lockedForMs("other", "10.0.0.2"), 0);               // other users not
  clock.advance(std::chrono::minutes(15));
  EXPECT_EQ(limiter.lockedForMs("admin", "10.0.0.1"), 0);
  EXPECT_FALSE(limiter.failure("admin", "10.0.0.1"));  // a fresh count after the lock
}

TEST(LoginLimiter, SuccessResetsTheCount) {
  FakeClock clock;
  LoginLimiter limiter(clock);
  for (int i = 0; i < 4; ++i) {
    limiter.failure("admin", "10.0.0.1");
  }
  limiter.success("admin", "10.0.0.1");
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(limiter.failure("admin", "10.0.0.1"));
  }
}

TEST(LoginLimiter, OneAddressTryingManyUsersIsLocked) {
  FakeClock clock;
  LoginLimiter limiter(clock, {5, 20, 15 * 60 * 1000});
  for (int i = 0; i < 19; ++i) {
    EXPECT_FALSE(limiter.failure("user" + std::to_string(i), "10.0.0.9"));
  }
  EXPECT_TRUE(limiter.failure("user19", "10.0.0.9"));
  EXPECT_GT(limiter.lockedForMs("someone-else", "10.0.0.9"), 0);
  EXPECT_EQ(limiter.lockedForMs("someone-else", "10.0.0.8"), 0);
}

TEST(Routes, PatternsMatchWholeSegments) {
  std::map<std::string, std::string> p;
  EXPECT_TRUE(
      matchRoute("/api/v1/admin/exchange/{name}/test", "/api/v1/admin/exchange/mail%201/test", &p));
  EXPECT_EQ(p["name"], "mail 1");
  p.clear();
  EXPECT_FALSE(matchRoute("/api/v1/admin/exchange/{name}", "/api/v1/admin/exchange", &p));
  EXPECT_FALSE(matchRoute("/api/v1/admin/exchange", "/api/v1/admin/exchange/", &p));
  EXPECT_FALSE(matchRoute("/api/v1/admin/cns", "/api/v1/admin/cnsx", &p));
  EXPECT_TRUE(matchRoute("/metrics", "/metrics", &p));
}

}  // namespace
}  // namespace enp::admin
