#pragma once

// The mails the IMAP and POP3 tests deliver to Dovecot, one per case a notification must read.

#include <string>

namespace testmails {

inline const std::string kPlain =
    "From: Alice Example <alice@example.com>\r\n"
    "To: Bob <bob@example.com>\r\n"
    "Subject: Budget for Q3\r\n"
    "Date: Tue, 1 Jul 2025 10:00:00 +0200\r\n"
    "Message-ID: <plain@example.com>\r\n"
    "\r\n"
    "Hi Bob,\r\n"
    "the budget for Q3 is attached.\r\n";

inline const std::string kQuotedPrintable =
    "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>\r\n"
    "To: bob@example.com\r\n"
    "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n"
    "Date: Wed, 2 Jul 2025 08:30:00 +0000\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Sch=C3=B6ne Gr=C3=BC=C3=9Fe aus K=C3=B6ln, und ein sehr langer Satz, der =\r\n"
    "weich umbrochen wird.\r\n";

// Subject: "日本語の件名 🎉" (UTF-8, base64), name in ISO-2022-JP.
inline const std::string kEncodedWords =
    "From: =?ISO-2022-JP?B?GyRCJEskWyRzJDQbKEI=?= <nihongo@example.jp>\r\n"
    "To: bob@example.com\r\n"
    "Subject: =?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCNIPCfjok=?=\r\n"
    "Date: Thu, 3 Jul 2025 09:00:00 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
    "Content-Transfer-Encoding: 7bit\r\n"
    "\r\n"
    "\x1B$B$3$s$K$A$O\x1B(B\r\n";

inline const std::string kHtmlOnly =
    "From: \"News, Daily\" <news@example.org>\r\n"
    "To: bob@example.com\r\n"
    "Subject: Your daily digest\r\n"
    "Date: Fri, 4 Jul 2025 07:00:00 -0400\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<html><head><style>p { color: red; }</style><script>var x = 1;</script></head>\r\n"
    "<body><p>Top story: caf=E9 prices &amp; more</p><p>Read on&hellip;</p></body></html>\r\n";

inline const std::string kAlternative =
    "From: Carol <carol@example.com>\r\n"
    "To: bob@example.com\r\n"
    "Subject: Lunch?\r\n"
    "Date: Sat, 5 Jul 2025 12:00:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"alt-boundary\"\r\n"
    "\r\n"
    "This is a multi-part message in MIME format.\r\n"
    "--alt-boundary\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "THVuY2ggYXQgbm9vbj8gVGhlIG5ldyBjYWbDqSBvcGVucyB0b2RheS4=\r\n"
    "--alt-boundary\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>Lunch at <b>noon</b>? The new caf\xC3\xA9 opens today.</p>\r\n"
    "--alt-boundary--\r\n";

}  // namespace testmails
