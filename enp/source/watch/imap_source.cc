#include "enp/source/watch/imap_source.h"

#include "enp/source/watch/imap_reader.h"
#include "enp/source/watch/mailbox_watcher.h"

namespace enp {

ImapSource::ImapSource(const SourceDeps& deps, const MailboxSourceDeps& mailboxes)
    : accounts_(mailboxes.accounts),
      timeout_(mailboxes.options.timeout),
      watcher_(std::make_unique<MailboxWatcher>(
          MailboxWatcher::Deps{mailboxes.accounts, deps.events, mailboxes.marks, mailboxes.pop3Seen,
                               cache_, mailboxes.board, deps.clock, deps.settings, deps.alert,
                               deps.shares},
          mailboxes.options)) {}

ImapSource::~ImapSource() = default;

bool ImapSource::serves(const Registration& registration) const {
  return accounts_.find(registration.id).ok();
}

MailReaderPtr ImapSource::newReader() {
  return std::make_unique<ImapReader>(cache_, accounts_, timeout_);
}

void ImapSource::start() { watcher_->start(); }

void ImapSource::stop() { watcher_->stop(); }

}  // namespace enp
