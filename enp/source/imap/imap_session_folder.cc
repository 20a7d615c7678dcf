// Session: the examined folder: EXAMINE, new mail by UID, IDLE, NOOP, STATUS, LOGOUT.
#include <algorithm>
#include <map>

#include "enp/source/imap/command_text.h"
#include "enp/source/imap/imap_session.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/imap/message_assembly.h"

namespace enp::imap {
namespace {

bool isInbox(std::string_view name) {
  return name.size() == 5 && (name[0] | 0x20) == 'i' && (name[1] | 0x20) == 'n' &&
         (name[2] | 0x20) == 'b' && (name[3] | 0x20) == 'o' && (name[4] | 0x20) == 'x';
}

Status notReady(const char* what) {
  return Status::invalid(std::string("cannot ") + what +
                         " now: the session is busy or not logged in");
}

}  // namespace

std::string Session::mailboxName() const {
  if (isInbox(options_.folder)) {
    return "\"INBOX\"";
  }
  return astring(encodeMailboxName(options_.pathPrefix + options_.folder), false).front();
}

Status Session::examine(Instant now) {
  now_ = now;
  if (!ready() || phase_ == Phase::kIdling) {
    return notReady("examine the folder");
  }
  selected_ = false;
  mailbox_ = MailboxState{};
  lastUidSeen_.reset();
  send(Command::kExamine, "EXAMINE " + mailboxName(), now);
  return Status();
}

void Session::examined(const Response& r) {
  if (r.status != "OK") {
    if (selected_) {
      fail(mailboxError(MailboxErrorKind::kProtocol, "FETCH refused; " + serverSaid(r.text)));
      return;
    }
    const MailboxErrorKind kind = r.code == "UNAVAILABLE" || r.code == "INUSE"
                                      ? MailboxErrorKind::kUnavailable
                                      : MailboxErrorKind::kNoFolder;
    fail(mailboxError(kind,
                      "cannot open folder \"" + options_.folder + "\"; " + serverSaid(r.text)));
    return;
  }
  if (lastUidSeen_) {
    mailbox_.uidNext = *lastUidSeen_ + 1;
  } else if (mailbox_.uidNext == 0 && mailbox_.exists > 0 && !selected_) {
    // No UIDNEXT in the answer (allowed by RFC 3501): ask for the last message's UID.
    selected_ = true;
    send(Command::kLastUid, "FETCH * (UID)", now_);
    return;
  }
  selected_ = true;
  if (mailbox_.uidNext == 0) {
    mailbox_.uidNext = 1;
  }
  phase_ = Phase::kSelected;
  emit(event::Selected{mailbox_});
}

Status Session::fetchNewSince(uint32_t lastUid, Instant now) {
  now_ = now;
  if (!ready() || phase_ != Phase::kSelected) {
    return notReady("fetch new mail");
  }
  fetchAfter_ = lastUid;
  searchHits_.clear();
  fetched_.clear();
  bodyFetches_.clear();
  pendingFetch_ = event::Fetched{};
  if (lastUid == UINT32_MAX) {
    emit(std::move(pendingFetch_));
    return Status();
  }
  existsAtSearch_ = mailbox_.exists;
  searchRepeated_ = false;
  send(Command::kSearch, "UID SEARCH UID " + std::to_string(lastUid + 1) + ":*", now);
  return Status();
}

void Session::searched(const Response& r) {
  if (r.status != "OK") {
    fail(mailboxError(MailboxErrorKind::kProtocol, "SEARCH refused; " + serverSaid(r.text)));
    return;
  }
  // A server may announce mail that arrived unseen by this session only after the SEARCH
  // (Dovecot does): search once more so that it is included.
  if (mailbox_.exists != existsAtSearch_ && !searchRepeated_) {
    searchRepeated_ = true;
    existsAtSearch_ = mailbox_.exists;
    searchHits_.clear();
    send(Command::kSearch, "UID SEARCH UID " + std::to_string(fetchAfter_ + 1) + ":*", now_);
    return;
  }
  // "n:*" also matches the last message when its UID is below n (RFC 3501 §6.4.8): filter.
  std::vector<uint32_t> fresh;
  for (uint32_t uid : searchHits_) {
    if (uid > fetchAfter_) {
      fresh.push_back(uid);
    }
  }
  std::sort(fresh.begin(), fresh.end());
  fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
  if (fresh.empty()) {
    emit(std::move(pendingFetch_));
    return;
  }
  pendingFetch_.highestUid = fresh.back();
  if (fresh.size() > options_.maxMessages) {
    pendingFetch_.skipped = fresh.size() - options_.maxMessages;
    fresh.erase(fresh.begin(), fresh.end() - static_cast<std::ptrdiff_t>(options_.maxMessages));
  }
  send(Command::kFetchMeta,
       "UID FETCH " + uidSet(fresh) + " (UID FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE)", now_);
}

void Session::fetchedMeta(const Response& r) {
  if (r.status != "OK") {
    fail(mailboxError(MailboxErrorKind::kProtocol, "FETCH refused; " + serverSaid(r.text)));
    return;
  }
  // One BODY.PEEK fetch per distinct text part section.
  std::map<std::string, std::vector<uint32_t>> bySection;
  for (const FetchData& f : fetched_) {
    if (!f.uid || !f.body) {
      continue;
    }
    if (const BodyPart* part = findTextPart(*f.body)) {
      bySection[part->section].push_back(*f.uid);
    }
  }
  for (auto& [section, uids] : bySection) {
    bodyFetches_.emplace_back(section, std::move(uids));
  }
  fetchNextBodies();
}

void Session::fetchNextBodies() {
  if (bodyFetches_.empty()) {
    finishFetch();
    return;
  }
  auto [section, uids] = std::move(bodyFetches_.front());
  bodyFetches_.pop_front();
  send(Command::kFetchBody,
       "UID FETCH " + uidSet(uids) + " (BODY.PEEK[" + section + "]<0." +
           std::to_string(options_.snippetBytes) + ">)",
       now_);
}

void Session::finishFetch() {
  std::sort(fetched_.begin(), fetched_.end(), [](const FetchData& a, const FetchData& b) {
    return a.uid.value_or(0) < b.uid.value_or(0);
  });
  for (const FetchData& f : fetched_) {
    if (f.uid && *f.uid > fetchAfter_) {
      pendingFetch_.messages.push_back(assembleMessage(f, options_.snippetChars));
    }
  }
  fetched_.clear();
  emit(std::move(pendingFetch_));
  pendingFetch_ = event::Fetched{};
}

Status Session::startIdle(Instant now) {
  now_ = now;
  if (!ready() || phase_ != Phase::kSelected) {
    return notReady("start IDLE");
  }
  if (!supportsIdle()) {
    return Status::invalid("the server does not offer IDLE; poll with NOOP instead");
  }
  idleSince_ = now;
  idleDoneSent_ = false;
  reIdle_ = false;
  send(Command::kIdle, "IDLE", now);
  return Status();
}

Status Session::stopIdle(Instant now) {
  now_ = now;
  if (!inFlight_ || inFlight_->command != Command::kIdle) {
    return Status::invalid("cannot stop IDLE: not idling");
  }
  reIdle_ = false;
  if (!idleDoneSent_) {
    idleDoneSent_ = true;
    output_.append("DONE\r\n");
    inFlight_->sentAt = now;
  }
  return Status();
}

void Session::idleEnded(const Response& r) {
  const bool wasIdling = phase_ == Phase::kIdling;
  phase_ = Phase::kSelected;
  idleDoneSent_ = false;
  if (r.status != "OK") {
    fail(mailboxError(MailboxErrorKind::kProtocol, "IDLE refused; " + serverSaid(r.text)));
    return;
  }
  if (reIdle_) {
    reIdle_ = false;
    idleSince_ = now_;
    send(Command::kIdle, "IDLE", now_);
    return;
  }
  if (wasIdling) {
    emit(event::IdleStopped{});
  }
}

Status Session::noop(Instant now) {
  now_ = now;
  if (!ready() || phase_ == Phase::kIdling) {
    return notReady("poll");
  }
  send(Command::kNoop, "NOOP", now);
  return Status();
}

Status Session::status(Instant now) {
  now_ = now;
  if (!ready() || phase_ == Phase::kIdling) {
    return notReady("ask for STATUS");
  }
  statusRead_ = MailboxState{};
  send(Command::kStatus, "STATUS " + mailboxName() + " (MESSAGES UIDNEXT UIDVALIDITY)", now);
  return Status();
}

Status Session::logout(Instant now) {
  now_ = now;
  if (phase_ == Phase::kClosed || phase_ == Phase::kFailed) {
    return Status::invalid("the session is over");
  }
  if (inFlight_ && inFlight_->command != Command::kIdle) {
    return notReady("log out");
  }
  if (inFlight_) {
    // Leave IDLE first; its completion is then expected and ignored.
    if (!idleDoneSent_) {
      output_.append("DONE\r\n");
    }
    endedIdleTag_ = inFlight_->tag;
    phase_ = Phase::kSelected;
  }
  send(Command::kLogout, "LOGOUT", now);
  return Status();
}

}  // namespace enp::imap
