#include "enp/source/watch/imap_reader.h"

#include <map>

#include "enp/source/imap/mail_login.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/watch/imap_item.h"

namespace enp {
namespace {

Failure imapFailure(FailureKind kind, std::string detail, std::string advice = "") {
  return Failure{kind, "imap", std::move(detail), std::move(advice), {}};
}

Failure fromMailboxError(const Status& s) {
  switch (imap::mailboxErrorKind(s)) {
    case imap::MailboxErrorKind::kAuthFailed:
      return imapFailure(FailureKind::kAuth, s.message(),
                         "the mail server refused the account's password: the device must "
                         "register it again");
    case imap::MailboxErrorKind::kThrottled:
      return imapFailure(FailureKind::kBusy, s.message());
    case imap::MailboxErrorKind::kNoFolder:
      return imapFailure(FailureKind::kNoMailbox, s.message());
    case imap::MailboxErrorKind::kInsecure:
      return imapFailure(FailureKind::kNotConfigured, s.message(),
                         "check the mail server's TLS settings and CA file");
    case imap::MailboxErrorKind::kUnavailable:
      return imapFailure(FailureKind::kUnreachable, s.message());
    case imap::MailboxErrorKind::kProtocol:
      break;
  }
  return imapFailure(FailureKind::kProtocol, s.message());
}

}  // namespace

std::variant<std::string, Failure> ImapReader::upstreamFor(const Registration& registration) {
  Result<MailAccount> account = accounts_.find(registration.id);
  if (!account.ok()) {
    return imapFailure(FailureKind::kNotConfigured, account.error().message());
  }
  if (!settings_ || settings_->mailServer(account->server) == nullptr) {
    return imapFailure(FailureKind::kNotConfigured,
                       "mail server " + account->server + " is not configured",
                       "add it to mailServers in the settings");
  }
  return "imap:" + account->server;
}

ReadBatch ImapReader::read(const Registration& registration,
                           const std::vector<QueuedEvent>& events) {
  ReadBatch batch;
  const std::variant<std::string, Failure> upstream = upstreamFor(registration);
  if (const auto* failure = std::get_if<Failure>(&upstream)) {
    batch.failure = *failure;
    return batch;
  }
  batch.upstream = std::get<std::string>(upstream);
  batch.items.resize(events.size());
  std::vector<bool> done(events.size(), false);
  bool missing = false;
  for (size_t i = 0; i < events.size(); ++i) {
    if (std::optional<Mail> mail = cache_.take(registration.id, events[i].itemId)) {
      batch.items[i] = std::move(*mail);
      done[i] = true;
    } else {
      missing = true;
    }
  }
  if (missing) {
    readFromServer(registration, events, batch, done);
  }
  return batch;
}

void ImapReader::readFromServer(const Registration& registration,
                                const std::vector<QueuedEvent>& events, ReadBatch& batch,
                                std::vector<bool>& done) {
  const auto failAll = [&](const Failure& f) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (!done[i]) {
        batch.items[i] = f;
      }
    }
  };
  Result<MailAccount> account = accounts_.find(registration.id);
  Result<std::string> password = accounts_.password(registration.id);
  const MailServer* server = account.ok() ? settings_->mailServer(account->server) : nullptr;
  if (!account.ok() || !password.ok() || server == nullptr) {
    failAll(imapFailure(FailureKind::kNotConfigured, "the account cannot be read"));
    return;
  }
  if (server->type == MailServer::Type::kPop3) {
    readFromPop3(
        imap::pop3Account(*server, imap::MailLogin{account->username, *password, account->folder},
                          timeout_),
        events, batch, done);
    return;
  }
  imap::ImapClient client(imap::imapAccount(
      *server, imap::MailLogin{account->username, *password, account->folder}, timeout_));
  if (Status s = client.connect(); !s.ok()) {
    failAll(fromMailboxError(s));
    return;
  }
  Result<imap::MailboxState> folder = client.examine();
  if (!folder.ok()) {
    failAll(fromMailboxError(folder.error()));
    return;
  }
  uint32_t lowest = UINT32_MAX;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::optional<ImapItemRef> ref = parseImapItemId(events[i].itemId);
    if (done[i]) {
      continue;
    }
    if (!ref || ref->uidValidity != folder->uidValidity) {
      batch.items[i] = imapFailure(FailureKind::kItemGone, "the folder was rebuilt");
      done[i] = true;
      continue;
    }
    lowest = std::min(lowest, ref->uid);
  }
  if (lowest == UINT32_MAX) {
    (void)client.logout();
    return;
  }
  Result<imap::event::Fetched> fetched = client.fetchNewSince(lowest - 1);
  (void)client.logout();
  if (!fetched.ok()) {
    failAll(fromMailboxError(fetched.error()));
    return;
  }
  std::map<uint32_t, const imap::ImapMessage*> byUid;
  for (const imap::ImapMessage& m : fetched->messages) {
    byUid[m.uid] = &m;
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (done[i]) {
      continue;
    }
    const std::optional<ImapItemRef> ref = parseImapItemId(events[i].itemId);
    const auto it = byUid.find(ref->uid);
    if (it == byUid.end()) {
      batch.items[i] = imapFailure(FailureKind::kItemGone, "the mail is no longer in the folder");
    } else {
      batch.items[i] = toMail(*it->second, ref->uidValidity);
    }
  }
}

void ImapReader::readFromPop3(const imap::Pop3Account& account,
                              const std::vector<QueuedEvent>& events, ReadBatch& batch,
                              std::vector<bool>& done) {
  imap::Pop3Client client(account);
  Status connected = client.connect();
  Result<std::vector<imap::Pop3Listing>> listed =
      connected.ok() ? client.list() : Result<std::vector<imap::Pop3Listing>>(connected);
  if (!listed.ok()) {
    const Failure f = fromMailboxError(listed.error());
    for (size_t i = 0; i < events.size(); ++i) {
      if (!done[i]) {
        batch.items[i] = f;
      }
    }
    return;
  }
  std::map<std::string, uint32_t> numbers;
  for (const imap::Pop3Listing& l : *listed) {
    numbers[l.uid] = l.number;
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (done[i]) {
      continue;
    }
    const std::optional<std::string> uidl = parsePop3ItemId(events[i].itemId);
    const auto it = uidl ? numbers.find(*uidl) : numbers.end();
    if (it == numbers.end()) {
      batch.items[i] = imapFailure(FailureKind::kItemGone, "the mail is no longer on the server");
      continue;
    }
    Result<mime::MessageMeta> meta = client.top(it->second);
    if (!meta.ok()) {
      batch.items[i] = fromMailboxError(meta.error());
      continue;
    }
    batch.items[i] = toMail(imap::Pop3Message{{it->second, *uidl}, *meta});
  }
  (void)client.quit();
}

}  // namespace enp
