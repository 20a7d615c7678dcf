#pragma once

#include <memory>
#include <string>

#include "enp/source/source.h"
#include "enp/source/sources.h"
#include "enp/source/watch/mail_cache.h"
#include "enp/source/watch/watch_board.h"
#include "enp/store/folder_mark_store.h"
#include "enp/store/mail_account_store.h"
#include "enp/store/pop3_seen_store.h"

namespace enp {

class MailboxWatcher;
struct MailboxWatcherOptions;

/// What the IMAP source needs beyond SourceDeps.
struct MailboxSourceDeps {
  MailAccountStore& accounts;
  FolderMarkStore& marks;
  Pop3SeenStore& pop3Seen;
  WatchBoard& board;  ///< Each account's connection state, for the admin API.
  const MailboxWatcherOptions& options;
};

/// IMAP and POP3 mailboxes (registrations with an "account" on a server of mailServers): ENP
/// watches each folder itself (MailboxWatcher: IDLE or polling; POP3 polled) and queues new mail
/// like an Exchange notification; workers read it with ImapReader.
class ImapSource : public Source {
 public:
  ImapSource(const SourceDeps& deps, const MailboxSourceDeps& mailboxes);
  ~ImapSource() override;

  std::string_view name() const override { return "imap"; }
  /// A registration with a mail account.
  bool serves(const Registration& registration) const override;
  MailReaderPtr newReader() override;
  void start() override;
  void stop() override;

 private:
  MailAccountStore& accounts_;
  const std::chrono::seconds timeout_;
  MailCache cache_;
  std::unique_ptr<MailboxWatcher> watcher_;
};

}  // namespace enp
