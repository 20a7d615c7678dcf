#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/source/imap/imap_session.h"
#include "enp/source/imap/pop3_reply.h"
#include "enp/source/imap/tls_connection.h"
#include "enp/source/mime/message_meta.h"

namespace enp::imap {

/// One POP3 account as ENP polls it.
struct Pop3Account {
  std::string host;
  uint16_t port = 995;  ///< 995 for kImplicitTls, 110 for kStartTls (STLS)
  Security security = Security::kImplicitTls;
  LoginMethod login = LoginMethod::kSaslPlain;
  std::string user;
  std::string password;
  std::string caFile;  ///< "" = the system's trusted CAs
  std::chrono::seconds timeout{30};
  /// Body lines read with TOP for the snippet.
  unsigned topLines = 40;
  size_t snippetChars = 256;
};

/// A message as UIDL lists it.
struct Pop3Listing {
  uint32_t number = 0;  ///< Its number in this session.
  std::string uid;      ///< Its unique id, stable across sessions.
};

struct Pop3Message {
  Pop3Listing listing;
  mime::MessageMeta meta;
};

/// A blocking POP3 client (RFC 1939, CAPA and UIDL, STLS RFC 2595, AUTH PLAIN RFC 5034,
/// response codes RFC 2449/3206) that only reads: it lists with UIDL and reads headers and the
/// first lines with TOP, never RETR (which servers take as "read") and never DELE. Every call
/// returns a Status or Result whose failures carry a MailboxErrorKind. Thread safety: none.
class Pop3Client {
 public:
  explicit Pop3Client(Pop3Account account);
  ~Pop3Client();

  /// Connects, starts TLS (at once, or by STLS when CAPA offers it; else refuses), logs in
  /// (AUTH PLAIN when CAPA lists SASL PLAIN, else USER/PASS).
  Status connect();
  /// UIDL: every message's number and unique id.
  Result<std::vector<Pop3Listing>> list();
  /// TOP n N: the message's metadata and snippet.
  Result<mime::MessageMeta> top(uint32_t number);
  /// The messages whose unique id is not in `known` (in server order, at most `max`, the
  /// newest kept), each read with TOP.
  Result<std::vector<Pop3Message>> fetchNew(const std::set<std::string>& known, size_t max = 50);
  /// QUIT (nothing was marked for deletion, so nothing is deleted) and close.
  Status quit();

 private:
  using Instant = std::chrono::steady_clock::time_point;
  Result<Pop3Reply> command(const std::string& line, bool multiLine);
  Result<Pop3Reply> readReply(bool multiLine);
  Status refused(const std::string& what, const Pop3Reply& reply, bool login);

  // Constant after construction
  const Pop3Account account_;

  std::unique_ptr<TlsConnection> connection_;
  Pop3ReplyReader reader_;
};

/// Checks that `account` can log in: connect, log in, QUIT.
Status checkPop3Login(const Pop3Account& account);

}  // namespace enp::imap
