// Text from outside: UTF-8 checks (enp/common/utf8.h) and forLog() (enp/common/log_text.h).
#include <gtest/gtest.h>

#include <string>

#include "enp/common/log_text.h"
#include "enp/common/utf8.h"

namespace enp {
namespace {

TEST(Utf8, ValidAndInvalidSequences) {
  EXPECT_TRUE(utf8::isValid(""));
  EXPECT_TRUE(utf8::isValid("Grüße, 東京 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(utf8::isValid("\xFF"));
  EXPECT_FALSE(utf8::isValid("a\x80"));             // stray continuation
  EXPECT_FALSE(utf8::isValid("\xC3\x28"));          // broken sequence
  EXPECT_FALSE(utf8::isValid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(utf8::isValid("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(utf8::isValid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(utf8::isValid("\xE2\x82"));          // truncated
  EXPECT_EQ(utf8::toValid("a\xFF"
                          "b\xC3"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(utf8::toValid("Grüße"), "Grüße");
  EXPECT_EQ(utf8::invalidProblem("ok \x01"), "");
  EXPECT_EQ(utf8::invalidProblem("\x01"
                                 "ab\xC3("),
            "not valid UTF-8 (byte 3)");
}

TEST(Utf8, TextProblemsNameTheKindAndTheByte) {
  EXPECT_EQ(utf8::textProblem("Europe/Berlin"), "");
  EXPECT_EQ(utf8::textProblem("Zürich \xE2\x80\xA8"), "");  // U+2028 is not a control character
  EXPECT_EQ(utf8::textProblem("ab\xFF"), "not valid UTF-8 (byte 2)");
  EXPECT_EQ(utf8::textProblem(std::string("a\0b", 3)),
            "control character U+0000 at byte 1 not allowed");
  EXPECT_EQ(utf8::textProblem("a\x7F"), "control character U+007F at byte 1 not allowed");
  EXPECT_EQ(utf8::textProblem("a\xC2\x85"), "control character U+0085 at byte 1 not allowed");
  EXPECT_EQ(utf8::textProblem("line\nbreak"), "control character U+000A at byte 4 not allowed");
  EXPECT_EQ(utf8::textProblem("line\r\n\tbreak", utf8::Text::kLines), "");
  EXPECT_EQ(utf8::textProblem("bell\a", utf8::Text::kLines),
            "control character U+0007 at byte 4 not allowed");
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
  EXPECT_TRUE(utf8::isValid(forLog(std::string(300, '\xFF'))));
  EXPECT_LE(forLog(std::string(300, '\xFF')).size(), 200u + 24u);
}

}  // namespace
}  // namespace enp
