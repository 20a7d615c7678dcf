#include "enp/source/watch/mail_cache.h"

namespace enp {

void MailCache::put(const std::string& registrationId, const std::string& itemId, Mail mail) {
  std::lock_guard lock(mutex_);
  Key key{registrationId, itemId};
  if (mails_.insert_or_assign(key, std::move(mail)).second) {
    order_.push_back(std::move(key));
  }
  while (mails_.size() > capacity_ && !order_.empty()) {
    mails_.erase(order_.front());
    order_.pop_front();
  }
  // Keys of taken mails stay in order_ until they reach its front: bound it too.
  while (order_.size() > 2 * capacity_ + 16) {
    mails_.erase(order_.front());
    order_.pop_front();
  }
}

std::optional<Mail> MailCache::take(const std::string& registrationId, const std::string& itemId) {
  std::lock_guard lock(mutex_);
  const auto it = mails_.find(Key{registrationId, itemId});
  if (it == mails_.end()) {
    return std::nullopt;
  }
  Mail mail = std::move(it->second);
  mails_.erase(it);
  return mail;
}

}  // namespace enp
