#include "enp/sink/payload.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace enp {
namespace {

std::string toJson(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

PushMail sampleMail() {
  PushMail mail;
  mail.itemId = "AAMkItem=";
  mail.folderId = "AAMkInbox=";
  mail.fromName = "Alice  Example";
  mail.fromAddress = "alice@contoso.com";
  mail.subject = "Budget\tfor Q3";
  mail.snippetSource = "<p>Hi Bob,</p><p>the numbers &amp; the plan.</p>";
  mail.received = "2024-03-01T09:15:00Z";
  mail.importance = "High";
  return mail;
}

TEST(Privacy, NamesRoundTrip) {
  for (Privacy p : {Privacy::kFull, Privacy::kNoSnippet, Privacy::kSenderOnly, Privacy::kNone}) {
    Privacy parsed = Privacy::kFull;
    ASSERT_TRUE(parsePrivacy(toString(p), &parsed)) << toString(p);
    EXPECT_EQ(p, parsed);
  }
  EXPECT_STREQ("no-snippet", toString(Privacy::kNoSnippet));
  EXPECT_STREQ("sender-only", toString(Privacy::kSenderOnly));
}

TEST(Privacy, RejectsUnknownNames) {
  Privacy parsed = Privacy::kSenderOnly;
  EXPECT_FALSE(parsePrivacy("Full", &parsed));
  EXPECT_FALSE(parsePrivacy("no_snippet", &parsed));
  EXPECT_FALSE(parsePrivacy("", &parsed));
  EXPECT_EQ(Privacy::kSenderOnly, parsed);
}

TEST(NotificationClaim, FullDetail) {
  EXPECT_EQ(R"({"kind":"mail","from":{"name":"Alice Example","address":"alice@contoso.com"},)"
            R"("subject":"Budget for Q3","snippet":"Hi Bob, the numbers & the plan.",)"
            R"("received":"2024-03-01T09:15:00Z","importance":"High","folderId":"AAMkInbox="})",
            toJson(buildNotificationClaim(sampleMail(), true, {})));
}

TEST(NotificationClaim, NoSnippet) {
  EXPECT_EQ(R"({"kind":"mail","from":{"name":"Alice Example","address":"alice@contoso.com"},)"
            R"("subject":"Budget for Q3",)"
            R"("received":"2024-03-01T09:15:00Z","importance":"High","folderId":"AAMkInbox="})",
            toJson(buildNotificationClaim(sampleMail(), true, {Privacy::kNoSnippet, 140})));
}

TEST(NotificationClaim, SenderOnly) {
  EXPECT_EQ(R"({"kind":"mail","from":{"name":"Alice Example","address":"alice@contoso.com"},)"
            R"("received":"2024-03-01T09:15:00Z","importance":"High","folderId":"AAMkInbox="})",
            toJson(buildNotificationClaim(sampleMail(), true, {Privacy::kSenderOnly, 140})));
}

TEST(NotificationClaim, NoneIsGeneric) {
  EXPECT_EQ(R"({"kind":"mail","count":1})",
            toJson(buildNotificationClaim(sampleMail(), true, {Privacy::kNone, 140})));
}

TEST(NotificationClaim, NotDetailedIsGenericWhateverThePolicy) {
  for (Privacy p : {Privacy::kFull, Privacy::kNoSnippet, Privacy::kSenderOnly, Privacy::kNone}) {
    EXPECT_EQ(R"({"kind":"mail","count":3})",
              toJson(buildNotificationClaim(sampleMail(), false, {p, 140}, 3)))
        << toString(p);
  }
}

TEST(NotificationClaim, CountIsAtLeastOne) {
  EXPECT_EQ(R"({"kind":"mail","count":1})",
            toJson(buildNotificationClaim(sampleMail(), false, {}, 0)));
}

TEST(NotificationClaim, MeetingKind) {
  PushMail mail = sampleMail();
  mail.meeting = true;
  EXPECT_EQ("meeting", buildNotificationClaim(mail, true, {})->getValue<std::string>("kind"));
  EXPECT_EQ(R"({"kind":"meeting","count":1})", toJson(buildNotificationClaim(mail, false, {})));
}

TEST(NotificationClaim, SnippetLengthIsApplied) {
  PushMail mail = sampleMail();
  mail.snippetSource = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(
      "The quick\u2026",
      buildNotificationClaim(mail, true, {Privacy::kFull, 10})->getValue<std::string>("snippet"));
  EXPECT_EQ(
      "",
      buildNotificationClaim(mail, true, {Privacy::kFull, 0})->getValue<std::string>("snippet"));
}

TEST(NotificationClaim, NeverCarriesTheItemIdAndCleansText) {
  PushMail mail = sampleMail();
  mail.subject = "Line\r\nbreak \xFF and <b>tags</b>";
  const std::string json = toJson(buildNotificationClaim(mail, true, {}));
  EXPECT_EQ(std::string::npos, json.find("AAMkItem="));
  EXPECT_EQ("Line break \uFFFD and <b>tags</b>",
            buildNotificationClaim(mail, true, {})->getValue<std::string>("subject"));
}

TEST(NotificationClaim, LongSubjectIsCapped) {
  PushMail mail = sampleMail();
  mail.subject = std::string(1000, 'x');
  const std::string subject =
      buildNotificationClaim(mail, true, {})->getValue<std::string>("subject");
  EXPECT_EQ(std::string(kMaxSubjectChars - 1, 'x') + "\u2026", subject);
}

}  // namespace
}  // namespace enp
