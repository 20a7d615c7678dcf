// The IMAP response reader and parser on RFC 3501's examples, real servers' answers and hostile
// input.
#include "enp/source/imap/response_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "enp/source/imap/fetch_data.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/imap/response_reader.h"
#include "status_matchers.h"

namespace enp::imap {
namespace {

Response parse(const std::string& raw) { return testsupport::valueOf(parseResponse(raw)); }

TEST(ResponseParser, TaggedWithResponseCode) {
  const Response r = parse("a002 OK [READ-WRITE] SELECT completed\r\n");
  EXPECT_EQ(Response::Type::kTagged, r.type);
  EXPECT_EQ("a002", r.tag);
  EXPECT_EQ("OK", r.status);
  EXPECT_EQ("READ-WRITE", r.code);
  EXPECT_EQ("SELECT completed", r.text);
}

TEST(ResponseParser, UntaggedStatusCodes) {
  Response r = parse("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n");
  EXPECT_EQ("OK", r.status);
  EXPECT_EQ("UIDVALIDITY", r.code);
  EXPECT_EQ("3857529045", r.codeArgs);
  r = parse("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n");
  EXPECT_EQ("PERMANENTFLAGS", r.code);
  EXPECT_EQ("(\\Deleted \\Seen \\*)", r.codeArgs);
  r = parse(
      "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
      "STARTTLS AUTH=PLAIN] Dovecot ready.\r\n");
  EXPECT_EQ("CAPABILITY", r.code);
  EXPECT_EQ("Dovecot ready.", r.text);
  r = parse("* BYE [UNAVAILABLE] Maximum number of connections from user+IP exceeded\r\n");
  EXPECT_EQ("BYE", r.status);
  EXPECT_EQ("UNAVAILABLE", r.code);
  r = parse("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ("NO", r.status);
  EXPECT_EQ("AUTHENTICATIONFAILED", r.code);
  r = parse("* OK [ALERT] System shutdown in 10 minutes\r\n");
  EXPECT_EQ("ALERT", r.code);
  r = parse("* OK\r\n");
  EXPECT_EQ("OK", r.status);
  EXPECT_EQ("", r.text);
}

TEST(ResponseParser, DataResponses) {
  Response r = parse("* 172 EXISTS\r\n");
  EXPECT_EQ(172u, r.number.value_or(0));
  EXPECT_EQ("EXISTS", r.keyword);
  r = parse("* SEARCH 2 84 882\r\n");
  EXPECT_EQ("SEARCH", r.keyword);
  ASSERT_EQ(3u, r.data.size());
  EXPECT_EQ(882u, r.data[2].number32().value_or(0));
  r = parse("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n");
  ASSERT_EQ(4u, r.data.size());
  EXPECT_EQ("AUTH=GSSAPI", r.data[2].text);
  r = parse("* STATUS \"Sent Items\" (MESSAGES 231 UIDNEXT 44292)\r\n");
  ASSERT_EQ(2u, r.data.size());
  EXPECT_EQ("Sent Items", r.data[0].text);
  EXPECT_EQ(44292u, r.data[1].at(3).number32().value_or(0));
  r = parse("+ idling\r\n");
  EXPECT_EQ(Response::Type::kContinuation, r.type);
  EXPECT_EQ("idling", r.text);
  r = parse("+\r\n");
  EXPECT_EQ(Response::Type::kContinuation, r.type);
}

TEST(ResponseParser, QuotedStringsLiteralsAndNil) {
  const Response r = parse(
      "* 12 FETCH (UID 7 X-A \"a \\\"q\\\" \\\\ b\" X-B {5}\r\nab\r\nc X-C NIL X-D {0+}\r\n)\r\n");
  const Value& items = r.data[0];
  EXPECT_EQ("a \"q\" \\ b", items.at(3).text);
  EXPECT_EQ("ab\r\nc", items.at(5).text);
  EXPECT_TRUE(items.at(5).isString());
  EXPECT_TRUE(items.at(7).isNil());
  EXPECT_EQ("", items.at(9).text);
}

TEST(ResponseParser, Rfc3501FetchExample) {
  const std::string raw =
      "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
      "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and "
      "minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL "
      "\"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
      "((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
      "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
      "\"<B27397-0100000@cac.washington.edu>\") "
      "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n";
  const FetchData f = testsupport::valueOf(parseFetch(parse(raw)));
  EXPECT_EQ(12u, f.sequence);
  EXPECT_TRUE(f.hasFlag("\\seen"));
  ASSERT_TRUE(f.envelope.has_value());
  EXPECT_EQ("IMAP4rev1 WG mtg summary and minutes", f.envelope->subject);
  ASSERT_EQ(1u, f.envelope->from.size());
  EXPECT_EQ("Terry Gray", f.envelope->from[0].name);
  EXPECT_EQ("gray@cac.washington.edu", f.envelope->from[0].email());
  ASSERT_TRUE(f.body.has_value());
  EXPECT_EQ("text", f.body->type);
  EXPECT_EQ("plain", f.body->subtype);
  EXPECT_EQ("1", f.body->section);
  EXPECT_EQ("US-ASCII", f.body->params.at("charset"));
  EXPECT_EQ(f.body.operator->(), findTextPart(*f.body));
}

TEST(ResponseParser, MultipartBodyStructureWithExtensionData) {
  // Dovecot's answer for multipart/mixed { multipart/alternative { text/plain, text/html },
  // application/pdf attachment }, with extension data.
  const std::string raw =
      "* 3 FETCH (UID 9 BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL "
      "\"quoted-printable\" 120 4 NIL NIL NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL "
      "NIL \"base64\" 400 6 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"b2\") NIL NIL NIL)"
      "(\"application\" \"pdf\" (\"name\" \"q3.pdf\") NIL NIL \"base64\" 9000 NIL "
      "(\"attachment\" (\"filename\" \"q3.pdf\")) NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL "
      "NIL NIL) BODY[1.1]<0> {5}\r\nHello)\r\n";
  const FetchData f = testsupport::valueOf(parseFetch(parse(raw)));
  ASSERT_TRUE(f.body.has_value());
  EXPECT_EQ("multipart", f.body->type);
  EXPECT_EQ("mixed", f.body->subtype);
  ASSERT_EQ(2u, f.body->parts.size());
  EXPECT_EQ("alternative", f.body->parts[0].subtype);
  EXPECT_EQ("1.2", f.body->parts[0].parts[1].section);
  EXPECT_EQ("base64", f.body->parts[0].parts[1].encoding);
  EXPECT_EQ("attachment", f.body->parts[1].disposition);
  const BodyPart* text = findTextPart(*f.body);
  ASSERT_NE(nullptr, text);
  EXPECT_EQ("1.1", text->section);
  EXPECT_EQ("Hello", f.sections.at("1.1"));
}

TEST(ResponseParser, HtmlOnlyAndAttachmentOnlyParts) {
  FetchData f = testsupport::valueOf(parseFetch(parse(
      "* 1 FETCH (BODYSTRUCTURE (\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 10 1 "
      "NIL NIL NIL NIL))\r\n")));
  ASSERT_NE(nullptr, findTextPart(*f.body));
  EXPECT_EQ("html", findTextPart(*f.body)->subtype);
  f = testsupport::valueOf(parseFetch(parse(
      "* 1 FETCH (BODYSTRUCTURE ((\"image\" \"png\" NIL NIL NIL \"base64\" 10 NIL (\"attachment\" "
      "NIL) NIL NIL) \"mixed\" (\"boundary\" \"x\")))\r\n")));
  EXPECT_EQ(nullptr, findTextPart(*f.body));
}

TEST(ResponseParser, SectionWithHeaderFieldList) {
  const Response r =
      parse("* 1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] {10}\r\nSubject: x UID 4)\r\n");
  const FetchData f = testsupport::valueOf(parseFetch(r));
  EXPECT_EQ("Subject: x", f.sections.at("HEADER.FIELDS (FROM SUBJECT)"));
  EXPECT_EQ(4u, f.uid.value_or(0));
}

TEST(ResponseParser, RejectsMalformedResponses) {
  for (const char* raw :
       {"a1 MAYBE done\r\n", "* 1 FETCH UID 4\r\n", "* 1 FETCH (UID \"unterminated)\r\n",
        "* 1 FETCH (UID 4\r\n", "* 1 FETCH (X {5}\r\nab)\r\n", "* 1 FETCH (BODY[1 {3}\r\nabc)\r\n",
        "* OK [UIDNEXT 5\r\n", "\r\n", "* 1 FETCH (FLAGS \\Seen) UID)\r\n"}) {
    Result<Response> r = parseResponse(raw);
    if (r.ok()) {
      // A FETCH that parses must still be refused by the FETCH reader.
      EXPECT_FALSE(parseFetch(*r).ok()) << raw;
    } else {
      EXPECT_EQ(MailboxErrorKind::kProtocol, mailboxErrorKind(r.error())) << raw;
    }
  }
}

TEST(ResponseParser, UnknownDataIsToleratedWhenItDoesNotParse) {
  const Response r = parse("* XSTRANGE (unbalanced\r\n");
  EXPECT_EQ("XSTRANGE", r.keyword);
  EXPECT_TRUE(r.data.empty());
}

TEST(ResponseParser, NestingDepthIsCapped) {
  std::string deep = "* 1 FETCH (X ";
  for (int i = 0; i < 100; ++i) {
    deep += "(";
  }
  for (int i = 0; i < 100; ++i) {
    deep += ")";
  }
  deep += ")\r\n";
  Result<Response> r = parseResponse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string::npos, r.error().message().find("nested deeper than 32"));
}

TEST(ResponseReader, FramesResponsesFedByteByByte) {
  const std::string stream =
      "* OK ready\r\n* 1 FETCH (UID 5 BODY[1] {7}\r\nA)\r\n{1})\r\nE1 OK done\r\n";
  ResponseReader reader;
  std::vector<Response> out;
  for (char c : stream) {
    reader.feed(std::string(1, c));
    while (true) {
      Result<std::optional<Response>> next = reader.next();
      ASSERT_TRUE(next.ok()) << next.error().toString();
      if (!next->has_value()) {
        break;
      }
      out.push_back(std::move(**next));
    }
  }
  ASSERT_EQ(3u, out.size());
  EXPECT_EQ("ready", out[0].text);
  const FetchData f = testsupport::valueOf(parseFetch(out[1]));
  EXPECT_EQ("A)\r\n{1}", f.sections.at("1"));  // a literal's bytes are not framed
  EXPECT_EQ("E1", out[2].tag);
  EXPECT_EQ(0u, reader.buffered());
}

TEST(ResponseReader, LimitsAreEnforcedBeforeBuffering) {
  ParserLimits limits;
  limits.maxLineBytes = 100;
  limits.maxLiteralBytes = 1000;
  limits.maxResponseBytes = 1500;
  {
    ResponseReader reader(limits);
    reader.feed(std::string(101, 'x'));
    Result<std::optional<Response>> r = reader.next();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(MailboxErrorKind::kProtocol, mailboxErrorKind(r.error()));
    EXPECT_FALSE(reader.next().ok());  // sticky
  }
  {
    ResponseReader reader(limits);
    reader.feed("* 1 FETCH (BODY[] {999999999999999}\r\n");
    EXPECT_FALSE(reader.next().ok());
  }
  {
    ResponseReader reader(limits);
    reader.feed("* 1 FETCH (A {900}\r\n" + std::string(900, 'a') + " B {900}\r\n");
    EXPECT_FALSE(reader.next().ok());
  }
}

}  // namespace
}  // namespace enp::imap
