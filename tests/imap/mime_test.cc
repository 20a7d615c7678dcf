// MIME decoding for the IMAP and POP3 sources: RFC 2047 §8's examples, transfer encodings cut
// short, charsets, header fields, dates and the part a snippet is read from.
#include <gtest/gtest.h>

#include <string>

#include "enp/source/mime/charset.h"
#include "enp/source/mime/encoded_words.h"
#include "enp/source/mime/header_fields.h"
#include "enp/source/mime/mail_date.h"
#include "enp/source/mime/message_text.h"
#include "enp/source/mime/transfer_encoding.h"
#include "status_matchers.h"

namespace enp::mime {
namespace {

TEST(EncodedWords, Rfc2047Section8Examples) {
  EXPECT_EQ("(a)", decodeEncodedWords("(=?ISO-8859-1?Q?a?=)"));
  EXPECT_EQ("(a b)", decodeEncodedWords("(=?ISO-8859-1?Q?a?= b)"));
  EXPECT_EQ("(ab)", decodeEncodedWords("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"));
  EXPECT_EQ("(ab)", decodeEncodedWords("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)"));
  EXPECT_EQ("(ab)", decodeEncodedWords("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)"));
  EXPECT_EQ("(a b)", decodeEncodedWords("(=?ISO-8859-1?Q?a_b?=)"));
  EXPECT_EQ("(a b)", decodeEncodedWords("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"));
  EXPECT_EQ("Keld J\u00F8rn Simonsen", decodeEncodedWords("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?="));
  EXPECT_EQ("Andr\u00E9 Pirard", decodeEncodedWords("=?ISO-8859-1?Q?Andr=E9?= Pirard"));
  EXPECT_EQ("If you can read this you understand the example.",
            decodeEncodedWords("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
                               "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?="));
}

TEST(EncodedWords, JapaneseAndEmoji) {
  EXPECT_EQ("\u306B\u307B\u3093\u3054",
            decodeEncodedWords("=?ISO-2022-JP?B?GyRCJEskWyRzJDQbKEI=?="));
  EXPECT_EQ("\u65E5\u672C\u8A9E\u306E\u4EF6\u540D \U0001F389",
            decodeEncodedWords("=?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCNIPCfjok=?="));
  EXPECT_EQ("\u30C6\u30B9\u30C8", decodeEncodedWords("=?shift_jis?b?g2WDWINn?="));
}

TEST(EncodedWords, CharacterSplitAcrossWordsSurvives) {
  EXPECT_EQ("\u65E5\u672C", decodeEncodedWords("=?utf-8?B?5pel5g==?= =?utf-8?B?nKw=?="));
}

TEST(EncodedWords, MalformedWordsStayAsWritten) {
  EXPECT_EQ("=?utf-8?X?abc?= plain", decodeEncodedWords("=?utf-8?X?abc?= plain"));
  EXPECT_EQ("=?utf-8?Q?never closed", decodeEncodedWords("=?utf-8?Q?never closed"));
  EXPECT_EQ("a =? b", decodeEncodedWords("a =? b"));
  EXPECT_EQ("Caf\u00E9 \xEF\xBF\xBD", decodeEncodedWords("Caf\xC3\xA9 \xFF"));
}

TEST(EncodedWords, UnknownCharsetIsReadAsUtf8AndLanguageSuffixIgnored) {
  EXPECT_EQ("abc", decodeEncodedWords("=?x-unknown?Q?abc?="));
  EXPECT_EQ("Hello", decodeEncodedWords("=?US-ASCII*EN?Q?Hello?="));
}

TEST(TransferEncoding, Base64IgnoresLineBreaksAndDecodesACutGroup) {
  EXPECT_EQ("Hello, world", decodeBase64("SGVsbG8s\r\nIHdvcmxk"));
  EXPECT_EQ("Hello, wor", decodeBase64("SGVsbG8sIHdvcm"));  // cut after 14 of 16 characters
  EXPECT_EQ("Hi", decodeBase64("SGk="));
  EXPECT_EQ("", decodeBase64(""));
}

TEST(TransferEncoding, QuotedPrintable) {
  EXPECT_EQ(
      "Gr\xC3\xBC\xC3\x9F"
      "e aus K\xC3\xB6ln",
      decodeQuotedPrintable("Gr=C3=BC=C3=9Fe aus K=C3=\r\n=B6ln"));
  EXPECT_EQ("line one\r\nline two", decodeQuotedPrintable("line one   \r\nline two"));
  EXPECT_EQ("a=b =zz", decodeQuotedPrintable("a=3Db =zz"));
  EXPECT_EQ("lower \xE9", decodeQuotedPrintable("lower =e9"));
  EXPECT_EQ("cut ", decodeQuotedPrintable("cut =C"));
  EXPECT_EQ("cut", decodeQuotedPrintable("cut="));
  EXPECT_EQ("soft", decodeQuotedPrintable("so=  \nft"));
}

TEST(TransferEncoding, ByName) {
  EXPECT_EQ("Hi", decodeTransferEncoding("SGk=", " BASE64 "));
  EXPECT_EQ("=", decodeTransferEncoding("=3D", "Quoted-Printable"));
  EXPECT_EQ("=3D", decodeTransferEncoding("=3D", "7bit"));
}

TEST(Charset, ConvertsAndReplacesInvalidBytes) {
  EXPECT_EQ("K\u00F6ln", toUtf8("K\xF6ln", "iso-8859-1"));
  EXPECT_EQ("\u20AC5", toUtf8("\x80"
                              "5",
                              "ISO-8859-1"));  // read as Windows-1252
  EXPECT_EQ("\u041F\u0440\u0438", toUtf8("\xF0\xD2\xC9", "koi8-r"));
  EXPECT_EQ("ok \xEF\xBF\xBD", toUtf8("ok \xFF", "utf-8"));
  EXPECT_EQ("\u30C6\xEF\xBF\xBD", toUtf8("\x83\x65\x83", "Shift_JIS"));  // cut mid-character
  EXPECT_EQ("plain", toUtf8("plain", "\"us-ascii\""));
}

TEST(Charset, UnknownCharsetIsAnError) {
  Result<std::string> r = convertToUtf8("x", "no-such-charset");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(StatusCode::kInvalid, r.error().code());
  EXPECT_EQ("x", toUtf8("x", "no-such-charset"));
}

TEST(HeaderFields, UnfoldsAndFindsCaseInsensitively) {
  const Headers h = parseHeaders(
      "From: Alice <alice@example.com>\r\nSubject: Budget\r\n for Q3\r\nX-Empty:\r\n\r\nbody");
  ASSERT_EQ(3u, h.fields.size());
  EXPECT_EQ("Budget for Q3", h.get("subject").value_or("?"));
  EXPECT_EQ("", h.get("X-EMPTY").value_or("?"));
  EXPECT_FALSE(h.get("Date").has_value());
  EXPECT_EQ(std::string("From: a\n\n").size(), bodyOffset("From: a\n\nbody"));
}

TEST(HeaderFields, ContentType) {
  const ContentType ct =
      parseContentType("Multipart/Alternative; boundary=\"=_b;1\"; CHARSET=utf-8 ; x");
  EXPECT_EQ("multipart", ct.type);
  EXPECT_EQ("alternative", ct.subtype);
  EXPECT_EQ("=_b;1", ct.param("boundary"));
  EXPECT_EQ("utf-8", ct.param("charset"));
  const ContentType fallback = parseContentType("garbage");
  EXPECT_EQ("text", fallback.type);
  EXPECT_EQ("plain", fallback.subtype);
}

TEST(HeaderFields, Addresses) {
  MailAddress a = parseFirstAddress("Alice Smith <alice@example.com>");
  EXPECT_EQ("Alice Smith", a.name);
  EXPECT_EQ("alice@example.com", a.address);
  a = parseFirstAddress("\"Doe, John\" <john@example.com>, other@example.com");
  EXPECT_EQ("Doe, John", a.name);
  EXPECT_EQ("john@example.com", a.address);
  a = parseFirstAddress("bob@example.com (Bob Jones)");
  EXPECT_EQ("Bob Jones", a.name);
  EXPECT_EQ("bob@example.com", a.address);
  a = parseFirstAddress("carol@example.com");
  EXPECT_EQ("", a.name);
  EXPECT_EQ("carol@example.com", a.address);
  a = parseFirstAddress("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>");
  EXPECT_EQ("Keld J\u00F8rn Simonsen", a.name);
  a = parseFirstAddress("Team: dave@example.com, erin@example.com;");
  EXPECT_EQ("dave@example.com", a.address);
}

TEST(MailDate, Rfc5322AndObsoleteForms) {
  EXPECT_EQ("1997-11-21T15:55:06Z",
            testsupport::valueOf(parseMailDate("Fri, 21 Nov 1997 09:55:06 -0600")));
  EXPECT_EQ("2003-07-01T08:52:37Z",
            testsupport::valueOf(parseMailDate("Tue, 1 Jul 2003 10:52:37 +0200")));
  EXPECT_EQ("1969-02-14T03:02:00Z",
            testsupport::valueOf(parseMailDate(
                "Thu,\r\n 13\r\n  Feb\r\n    1969\r\n 23:32\r\n -0330 (Newfoundland Time)")));
  EXPECT_EQ("1997-11-21T14:55:06Z", testsupport::valueOf(parseMailDate("21 Nov 97 09:55:06 EST")));
  EXPECT_EQ("2024-03-01T00:30:00Z",
            testsupport::valueOf(parseMailDate("Thu, 29 Feb 2024 23:30 -0100")));
  EXPECT_FALSE(parseMailDate("yesterday").ok());
  EXPECT_FALSE(parseMailDate("32 Nov 2020 10:00:00 +0000").ok());
}

TEST(MailDate, ImapInternalDate) {
  EXPECT_EQ("1996-07-17T09:44:25Z",
            testsupport::valueOf(parseImapDate("17-Jul-1996 02:44:25 -0700")));
  EXPECT_EQ("2024-01-07T10:00:00Z",
            testsupport::valueOf(parseImapDate(" 7-Jan-2024 10:00:00 +0000")));
}

TEST(MessageText, PlainQuotedPrintableMessage) {
  const std::string raw =
      "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.com>\r\n"
      "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
      "Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Hallo Anna,=0D=0A\r\nsch=C3=B6ne Gr=C3=BC=C3=9Fe aus K=C3=B6ln.\r\n";
  const MessageMeta m = summarizeMessage(raw, 140);
  EXPECT_EQ("J\u00FCrgen", m.fromName);
  EXPECT_EQ("juergen@example.com", m.fromAddress);
  EXPECT_EQ("Gr\u00FC\u00DFe", m.subject);
  EXPECT_EQ("2003-07-01T08:52:37Z", m.date);
  EXPECT_EQ("Hallo Anna, sch\u00F6ne Gr\u00FC\u00DFe aus K\u00F6ln.", m.snippet);
}

TEST(MessageText, MultipartPrefersPlainOverHtmlAndSkipsAttachments) {
  const std::string raw =
      "From: a@example.com\r\n"
      "Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
      "preamble\r\n"
      "--outer\r\n"
      "Content-Type: text/plain; name=notes.txt\r\n"
      "Content-Disposition: attachment; filename=notes.txt\r\n\r\n"
      "attached text\r\n"
      "--outer\r\n"
      "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
      "--inner\r\n"
      "Content-Type: text/html; charset=iso-8859-1\r\n\r\n"
      "<p>HTML <b>version</b> caf\xE9</p>\r\n"
      "--inner\r\n"
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n"
      "UGxhaW4gdmVyc2lvbiBjYWbp\r\n"
      "--inner--\r\n"
      "--outer--\r\n";
  EXPECT_EQ("Plain version caf\u00E9", summarizeMessage(raw, 140).snippet);
}

TEST(MessageText, HtmlOnlyIsStrippedAndCutOffBodiesAreRead) {
  const std::string raw =
      "Content-Type: multipart/alternative; boundary=b\r\n\r\n"
      "--b\r\n"
      "Content-Type: text/html; charset=utf-8\r\n\r\n"
      "<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p><p>to the";
  EXPECT_EQ("Hello & welcome to the", summarizeMessage(raw, 140).snippet);
  EXPECT_EQ("Hello\u2026", summarizeMessage(raw, 6).snippet);
}

TEST(MessageText, HeadersOnly) {
  const MessageMeta m = summarizeMessage("Subject: only headers\r\n", 140);
  EXPECT_EQ("only headers", m.subject);
  EXPECT_EQ("", m.snippet);
  EXPECT_EQ("", m.date);
}

}  // namespace
}  // namespace enp::mime
