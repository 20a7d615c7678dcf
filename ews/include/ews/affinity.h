#pragma once

#include <string>

#include "ews/transport.h"

namespace ews {

/// Keeps one mailbox's requests on the Mailbox server that holds its subscription (Microsoft:
/// "Maintain affinity between a group of subscriptions and the Mailbox server in Exchange").
/// Subscribe is sent with X-AnchorMailbox and X-PreferServerAffinity: true; Exchange answers
/// with a Set-Cookie X-BackEndOverrideCookie, which goes back as a Cookie on every later request
/// for that mailbox. Without it a request may reach another server, which answers
/// ErrorSubscriptionNotFound. The caller keeps one Affinity per mailbox (or per group of
/// mailboxes sharing an anchor) for as long as the subscription lives.
struct Affinity {
  /// X-AnchorMailbox; empty = the impersonated mailbox itself.
  std::string anchorMailbox;
  /// The X-BackEndOverrideCookie value last set by Exchange; empty until one came.
  std::string backEndOverrideCookie;
};

/// Adds X-AnchorMailbox (replacing one already in headers), X-PreferServerAffinity: true and,
/// when known, Cookie: X-BackEndOverrideCookie=<value> to a request for mailbox.
void addAffinityHeaders(Headers& headers, const std::string& mailbox, const Affinity& affinity);

/// The X-BackEndOverrideCookie value of the Set-Cookie headers of a reply, or "" when none sets
/// it (or its value holds characters a cookie may not).
std::string backEndOverrideCookie(const HttpReply& reply);

/// Takes a new X-BackEndOverrideCookie from reply into affinity; keeps the old one otherwise.
void updateAffinity(Affinity& affinity, const HttpReply& reply);

}  // namespace ews
