#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "enp/source/imap/pop3_client.h"
#include "enp/source/source.h"
#include "enp/source/watch/mail_cache.h"
#include "enp/store/mail_account_store.h"

namespace enp {

/// Reads queued IMAP and POP3 mail for one worker: the mail the watcher read when it queued it
/// (from the MailCache); a mail not held there (queued before a restart) is read from the server
/// again with one connection per batch (EXAMINE, UID FETCH with BODY.PEEK: nothing marked \Seen).
class ImapReader : public MailReader {
 public:
  ImapReader(MailCache& cache, MailAccountStore& accounts, std::chrono::seconds timeout)
      : cache_(cache), accounts_(accounts), timeout_(timeout) {}

  void configure(const std::shared_ptr<const Settings>& settings) override { settings_ = settings; }
  /// "imap:<mailServers name>".
  std::variant<std::string, Failure> upstreamFor(const Registration& registration) override;
  ReadBatch read(const Registration& registration, const std::vector<QueuedEvent>& events) override;

 private:
  // Reads the events whose items[i] is not set yet from the server.
  void readFromServer(const Registration& registration, const std::vector<QueuedEvent>& events,
                      ReadBatch& batch, std::vector<bool>& done);
  // The same for a POP3 account: UIDL, then TOP of each (nothing changes on the server).
  void readFromPop3(const imap::Pop3Account& account, const std::vector<QueuedEvent>& events,
                    ReadBatch& batch, std::vector<bool>& done);

  MailCache& cache_;
  MailAccountStore& accounts_;
  const std::chrono::seconds timeout_;
  std::shared_ptr<const Settings> settings_;
};

}  // namespace enp
