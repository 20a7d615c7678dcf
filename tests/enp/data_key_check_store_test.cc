// The database remembers which data key it belongs to, by a fingerprint that does not reveal it.
#include "enp/store/data_key_check_store.h"

#include <gtest/gtest.h>

#include "enp/common/data_key.h"
#include "enp/common/secrets.h"
#include "enp/store/sql/connection.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

const DataKey kFirst = DataKey::fromBytes(std::string(32, 'a'));
const DataKey kOther = DataKey::fromBytes(std::string(32, 'b'));

class DataKeyCheckStoreTest : public TempDatabaseTest {};

TEST_F(DataKeyCheckStoreTest, TheFirstKeyIsRecordedAndAnotherIsRefusedAfterARestart) {
  DataKeyCheckStore store(*db_);
  EXPECT_OK(store.check(kFirst.fingerprint(), 1000));
  EXPECT_OK(store.check(kFirst.fingerprint(), 2000));

  db_.reset();
  auto reopened = reopenDatabase();
  ASSERT_TRUE(reopened.ok()) << reopened.error().toString();
  db_ = std::move(*reopened);
  DataKeyCheckStore again(*db_);
  const Status other = again.check(kOther.fingerprint(), 3000);
  EXPECT_EQ(other.code(), StatusCode::kConflict) << other.toString();
  EXPECT_OK(again.check(kFirst.fingerprint(), 4000));

  auto g = db_->reader();
  EXPECT_EQ(sql::queryInt64(g.db, "SELECT COUNT(*) FROM data_key_check"), 1);
  EXPECT_EQ(sql::queryInt64(g.db, "SELECT created_at FROM data_key_check"), 1000);
}

TEST(DataKeyFingerprint, IsHexOfSixtyFourAndNeitherTheKeyNorAKeyDerivedForUse) {
  const std::string f = kFirst.fingerprint();
  EXPECT_EQ(f.size(), 64U);
  EXPECT_EQ(f.find_first_not_of("0123456789abcdef"), std::string::npos) << f;
  EXPECT_EQ(f, DataKey::fromBytes(std::string(32, 'a')).fingerprint());
  EXPECT_NE(f, kOther.fingerprint());
  for (const char* purpose : {"credentials", "callback-tokens"}) {
    EXPECT_EQ(f.find(sha256Hex(kFirst.derive(purpose))), std::string::npos) << purpose;
  }
}

TEST_F(DataKeyCheckStoreTest, AFailingDatabaseIsAStoreErrorNotAMismatch) {
  DataKeyCheckStore store(*db_);
  {
    auto g = db_->writer();
    g.db.exec("DROP TABLE data_key_check");
  }
  EXPECT_EQ(store.check(kFirst.fingerprint(), 1000).code(), StatusCode::kStore);
}

}  // namespace
}  // namespace enp
