// Folder marks of IMAP accounts: none before the first connection, the last one saved wins, and
// a mark goes with its registration.
#include "enp/store/folder_mark_store.h"

#include <gtest/gtest.h>

#include "enp/store/registration_store.h"
#include "temp_database.h"

namespace enp {
namespace {

class FolderMarkStoreTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    Registration r;
    r.id = "reg-1";
    r.mailbox = "alice@icloud.com";
    r.deviceToken = "dev-1";
    r.platform = "ios";
    r.policyJson = "{}";
    ASSERT_TRUE(RegistrationStore(*db_).create(r, "cb", "secret").ok());
  }
};

TEST_F(FolderMarkStoreTest, NoMarkBeforeTheFirstSaveThenTheLastSavedOne) {
  FolderMarkStore marks(*db_);
  Result<std::optional<StoredFolderMark>> found = marks.find("reg-1");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  ASSERT_TRUE(marks.save("reg-1", {7, 41}, 1000).ok());
  ASSERT_TRUE(marks.save("reg-1", {4000000000u, 42}, 2000).ok());
  found = marks.find("reg-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->uidValidity, 4000000000u);  // UIDs are 32-bit unsigned
  EXPECT_EQ((*found)->lastUid, 42u);
}

TEST_F(FolderMarkStoreTest, AMarkOfAnUnknownRegistrationIsNotKept) {
  FolderMarkStore marks(*db_);
  ASSERT_TRUE(marks.save("gone", {1, 2}, 1000).ok());
  Result<std::optional<StoredFolderMark>> found = marks.find("gone");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace enp
