// What Graph sends and answers, parsed: notification collections (Microsoft's documented
// shapes), messages, error answers and Entra ID's token errors.
#include "enp/source/graph/graph_notification.h"

#include <gtest/gtest.h>

#include "enp/source/graph/aad_error.h"
#include "enp/source/graph/graph_failure.h"
#include "enp/source/graph/graph_message.h"
#include "status_matchers.h"

namespace enp {
namespace {

// The change notification example of "Receive change notifications through webhooks".
const char* kChange = R"({
  "value": [{
    "id": "lsgTZMr9KwAAA",
    "subscriptionId": "{subscription_guid}",
    "subscriptionExpirationDateTime": "2016-03-19T22:11:09.952Z",
    "clientState": "secretClientValue",
    "changeType": "created",
    "resource": "users/{user_guid}@{tenant_guid}/messages/{long_id_string}",
    "tenantId": "84bd8158-6d4d-4958-8b9f-9d6445542f95",
    "resourceData": {
      "@odata.type": "#Microsoft.Graph.Message",
      "@odata.id": "Users/{user_guid}@{tenant_guid}/Messages/{long_id_string}",
      "@odata.etag": "W/\"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf\"",
      "id": "{long_id_string}"
    }
  }]
})";

// The lifecycle notification example of "Reduce missing subscriptions and change notifications".
const char* kLifecycle = R"({
  "value": [{
    "subscriptionId": "<subscription_guid>",
    "subscriptionExpirationDateTime": "2019-03-20T11:00:00.0000000Z",
    "tenantId": "<tenant_guid>",
    "clientState": "<secretClientState>",
    "lifecycleEvent": "reauthorizationRequired"
  }]
})";

TEST(GraphNotification, ParsesAChangeNotification) {
  auto parsed = testsupport::valueOf(parseGraphNotifications(kChange));
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].subscriptionId, "{subscription_guid}");
  EXPECT_EQ(parsed[0].clientState, "secretClientValue");
  EXPECT_EQ(parsed[0].changeType, "created");
  EXPECT_EQ(parsed[0].resourceId, "{long_id_string}");
  EXPECT_EQ(parsed[0].tenantId, "84bd8158-6d4d-4958-8b9f-9d6445542f95");
  EXPECT_EQ(parsed[0].lifecycleEvent, "");
}

TEST(GraphNotification, ParsesALifecycleNotification) {
  auto parsed = testsupport::valueOf(parseGraphNotifications(kLifecycle));
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].lifecycleEvent, "reauthorizationRequired");
  EXPECT_EQ(parsed[0].clientState, "<secretClientState>");
  EXPECT_EQ(parsed[0].resourceId, "");
}

TEST(GraphNotification, RefusesWhatIsNotACollection) {
  EXPECT_EQ(parseGraphNotifications("").error().message(), "not JSON");
  EXPECT_EQ(parseGraphNotifications("[1]").error().message(),
            "expected an object with a \"value\" array");
  EXPECT_EQ(parseGraphNotifications(R"({"value":{}})").error().message(),
            "expected an object with a \"value\" array");
  EXPECT_EQ(parseGraphNotifications(R"({"value":[1]})").error().message(),
            "value[0]: expected an object");
  EXPECT_EQ(parseGraphNotifications(R"({"value":[{"clientState":"x"}]})").error().message(),
            "value[0].subscriptionId: required");
  // Members of the wrong type are absent, not a crash.
  auto odd = testsupport::valueOf(parseGraphNotifications(
      R"({"value":[{"subscriptionId":"s","clientState":7,"resourceData":[]}]})"));
  EXPECT_EQ(odd[0].clientState, "");
  EXPECT_TRUE(testsupport::valueOf(parseGraphNotifications(R"({"value":[]})")).empty());
}

TEST(GraphMessage, BecomesTheSharedMail) {
  const Mail mail = testsupport::valueOf(parseGraphMessage(R"({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages(from,sender,subject,bodyPreview,receivedDateTime,importance)/$entity",
    "@odata.etag": "W/\"CQAAABYAAAA\"",
    "id": "AAMkAGI2",
    "receivedDateTime": "2024-03-05T09:15:00Z",
    "subject": "Budget for Q3",
    "bodyPreview": "Hello Alice, the budget is attached.",
    "importance": "high",
    "sender": {"emailAddress": {"name": "Assistant", "address": "assistant@fabrikam.com"}},
    "from": {"emailAddress": {"name": "Bob Builder", "address": "bob@fabrikam.com"}}})"));
  EXPECT_EQ(mail.itemId, "AAMkAGI2");
  EXPECT_EQ(mail.senderName, "Bob Builder");  // "from", not "sender" (who sent on behalf)
  EXPECT_EQ(mail.senderAddress, "bob@fabrikam.com");
  EXPECT_EQ(mail.subject, "Budget for Q3");
  EXPECT_EQ(mail.snippetSource, "Hello Alice, the budget is attached.");
  EXPECT_EQ(mail.received, "2024-03-05T09:15:00Z");
  EXPECT_EQ(mail.importance, "High");
  EXPECT_EQ(mail.itemClass, "IPM.Note");
  EXPECT_FALSE(mail.meeting);
}

