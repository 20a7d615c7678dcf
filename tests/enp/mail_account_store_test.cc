// Mail accounts of registrations: stored with the registration or not at all, the password
// sealed at rest and opened only with the key it was sealed under.
#include "enp/store/mail_account_store.h"

#include <gtest/gtest.h>

#include "enp/common/data_key.h"
#include "enp/common/secrets.h"
#include "enp/store/registration_store.h"
#include "enp/store/sql/statement.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::valueOf;

constexpr const char* kPassword = "app-specific-pass-1234";

class MailAccountStoreTest : public TempDatabaseTest {
 protected:
  std::string key() const { return DataKey::fromBytes(std::string(32, 'k')).derive("credentials"); }
  Registration registration(const std::string& id) const {
    Registration r;
    r.id = id;
    r.mailbox = id + "@icloud.com";
    r.deviceToken = "dev-" + id;
    r.platform = "ios";
    r.policyJson = "{}";
    r.keyLabel = "uem";
    r.createdAt = 1000;
    return r;
  }
  MailAccount account(const std::string& id) const {
    MailAccount a;
    a.registrationId = id;
    a.server = "icloud";
    a.username = id;
    return a;
  }
  Status registerWithAccount(const std::string& id, const MailAccount& a) {
    MailAccountStore accounts(*db_, key());
    return RegistrationStore(*db_).create(registration(id), sha256Hex("cb-" + id),
                                          sha256Hex("s-" + id),
                                          accounts.inserting(a, kPassword, 1000));
  }
  std::string sealedColumn(const std::string& id) {
    auto g = db_->reader();
    sql::Statement q(g.db, "SELECT password_sealed FROM mail_accounts WHERE registration_id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : "";
  }
};

TEST_F(MailAccountStoreTest, TheAccountIsStoredWithItsRegistrationAndItsPasswordSealed) {
  ASSERT_OK(registerWithAccount("r1", account("r1")));
  MailAccountStore accounts(*db_, key());
  const MailAccount a = valueOf(accounts.find("r1"));
  EXPECT_EQ(a.server, "icloud");
  EXPECT_EQ(a.username, "r1");
  EXPECT_EQ(a.folder, "INBOX");
  EXPECT_EQ(a.passwordChangedAt, 1000);
  const std::string sealed = sealedColumn("r1");
  EXPECT_EQ(sealed.rfind("v1.", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find(kPassword), std::string::npos);
  EXPECT_EQ(valueOf(accounts.password("r1")), kPassword);
  EXPECT_EQ(accounts.find("nobody").error().code(), StatusCode::kNotFound);
}

TEST_F(MailAccountStoreTest, AnAccountThatCannotBeWrittenLeavesNoRegistration) {
  MailAccount a = account("r1");
  a.registrationId = "someone-else";  // no such registration: the foreign key refuses it
  const Status s = registerWithAccount("r1", a);
  EXPECT_EQ(s.code(), StatusCode::kStore) << s.toString();
  EXPECT_EQ(RegistrationStore(*db_).findById("r1").error().code(), StatusCode::kNotFound);
}

TEST_F(MailAccountStoreTest, AWatcherListsActiveAccountsWithTheirPasswords) {
  ASSERT_OK(registerWithAccount("r1", account("r1")));
  ASSERT_OK(registerWithAccount("r2", account("r2")));
  ASSERT_OK(registerWithAccount("r3", account("r3")));
  ASSERT_OK(RegistrationStore(*db_).revoke("r2", 2000));
  MailAccountStore accounts(*db_, key());
  MailAccount changed = account("r3");
  changed.username = "r3-new";
  changed.folder = "Work";
  ASSERT_OK(accounts.change(changed, "new-password", 3000));
  const std::vector<WatchedAccount> listed = valueOf(accounts.listActive());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].account.registrationId, "r1");
  EXPECT_EQ(listed[0].mailbox, "r1@icloud.com");
  EXPECT_EQ(listed[0].password, kPassword);
  EXPECT_OK(listed[0].credentials);
  EXPECT_EQ(listed[1].account.username, "r3-new");
  EXPECT_EQ(listed[1].account.folder, "Work");
  EXPECT_EQ(listed[1].account.passwordChangedAt, 3000);
  EXPECT_EQ(listed[1].password, "new-password");
  EXPECT_EQ(accounts.change(account("nobody"), "x", 3000).code(), StatusCode::kNotFound);
}

TEST_F(MailAccountStoreTest, ARefusedLoginIsKeptUntilItIsClearedOrThePasswordChanges) {
  ASSERT_OK(registerWithAccount("r1", account("r1")));
  ASSERT_OK(registerWithAccount("r2", account("r2")));
  MailAccountStore accounts(*db_, key());
  ASSERT_OK(accounts.markAuthFailed("r1", 5000, "[AUTHENTICATIONFAILED] Authentication failed."));
  ASSERT_OK(accounts.markAuthFailed("r2", 5000, "refused"));
  ASSERT_OK(accounts.markAuthFailed("nobody", 5000, "refused"));  // removed meanwhile: nothing
  std::vector<WatchedAccount> listed = valueOf(accounts.listActive());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].account.authFailedAt, 5000);
  EXPECT_EQ(listed[0].account.authFailedDetail, "[AUTHENTICATIONFAILED] Authentication failed.");

  ASSERT_OK(accounts.clearAuthFailed("r1"));               // logged in again
  ASSERT_OK(accounts.change(account("r2"), "new", 6000));  // a new password
  listed = valueOf(accounts.listActive());
  for (const WatchedAccount& w : listed) {
    EXPECT_EQ(w.account.authFailedAt, 0) << w.account.registrationId;
    EXPECT_EQ(w.account.authFailedDetail, "") << w.account.registrationId;
  }
}

TEST_F(MailAccountStoreTest, AnotherDataKeyOpensNoPassword) {
  ASSERT_OK(registerWithAccount("r1", account("r1")));
  MailAccountStore other(*db_, DataKey::fromBytes(std::string(32, 'x')).derive("credentials"));
  const std::vector<WatchedAccount> listed = valueOf(other.listActive());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].credentials.code(), StatusCode::kInvalid);
  EXPECT_TRUE(listed[0].password.empty());
  EXPECT_EQ(other.password("r1").error().code(), StatusCode::kInvalid);
  // A sealed value copied to another registration's row does not open there either.
  ASSERT_OK(registerWithAccount("r2", account("r2")));
  {
    auto g = db_->writer();
    sql::Statement q(g.db,
                     "UPDATE mail_accounts SET password_sealed = ? WHERE registration_id = ?");
    q.bind(1, sealedColumn("r1"));
    q.bind(2, "r2");
    q.exec();
  }
  EXPECT_EQ(MailAccountStore(*db_, key()).password("r2").error().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace enp
