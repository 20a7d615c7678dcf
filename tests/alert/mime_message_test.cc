#include "enp/alert/mime_message.h"

#include <gtest/gtest.h>

#include "smtp_test_server.h"

namespace enp {
namespace {

TEST(MimeMessage, DateIsRfc5322InUtc) {
  EXPECT_EQ(rfc5322Date(1796040000000), "Mon, 30 Nov 2026 12:00:00 +0000");
}

TEST(MimeMessage, AsciiSubjectStaysReadable) {
  EXPECT_EQ(encodeHeaderText("[ENP critical] Exchange mail1: impersonation denied"),
            "[ENP critical] Exchange mail1: impersonation denied");
}

TEST(MimeMessage, Utf8SubjectBecomesEncodedWordsOfWholeCharacters) {
  // "Zertifikat läuft ab" x3: 57+ bytes, so more than one word.
  const std::string subject =
      "Zertifikat l\xC3\xA4uft ab \xE2\x80\x94 Zertifikat l\xC3\xA4uft ab \xE2\x80\x94 "
      "\xF0\x9F\x94\x92";
  const std::string encoded = encodeHeaderText(subject);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u) << encoded;
  EXPECT_NE(encoded.find("?=\r\n =?UTF-8?B?"), std::string::npos) << encoded;
  for (size_t start = 0; start < encoded.size();) {
    size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) {
      end = encoded.size();
    }
    EXPECT_LE(end - start, 75u);
    start = end + 3;
  }
}

TEST(MimeMessage, HeaderTextCannotAddHeaders) {
  EXPECT_EQ(encodeHeaderText("a\r\nBcc: x@example.com"), "a  Bcc: x@example.com");
}

TEST(MimeMessage, QuotedPrintableRoundTripsAndStays7Bit) {
  const std::string text =
      "Line one = two\n.leading dot\ntrailing space \nUmlaut \xC3\xBC and a long line: " +
      std::string(120, 'x') + "\n";
  const std::string qp = quotedPrintable(text);
  for (char c : qp) {
    EXPECT_LT(static_cast<unsigned char>(c), 0x80u);
  }
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    if (end == std::string::npos) {
      end = qp.size();
    }
    EXPECT_LE(end - start, 76u);
    EXPECT_NE(qp[start], '.');
    start = end + 2;
  }
  std::string expected = text;
  EXPECT_EQ(testsupport::decodeQuotedPrintable(qp), expected);
}

TEST(MimeMessage, RenderedMessageHasTheHeadersOfRfc5322) {
  MailMessage m;
  m.from = "enp@contoso.com";
  m.to = {"ops@contoso.com", "oncall@contoso.com"};
  m.subject = "[ENP critical] CNS: notifications refused";
  m.body = "What happened\n";
  m.dateMs = 1796040000000;
  m.messageIdDomain = "enp1.contoso.com";
  const std::string raw = renderMessage(m);
  EXPECT_EQ(testsupport::mailHeader(raw, "Date"), "Mon, 30 Nov 2026 12:00:00 +0000");
  EXPECT_EQ(testsupport::mailHeader(raw, "From"), "enp@contoso.com");
  EXPECT_EQ(testsupport::mailHeader(raw, "To"), "ops@contoso.com, oncall@contoso.com");
  EXPECT_EQ(testsupport::mailHeader(raw, "Subject"), m.subject);
  EXPECT_EQ(testsupport::mailHeader(raw, "Content-Type"), "text/plain; charset=UTF-8");
  const std::string id = testsupport::mailHeader(raw, "Message-ID");
  EXPECT_EQ(id.front(), '<');
  EXPECT_NE(id.find("@enp1.contoso.com>"), std::string::npos);
  EXPECT_EQ(renderMessage(m).find(id), std::string::npos) << "ids are random";
  EXPECT_EQ(testsupport::mailBody(raw), "What happened\n\n");
}

}  // namespace
}  // namespace enp
