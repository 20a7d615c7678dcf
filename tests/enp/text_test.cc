// Text in logs: forLog() for text from outside (enp/common/log_text.h), logTime() for instants
// (enp/common/log_time.h).
#include <gtest/gtest.h>

#include <string>

#include "base/utf8.h"
#include "enp/common/log_text.h"
#include "enp/common/log_time.h"

namespace enp {
namespace {

TEST(LogTime, IsIso8601UtcWithMilliseconds) {
  EXPECT_EQ(logTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(logTime(1'796'142'908'123), "2026-12-01T16:35:08.123Z");
  EXPECT_EQ(logTime(1'796'142'908'000), "2026-12-01T16:35:08.000Z");
  EXPECT_EQ(logTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(ForLog, KeepsPrintableTextAsItIs) {
  EXPECT_EQ(forLog(""), "");
  EXPECT_EQ(forLog("text/xml; charset=utf-8"), "text/xml; charset=utf-8");
  EXPECT_EQ(forLog("Grüße CONTOSO\\svc"), "Grüße CONTOSO\\svc");
}

TEST(ForLog, EscapesControlCharactersAndInvalidBytes) {
  EXPECT_EQ(forLog("a\r\nforged line"), "a\\x0D\\x0Aforged line");
  EXPECT_EQ(forLog(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(forLog("\x1B[31mred"), "\\x1B[31mred");
  EXPECT_EQ(forLog("del\x7F c1\xC2\x9B"), "del\\x7F c1\\xC2\\x9B");
  EXPECT_EQ(forLog("bad\xFF\xC3("), "bad\\xFF\\xC3(");
}

TEST(ForLog, CutsLongTextWithAMarker) {
  const std::string name(500 * 1024, 'a');
  const std::string out = forLog(name);
  EXPECT_EQ(out, std::string(200, 'a') + "\xE2\x80\xA6(+" + std::to_string(name.size() - 200) +
                     " bytes)");
  EXPECT_EQ(forLog("abcdef", 3), "abc\xE2\x80\xA6(+3 bytes)");
  EXPECT_EQ(forLog("abc", 3), "abc");
  // Never inside a character or an escape.
  EXPECT_EQ(forLog("ab\xC3\xBC", 3), "ab\xE2\x80\xA6(+2 bytes)");
  EXPECT_EQ(forLog("a\x01", 4), "a\xE2\x80\xA6(+1 bytes)");
  EXPECT_TRUE(base::utf8::isValid(forLog(std::string(300, '\xFF'))));
  EXPECT_LE(forLog(std::string(300, '\xFF')).size(), 200u + 24u);
}

}  // namespace
}  // namespace enp
