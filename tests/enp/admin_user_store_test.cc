// Console users in the database: roles, disabling and removal never leave no enabled admin;
// API tokens keep their role and expiry.
#include "enp/store/admin_user_store.h"

#include <gtest/gtest.h>

#include "enp/store/api_token_store.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::isOk;

class AdminUserStoreTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    users_ = std::make_unique<AdminUserStore>(*db_);
  }
  std::unique_ptr<AdminUserStore> users_;
};

TEST_F(AdminUserStoreTest, UsersKeepTheirRoleAcrossAPasswordChange) {
  ASSERT_TRUE(isOk(users_->upsert("admin", "h1", true, 1)));
  ASSERT_TRUE(isOk(users_->create("desk", "h2", AdminRole::kHelpdesk, true, 2)));
  EXPECT_EQ(users_->create("desk", "h3", AdminRole::kAdmin, false, 3).code(),
            StatusCode::kConflict);
  ASSERT_TRUE(isOk(users_->upsert("desk", "h4", false, 4)));
  const AdminUser desk = *users_->find("desk");
  EXPECT_EQ(desk.role, AdminRole::kHelpdesk);
  EXPECT_EQ(desk.passwordHash, "h4");
  EXPECT_FALSE(desk.mustChange);
  EXPECT_EQ(users_->find("admin")->role, AdminRole::kAdmin);
  const auto all = *users_->list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "admin");
}

TEST_F(AdminUserStoreTest, TheLastEnabledAdminCannotBeDemotedDisabledOrRemoved) {
  ASSERT_TRUE(isOk(users_->upsert("root", "h", false, 1)));
  ASSERT_TRUE(isOk(users_->create("ops", "h", AdminRole::kOperator, false, 1)));
  EXPECT_EQ(users_->setRole("root", AdminRole::kOperator, 2).code(), StatusCode::kConflict);
  EXPECT_EQ(users_->setDisabled("root", true, 2).code(), StatusCode::kConflict);
  EXPECT_EQ(users_->remove("root").code(), StatusCode::kConflict);
  EXPECT_EQ(users_->find("root")->role, AdminRole::kAdmin);

  // A second admin, disabled, does not count; enabled, it does.
  ASSERT_TRUE(isOk(users_->setRole("ops", AdminRole::kAdmin, 3)));
  ASSERT_TRUE(isOk(users_->setDisabled("ops", true, 3)));
  EXPECT_EQ(users_->remove("root").code(), StatusCode::kConflict);
  ASSERT_TRUE(isOk(users_->setDisabled("ops", false, 4)));
  EXPECT_TRUE(isOk(users_->setRole("root", AdminRole::kHelpdesk, 5)));
  EXPECT_EQ(users_->setRole("ops", AdminRole::kOperator, 6).code(), StatusCode::kConflict);
  EXPECT_TRUE(isOk(users_->remove("root")));
  EXPECT_EQ(users_->remove("nobody").code(), StatusCode::kNotFound);
  EXPECT_EQ(users_->setRole("nobody", AdminRole::kAdmin, 7).code(), StatusCode::kNotFound);
}

TEST_F(AdminUserStoreTest, ATotpStepIsUsedOnce) {
  ASSERT_TRUE(isOk(users_->create("a", "h", AdminRole::kAdmin, false, 1)));
  ASSERT_TRUE(isOk(users_->setTotpPending("a", "v1.sealed", 1)));
  ASSERT_TRUE(isOk(users_->enableTotp("a", 100, 1)));
  EXPECT_FALSE(*users_->useTotpStep("a", 100));
  EXPECT_FALSE(*users_->useTotpStep("a", 99));
  EXPECT_TRUE(*users_->useTotpStep("a", 101));
  ASSERT_TRUE(isOk(users_->clearTotp("a", 2)));
  EXPECT_FALSE(users_->find("a")->totpEnabled);
  EXPECT_EQ(users_->find("a")->totpSealed, "");
}

TEST_F(AdminUserStoreTest, ApiTokensKeepTheirRoleAndExpiry) {
  ApiTokenStore tokens(*db_);
  ApiToken t;
  t.id = "t1";
  t.label = "desk-bot";
  t.createdBy = "admin";
  t.createdAt = 1;
  t.role = AdminRole::kHelpdesk;
  t.expiresAt = 1000;
  ASSERT_TRUE(isOk(tokens.create(t, "hash1")));
  ApiToken forever = t;
  forever.id = "t2";
  forever.expiresAt.reset();
  forever.role = AdminRole::kOperator;
  ASSERT_TRUE(isOk(tokens.create(forever, "hash2")));
  const ApiToken read = *tokens.findActiveByHash("hash1");
  EXPECT_EQ(read.role, AdminRole::kHelpdesk);
  EXPECT_EQ(read.expiresAt, std::optional<int64_t>(1000));
  EXPECT_FALSE(tokens.findActiveByHash("hash2")->expiresAt);
  EXPECT_EQ(tokens.findActiveByHash("hash2")->role, AdminRole::kOperator);
}

}  // namespace
}  // namespace enp
