#include "enp/common/log.h"

#include <gtest/gtest.h>

#include <string>

namespace enp {
namespace {

std::string format(bool journal, spdlog::level::level_enum level, const char* logger) {
  auto formatter = log::makeFormatter(journal);
  spdlog::details::log_msg msg(logger, level, "queue depth 3");
  spdlog::memory_buf_t out;
  formatter->format(msg, out);
  return fmt::to_string(out);
}

TEST(Log, JournalLinesStartWithTheSyslogPriorityNumber) {
  EXPECT_EQ(format(true, spdlog::level::info, "pipeline"), "<6>info [pipeline] queue depth 3\n");
  EXPECT_EQ(format(true, spdlog::level::warn, "sink"), "<4>warning [sink] queue depth 3\n");
  EXPECT_EQ(format(true, spdlog::level::err, "store"), "<3>error [store] queue depth 3\n");
  EXPECT_EQ(format(true, spdlog::level::debug, "ews"), "<7>debug [ews] queue depth 3\n");
}

TEST(Log, PrioritiesFollowSyslog) {
  EXPECT_EQ(log::syslogPriority(spdlog::level::trace), 7);
  EXPECT_EQ(log::syslogPriority(spdlog::level::debug), 7);
  EXPECT_EQ(log::syslogPriority(spdlog::level::info), 6);
  EXPECT_EQ(log::syslogPriority(spdlog::level::warn), 4);
  EXPECT_EQ(log::syslogPriority(spdlog::level::err), 3);
  EXPECT_EQ(log::syslogPriority(spdlog::level::critical), 2);
}

TEST(Log, TerminalLinesCarryATimestampAndTheLoggerName) {
  std::string line = format(false, spdlog::level::warn, "http");
  // 2024-01-31T09:00:00.123 W [http] queue depth 3
  ASSERT_EQ(line.size(), 24 + std::string("W [http] queue depth 3\n").size());
  EXPECT_EQ(line.substr(4, 1), "-");
  EXPECT_EQ(line.substr(10, 1), "T");
  EXPECT_EQ(line.substr(24), "W [http] queue depth 3\n");
}

}  // namespace
}  // namespace enp
