#include "enp/sink/snippet.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "enp/sink/unicode_text.h"

namespace enp {
namespace {

size_t codePoints(const std::string& s) { return unicode::decodeUtf8(s).size(); }

bool hasReplacement(const std::string& s) { return s.find("\xEF\xBF\xBD") != std::string::npos; }

TEST(Snippet, EmptyInputsAndZeroLength) {
  EXPECT_EQ("", makeSnippet("", 140));
  EXPECT_EQ("", makeSnippet("Hello", 0));
  EXPECT_EQ("", makeSnippet("   \t\n  ", 140));
}

TEST(Snippet, ShortTextIsUnchanged) {
  EXPECT_EQ("Budget for Q3", makeSnippet("Budget for Q3", 140));
}

TEST(Snippet, CollapsesAndTrimsWhitespace) {
  EXPECT_EQ("Hello world", makeSnippet("  Hello \t\r\n\n   world  ", 140));
}

TEST(Snippet, UnicodeSpacesAndControlsCollapse) {
  // NBSP, em space, ideographic space, narrow NBSP, line separator, C0 and C1 controls.
  EXPECT_EQ("a b c d e f g h",
            makeSnippet("a\u00A0\u00A0b\u2003c\u3000d\u202Fe\u2028f\x01g\xC2\x85h", 140));
}

TEST(Snippet, ByteOrderMarkIsDropped) { EXPECT_EQ("Hello", makeSnippet("\xEF\xBB\xBFHello", 140)); }

TEST(Snippet, StripsTagsBlockTagsSeparateWords) {
  EXPECT_EQ("Hello big world Bye", makeSnippet("<p>Hello <b>big</b> world</p><br/>Bye", 140));
  EXPECT_EQ("Hello", makeSnippet("He<span class=\"x\">ll</span>o", 140));
  EXPECT_EQ("a b", makeSnippet("<td>a</td><TD>b</TD>", 140));
  EXPECT_EQ("link", makeSnippet("<a href=\"x?a>b\" title='>'>link</a>", 140));
}

TEST(Snippet, DropsStyleScriptTitleAndComments) {
  const std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Secret title</title>"
      "<STYLE type=\"text/css\">p { color: red; }</STYLE>"
      "<!--[if gte mso 9]><xml><o:Settings/></xml><![endif]--></head>"
      "<body><script>alert('<b>x</b>')</script><p>Hi Bob,</p><p>see you.</p></body></html>";
  EXPECT_EQ("Hi Bob, see you.", makeSnippet(html, 140));
}

TEST(Snippet, UnclosedScriptDropsTheRest) {
  EXPECT_EQ("Hi", makeSnippet("Hi<script>var a = 1 < 2;", 140));
  EXPECT_EQ("Hi", makeSnippet("Hi<a href=", 140));
}

TEST(Snippet, DecodesNamedEntities) {
  EXPECT_EQ("Fish & Chips <3 > \"x\" 'y' 'z' a b It\u2019s\u2026",
            makeSnippet("Fish &amp; Chips &lt;3 &gt; &quot;x&quot; &#39;y&#39; &apos;z&apos; "
                        "a&nbsp;b It&rsquo;s&hellip;",
                        140));
}

TEST(Snippet, DecodesNumericEntities) {
  EXPECT_EQ("HI \U0001F600 \u00E9", makeSnippet("&#72;&#x49; &#x1F600; &#233;", 140));
  // NUL, a surrogate and out-of-range values become U+FFFD.
  EXPECT_EQ("\uFFFD \uFFFD \uFFFD", makeSnippet("&#0; &#xD800; &#x110000;", 140));
}

TEST(Snippet, KeepsUnknownEntitiesAndStrayAmpersands) {
  EXPECT_EQ("AT&T &foo; & &#; &#xZ;", makeSnippet("AT&T &foo; & &#; &#xZ;", 140));
}

TEST(Snippet, LessThanThatIsNotATagIsText) {
  EXPECT_EQ("a < b and 1<2 and <3", makeSnippet("a < b and 1<2 and <3", 140));
}

TEST(Snippet, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ("ok\uFFFD(", makeSnippet("ok\xFF(", 140));
  EXPECT_EQ("\uFFFD\uFFFD", makeSnippet("\xC0\xAF", 140));            // Overlong '/'.
  EXPECT_EQ("\uFFFD\uFFFD\uFFFD", makeSnippet("\xED\xA0\x80", 140));  // Encoded surrogate.
  EXPECT_EQ("x\uFFFD", makeSnippet("x\xE2\x82", 140));                // Truncated euro sign.
  EXPECT_EQ("\uFFFD\uFFFD\uFFFD\uFFFD", makeSnippet("\xF4\x90\x80\x80", 140));  // > U+10FFFF.
  EXPECT_EQ("\u20AC\U0001F600", makeSnippet("\xE2\x82\xAC\xF0\x9F\x98\x80", 140));
}

TEST(Snippet, CutCountsTheEllipsis) {
  const std::string s = makeSnippet("Hello wonderful world", 10);
  EXPECT_EQ("Hello won\u2026", s);
  EXPECT_EQ(10u, codePoints(s));
  EXPECT_EQ("Hello\u2026", makeSnippet("Hello world", 7));  // No space before the ellipsis.
  EXPECT_EQ("\u2026", makeSnippet("Hello world", 1));
}

TEST(Snippet, TextThatFitsExactlyIsNotCut) {
  EXPECT_EQ("Hello", makeSnippet("Hello", 5));
  EXPECT_EQ("H\u2026", makeSnippet("Hello!", 2));
}

TEST(Snippet, CjkCutsOnCharacters) {
  const std::string s = makeSnippet("日本語のテキストです", 5);
  EXPECT_EQ("日本語の\u2026", s);
  EXPECT_EQ(5u, codePoints(s));
  EXPECT_EQ("你好，世界", makeSnippet("你好，世界", 5));
}

TEST(Snippet, EmojiAreNeverSplit) {
  EXPECT_EQ("\U0001F600\U0001F600\u2026",
            makeSnippet("\U0001F600\U0001F600\U0001F600\U0001F600", 3));
}

TEST(Snippet, ZwjFamilyStaysWhole) {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
  EXPECT_EQ("Hi\u2026", makeSnippet("Hi " + family + " there", 6));
  EXPECT_EQ(family + "\u2026", makeSnippet(family + " there", 9));
  EXPECT_EQ("\u2026", makeSnippet(family + " there", 5));
}

TEST(Snippet, FlagsStayPaired) {
  const std::string de = "\U0001F1E9\U0001F1EA";
  const std::string fr = "\U0001F1EB\U0001F1F7";
  const std::string jp = "\U0001F1EF\U0001F1F5";
  EXPECT_EQ(de + "\u2026", makeSnippet(de + fr + jp, 4));
  EXPECT_EQ(de + fr + "\u2026", makeSnippet(de + fr + jp, 5));
  // England: black flag plus tag characters.
  const std::string england =
      "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F";
  EXPECT_EQ("\u2026", makeSnippet(england + " fans", 4));
}

TEST(Snippet, CombiningMarksStayWithTheirBase) {
  EXPECT_EQ("caf\u2026", makeSnippet("cafe\u0301 au lait", 5));
  EXPECT_EQ("cafe\u0301\u2026", makeSnippet("cafe\u0301 au lait", 7));
  EXPECT_EQ("e\u0301\u2026", makeSnippet("e\u0301e\u0301e\u0301", 3));
}

TEST(Snippet, EmojiModifiersAndVariationSelectorsStay) {
  const std::string thumb = "\U0001F44D\U0001F3FD";
  EXPECT_EQ("\u2026", makeSnippet(thumb + thumb, 2));
  EXPECT_EQ(thumb + "\u2026", makeSnippet(thumb + thumb, 3));
  const std::string heart = "\u2764\uFE0F";
  EXPECT_EQ(heart + "\u2026", makeSnippet(heart + heart, 3));
  const std::string keycap = "1\uFE0F\u20E3";
  EXPECT_EQ("\u2026", makeSnippet(keycap + keycap, 3));
  EXPECT_EQ(keycap + "\u2026", makeSnippet(keycap + keycap, 4));
}

TEST(Snippet, HebrewAndArabic) {
  EXPECT_EQ("שלום\u2026", makeSnippet("שלום עולם", 6));
  // Shin with qamats and shin dot, then lamed: the points stay on the shin.
  EXPECT_EQ("\u05E9\u05B8\u05C1\u2026",
            makeSnippet("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", 4));
  // Mem with fatha, reh with sukun, ...: marhaban.
  const std::string marhaban = "\u0645\u064E\u0631\u0652\u062D\u064E\u0628\u064B\u0627";
  EXPECT_EQ("\u0645\u064E\u2026", makeSnippet(marhaban, 3));
  EXPECT_EQ("\u0645\u064E\u2026", makeSnippet(marhaban, 4));
  EXPECT_EQ("مرحبا بالعالم", makeSnippet("<div dir=\"rtl\">مرحبا&nbsp;بالعالم</div>", 140));
}

TEST(Snippet, EveryCutIsValidAndWithinLimit) {
  const std::string text =
      "Re: 会議 \U0001F468\u200D\U0001F469\u200D\U0001F467 cafe\u0301 \U0001F1E9\U0001F1EA "
      "\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD \U0001F44D\U0001F3FD <b>bold</b> &amp; done";
  for (size_t max = 1; max < 60; ++max) {
    const std::string s = makeSnippet(text, max);
    EXPECT_LE(codePoints(s), max) << max;
    EXPECT_FALSE(hasReplacement(s)) << max;
    EXPECT_EQ(s, makeCleanLine(s, max)) << max;  // Already clean: idempotent.
    const auto cps = unicode::decodeUtf8(s);
    ASSERT_FALSE(cps.empty());
    if (cps.size() >= 2 && cps.back() == 0x2026) {
      EXPECT_FALSE(unicode::isExtender(cps[0])) << max;
      EXPECT_NE(U'\u200D', cps[cps.size() - 2]) << max;
      EXPECT_NE(U' ', cps[cps.size() - 2]) << max;
    }
  }
}

TEST(Unicode, ExtenderTable) {
  for (char32_t cp : {0x0301, 0x05B8, 0x05C1, 0x064E, 0x094D, 0x200D, 0x20E3, 0xFE0F, 0x1F3FD,
                      0xE0067, 0xE0100}) {
    EXPECT_TRUE(unicode::isExtender(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
  for (char32_t cp :
       {0x0061, 0x05D0, 0x0627, 0x200B, 0x2026, 0x1F1E9, 0x1F44D, 0x1F600, 0x10FFFF}) {
    EXPECT_FALSE(unicode::isExtender(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
}

TEST(CleanLine, KeepsMarkupAsText) {
  EXPECT_EQ("<b>Q3</b> & more", makeCleanLine("  <b>Q3</b>\t& more \n", 255));
  EXPECT_EQ("ab\u2026", makeCleanLine("abcdef", 3));
}

// ASCII lines are cleaned on bytes: the same lines as through code points, whatever the
// spaces, controls, lengths and cuts, and whatever non-ASCII text comes before or after.
TEST(CleanLine, AsciiOnBytesIsTheSameAsThroughCodePoints) {
  const std::vector<std::string> pieces = {"a",
                                           "Budget",
                                           "Q3",
                                           " ",
                                           "  ",
                                           "\t",
                                           "\r\n",
                                           std::string(1, '\0'),
                                           "\x7f",
                                           "\x1f",
                                           "<",
                                           "&amp;",
                                           "-",
                                           "\xC3\xA9" /* é */,
                                           "\xC2\xA0" /* NBSP */,
                                           "\xF0\x9F\x93\x85" /* emoji */,
                                           "e\xCC\x81" /* e + combining acute */,
                                           "\xFF" /* invalid */};
  std::mt19937 random(20261203);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int count = static_cast<int>(random() % 24);
    for (int k = 0; k < count; ++k) {
      // Mostly ASCII pieces; now and then one of the others.
      const size_t pick = random() % 8 == 0 ? random() % pieces.size() : random() % 13;
      text += pieces[pick];
    }
    for (size_t maxChars : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{8}, size_t{13},
                            size_t{40}, size_t{140}}) {
      const std::string expected =
          unicode::cutToLength(unicode::collapseSpaces(unicode::decodeUtf8(text)), maxChars);
      ASSERT_EQ(expected, makeCleanLine(text, maxChars))
          << "text \"" << text << "\" max " << maxChars;
    }
  }
}

}  // namespace
}  // namespace enp
