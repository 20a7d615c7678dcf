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
  SqliteConnection connection{
      std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)};
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

TEST_F(SqliteStatementTest, TextsBoundLaterLeaveThoseBoundBeforeIntact) {
  // Short texts (within std::string's own buffer) first, then parameters numbered higher, so
  // that whatever holds the texts bound grows after they were bound.
  Statement q(connection, "SELECT ?1, ?2, ?40, ?3, ?41");
  q.bind(2, std::string_view("b"));
  q.bind(1, std::string_view("a"));
  q.bind(40, std::string(200, 'y'));
  q.bind(3, std::string_view("c"));
  q.bind(41, std::string_view("d"));
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "a");
  EXPECT_EQ(q.getColumn(1).getString(), "b");
  EXPECT_EQ(q.getColumn(2).getString(), std::string(200, 'y'));
  EXPECT_EQ(q.getColumn(3).getString(), "c");
  EXPECT_EQ(q.getColumn(4).getString(), "d");
}

TEST_F(SqliteStatementTest, ATextBoundAgainReplacesTheFirstInEveryRun) {
  Statement q(connection, "SELECT ?1, length(?1), ?2");
  q.bind(2, std::string_view("kept"));
  for (const std::string& text :
       {std::string(500, 'l'), std::string("s"), std::string(), std::string(40, 'm')}) {
    q.bind(1, text);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), text);
    EXPECT_EQ(q.getColumn(1).getInt(), static_cast<int>(text.size()));
    EXPECT_EQ(q.getColumn(2).getString(), "kept");
    q.reset();
  }
}

TEST_F(SqliteStatementTest, TextsAreBoundIntoAnInsertOneRunAfterAnother) {
  connection.exec("CREATE TABLE t (a TEXT, b TEXT)");
  Statement insert(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
  for (int i = 0; i < 50; ++i) {
    insert.bind(1, std::string(static_cast<size_t>(i * 7), 'a') + std::to_string(i));
    insert.bind(2, std::to_string(i));
    EXPECT_EQ(insert.exec(), 1);
    insert.reset();
  }
  Statement read(connection, "SELECT a, b FROM t ORDER BY rowid");
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(read.executeStep());
    EXPECT_EQ(read.getColumn(0).getString(),
              std::string(static_cast<size_t>(i * 7), 'a') + std::to_string(i));
    EXPECT_EQ(read.getColumn(1).getString(), std::to_string(i));
  }
  EXPECT_FALSE(read.executeStep());
}

TEST_F(SqliteStatementTest, ABindingOutOfRangeIsAnError) {
  Statement q(connection, "SELECT ?1");
  EXPECT_THROW(q.bind(2, std::string_view("x")), Error);
  EXPECT_THROW(q.bind(0, std::string_view("x")), Error);
  EXPECT_THROW(q.bind(5000, std::string_view("x")), Error);
}

}  // namespace
}  // namespace enp::sql
