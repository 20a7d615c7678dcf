// Values bound to an SQLite statement through sql::Statement.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "enp/store/sql/sql_error.h"
#include "enp/store/sql/sqlite_connection.h"
#include "enp/store/sql/statement.h"

namespace enp::sql {
namespace {

class SqliteStatementTest : public ::testing::Test {
 protected:
  SqliteConnection connection{std::make_unique<SQLite::Database>(":memory:")};
};

TEST_F(SqliteStatementTest, AnEmptyTextIsBoundAsEmptyNotNull) {
  Statement q(connection, "SELECT ?1 IS NULL, length(?1), ?1 = ''");
  q.bind(1, std::string_view());  // a view whose data() is null
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 0);
  EXPECT_EQ(q.getColumn(1).getInt(), 0);
  EXPECT_EQ(q.getColumn(2).getInt(), 1);
}

TEST_F(SqliteStatementTest, APartOfATextIsBoundWithoutWhatFollowsIt) {
  const std::string whole = "registration-1/item-2";
  Statement q(connection, "SELECT ?1, length(?1)");
  q.bind(1, std::string_view(whole).substr(0, 14));
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "registration-1");
  EXPECT_EQ(q.getColumn(1).getInt(), 14);
}

TEST_F(SqliteStatementTest, ABoundTextOutlivesTheCallersString) {
  Statement q(connection, "SELECT ?1");
  {
    std::string text(300, 'x');  // on the heap, freed before the statement runs
    text.replace(0, 5, "first");
    q.bind(1, text);
  }
  std::string other(300, 'y');  // likely to take the freed block
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString().substr(0, 6), "firstx");
  q.reset();  // the bindings stay for the next run
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString().size(), 300u);
}

TEST_F(SqliteStatementTest, ABindingOutOfRangeIsAnError) {
  Statement q(connection, "SELECT ?1");
  EXPECT_THROW(q.bind(2, std::string_view("x")), Error);
}

}  // namespace
}  // namespace enp::sql
