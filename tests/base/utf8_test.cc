#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace base::utf8 {
namespace {

// U+FFFD, spelled short for the tables.
#define R "\xEF\xBF\xBD"

struct Case {
  const char* what;
  std::string input;
  size_t invalidAt;      // npos when well-formed.
  std::string repaired;  // repair(input).
};

constexpr size_t kOk = std::string_view::npos;

TEST(Utf8Test, ValidationAndRepairTable) {
  const Case cases[] = {
      {"empty", "", kOk, ""},
      {"ASCII", "AAMkAD=+/", kOk, "AAMkAD=+/"},
      {"2-byte", "Ünïcödé", kOk, "Ünïcödé"},
      {"3-byte", "\xE2\x82\xAC 5", kOk, "\xE2\x82\xAC 5"},
      {"4-byte emoji kept", "ok \xF0\x9F\x98\x80!", kOk, "ok \xF0\x9F\x98\x80!"},
      {"U+FFFD itself", R, kOk, R},
      {"U+10FFFF, the last code point", "\xF4\x8F\xBF\xBF", kOk, "\xF4\x8F\xBF\xBF"},
      {"U+D7FF and U+E000 around the surrogates", "\xED\x9F\xBF\xEE\x80\x80", kOk,
       "\xED\x9F\xBF\xEE\x80\x80"},
      {"lone continuation byte", "a\x80z", 1, "a" R "z"},
      {"overlong 2-byte '/'", "\xC0\xAF", 0, R R},
      {"overlong 2-byte C1", "\xC1\xBF", 0, R R},
      {"overlong 3-byte '/'", "\xE0\x80\xAF", 0, R R R},
      {"overlong 3-byte U+07FF", "\xE0\x9F\xBF", 0, R R R},
      {"overlong 4-byte '/'", "\xF0\x80\x80\xAF", 0, R R R R},
      {"overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", 0, R R R R},
      {"high surrogate U+D800", "x\xED\xA0\x80", 1, "x" R R R},
      {"low surrogate U+DFFF", "\xED\xBF\xBF", 0, R R R},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80", 0, R R R R R R},
      {"U+110000, above the range", "\xF4\x90\x80\x80", 0, R R R R},
      {"F5 lead", "\xF5\x80\x80\x80", 0, R R R R},
      {"FE and FF", "\xFE\xFF", 0, R R},
      {"truncated 2-byte at the end", "ab\xC3", 2, "ab" R},
      {"truncated 3-byte at the end: one U+FFFD", "\xE2\x82", 0, R},
      {"truncated 4-byte at the end: one U+FFFD", "\xF0\x9F\x98", 0, R},
      {"truncated 3-byte before ASCII", "a\xE2\x82z", 1, "a" R "z"},
      {"truncated 4-byte before a valid 2-byte", "\xF0\x9F\xC3\xA9", 0, R "\xC3\xA9"},
      {"lead byte after a lead byte", "\xC3\xC3\xA9", 0, R "\xC3\xA9"},
      {"Latin-1 bytes", "caf\xE9 cr\xE8me", 3, "caf" R " cr" R "me"},
      {"first error after valid multibyte", "\xC3\xA9\xFF", 2, "\xC3\xA9" R},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(invalidAt(c.input), c.invalidAt) << c.what;
    EXPECT_EQ(isValid(c.input), c.invalidAt == kOk) << c.what;
    const std::string repaired = repair(c.input);
    EXPECT_EQ(repaired, c.repaired) << c.what;
    EXPECT_TRUE(isValid(repaired)) << c.what;
    std::string inPlace = c.input;
    repairInPlace(inPlace);
    EXPECT_EQ(inPlace, c.repaired) << c.what;
  }
}

TEST(Utf8Test, PlainTextRefusesControlCharacters) {
  const struct {
    std::string input;
    bool plain;
  } cases[] = {
      {"", true},
      {"AAMkADk0=", true},
      {"tab\tcr\rlf\n", true},
      {"no-break\xC2\xA0space \xC3\xA9 \xF0\x9F\x98\x80", true},
      {std::string("nul\0x", 5), false},
      {"bell\x07", false},
      {"esc\x1B[31m", false},
      {"unit separator\x1F", false},
      {"del\x7F", false},
      {"C1 U+0080 \xC2\x80", false},
      {"C1 NEL U+0085 \xC2\x85", false},
      {"C1 U+009F \xC2\x9F", false},
      {"ill-formed \xFF", false},
      {"truncated \xC2", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(isPlainText(c.input), c.plain) << c.input;
  }
}

#undef R

TEST(Utf8, ValidAndInvalidSequences) {
  EXPECT_TRUE(isValid(""));
  EXPECT_TRUE(isValid("Grüße, 東京 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(isValid("\xFF"));
  EXPECT_FALSE(isValid("a\x80"));             // stray continuation
  EXPECT_FALSE(isValid("\xC3\x28"));          // broken sequence
  EXPECT_FALSE(isValid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValid("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(isValid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValid("\xE2\x82"));          // truncated
  EXPECT_EQ(repair("a\xFF"
                   "b\xC3"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(repair("Grüße"), "Grüße");
  EXPECT_EQ(invalidProblem("ok \x01"), "");
  EXPECT_EQ(invalidProblem("\x01"
                           "ab\xC3("),
            "not valid UTF-8 (byte 3)");
}

TEST(Utf8, TextProblemsNameTheKindAndTheByte) {
  EXPECT_EQ(textProblem("Europe/Berlin"), "");
  EXPECT_EQ(textProblem("Zürich \xE2\x80\xA8"), "");  // U+2028 is not a control character
  EXPECT_EQ(textProblem("ab\xFF"), "not valid UTF-8 (byte 2)");
  EXPECT_EQ(textProblem(std::string("a\0b", 3)), "control character U+0000 at byte 1 not allowed");
  EXPECT_EQ(textProblem("a\x7F"), "control character U+007F at byte 1 not allowed");
  EXPECT_EQ(textProblem("a\xC2\x85"), "control character U+0085 at byte 1 not allowed");
  EXPECT_EQ(textProblem("line\nbreak"), "control character U+000A at byte 4 not allowed");
  EXPECT_EQ(textProblem("line\r\n\tbreak", Text::kLines), "");
  EXPECT_EQ(textProblem("bell\a", Text::kLines), "control character U+0007 at byte 4 not allowed");
}

}  // namespace
}  // namespace base::utf8