TEST(GraphMessage, MeetingRequestsNullsAndMissingSenders) {
  const Mail meeting = testsupport::valueOf(parseGraphMessage(
      R"({"@odata.type":"#microsoft.graph.eventMessageRequest","id":"m","subject":null,)"
      R"("importance":"low","sender":{"emailAddress":{"address":"x@y.z"}}})"));
  EXPECT_TRUE(meeting.meeting);
  EXPECT_EQ(meeting.itemClass, "IPM.Schedule.Meeting.Request");
  EXPECT_EQ(meeting.subject, "");
  EXPECT_EQ(meeting.senderAddress, "x@y.z");  // no "from": the sender
  EXPECT_EQ(meeting.importance, "Low");
  EXPECT_EQ(parseGraphMessage(R"({"subject":"no id"})").error().message(), "message: no id");
  EXPECT_FALSE(parseGraphMessage("<xml/>").ok());
}

ews::HttpReply answer(long status, const std::string& code, ews::Headers headers = {}) {
  ews::HttpReply r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = code.empty() ? "" : R"({"error":{"code":")" + code + R"(","message":"words"}})";
  return r;
}

TEST(GraphFailure, GraphAnswersBecomeTheSharedFailureKinds) {
  struct Case {
    long status;
    std::string code;
    ews::Headers headers;
    FailureKind kind;
    int64_t retryAfterMs;
  };
  const Case cases[] = {
      {401, "InvalidAuthenticationToken", {}, FailureKind::kAuth, 0},
      {403, "ErrorAccessDenied", {}, FailureKind::kAuth, 0},
      {404, "ErrorItemNotFound", {}, FailureKind::kItemGone, 0},
      {404, "ErrorInvalidUser", {}, FailureKind::kNoMailbox, 0},
      {404, "MailboxNotEnabledForRESTAPI", {}, FailureKind::kNoMailbox, 0},
      {400, "ErrorInvalidIdMalformed", {}, FailureKind::kBadItem, 0},
      {429, "ApplicationThrottled", {{"Retry-After", "17"}}, FailureKind::kBusy, 17000},
      {503, "", {{"retry-after", "5"}}, FailureKind::kBusy, 5000},
      {429, "", {}, FailureKind::kBusy, 0},
      {503, "", {}, FailureKind::kUnreachable, 0},
      {500, "", {{"Retry-After", "soon"}}, FailureKind::kUnreachable, 0},
  };
  for (const Case& c : cases) {
    const Failure f = graphHttpFailure(answer(c.status, c.code, c.headers));
    EXPECT_EQ(f.kind, c.kind) << c.status << " " << c.code;
    EXPECT_EQ(f.retryAfter.count(), c.retryAfterMs) << c.status << " " << c.code;
    EXPECT_EQ(f.system, "graph");
  }
  const Failure denied = graphHttpFailure(answer(403, "ErrorAccessDenied"));
  EXPECT_EQ(denied.detail, "HTTP 403 ErrorAccessDenied: words");
  EXPECT_NE(denied.advice.find("Mail.Read"), std::string::npos);
  EXPECT_NE(denied.advice.find("application access policy"), std::string::npos);
}

TEST(AadError, EntraIdRefusalsAreExplained) {
  const AadError secret = explainAadError(
      R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: a Correlation ID: b","error_codes":[7000215]})");
  EXPECT_EQ(secret.code, "AADSTS7000215");
  EXPECT_EQ(secret.detail,
            "invalid_client: AADSTS7000215: Invalid client secret provided. Ensure the secret "
            "being sent in the request is the client secret value, not the client secret ID.");
  EXPECT_NE(secret.advice.find("secret's Value"), std::string::npos);
  struct Case {
    const char* code;
    const char* advicePart;
  };
  for (const Case& c :
       {Case{"AADSTS90002", "graph[].tenantId"}, Case{"AADSTS700016", "graph[].clientId"},
        Case{"AADSTS700027", "upload the certificate"}, Case{"AADSTS65001", "admin consent"},
        Case{"AADSTS7000222", "expired"}}) {
    const AadError e = explainAadError(std::string(R"({"error":"x","error_description":")") +
                                       c.code + R"(: words."})");
    EXPECT_EQ(e.code, c.code);
    EXPECT_NE(e.advice.find(c.advicePart), std::string::npos) << c.code;
  }
  EXPECT_EQ(explainAadError("<html>").detail, "the token endpoint answered without a JSON error");
  EXPECT_EQ(explainAadError(R"({"error":"invalid_client"})").advice,
            "check graph[].clientId and the credential (certificate or secret)");
}

}  // namespace
}  // namespace enp
