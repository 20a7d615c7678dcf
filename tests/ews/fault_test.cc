#include <gtest/gtest.h>

#include <string>

#include "ews/get_item.h"
#include "test_util.h"

namespace ews {
namespace {

using test::dataFile;
using test::sharedFile;

Error requestError(long status, const std::string& body) {
  Result<std::vector<ItemResult>> r = parseGetItemResponse(status, body);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

TEST(FaultTest, ServerBusyWithBackOffAndWhitespaceInResponseCode) {
  const Error e = requestError(
      500, sharedFile("soapfault_errorserverbusy_backoffmilliseconds_exchangelib.xml"));
  EXPECT_EQ(e.kind, ErrorKind::kSoapFault);
  EXPECT_EQ(e.code, "ErrorServerBusy");
  EXPECT_TRUE(e.isServerBusy());
  EXPECT_EQ(e.backOffMilliseconds, 297749);
  EXPECT_EQ(e.httpStatus, 500);
  EXPECT_EQ(e.message, "The server cannot service this request right now. Try again later.");
  EXPECT_EQ(e.describe(),
            "SoapFault ErrorServerBusy (HTTP 500) (back off 297749 ms): The server cannot "
            "service this request right now. Try again later.");
}

TEST(FaultTest, SchemaValidationFaults) {
  for (const char* name : {"soapfault_errorschemavalidation_linenumber_exchangelib.xml",
                           "soapfault_errorschemavalidation_exchange2010_msdocs.xml",
                           "soapfault_errorschemavalidation_exchange2007_msdocs.xml"}) {
    const Error e = requestError(500, sharedFile(name));
    EXPECT_EQ(e.kind, ErrorKind::kSoapFault) << name;
    EXPECT_EQ(e.code, "ErrorSchemaValidation") << name;
    EXPECT_EQ(e.backOffMilliseconds, 0) << name;
  }
  // Exchange 2007: soap:faultcode "Client", the EWS code only in detail.
  EXPECT_EQ(requestError(500, sharedFile("soapfault_errorschemavalidation_exchange2007_msdocs.xml"))
                .message,
            "The request failed schema validation.");
}

TEST(FaultTest, FaultcodeAloneGivesTheCode) {
  // Without detail/ResponseCode the a:-prefixed faultcode (types namespace) is the code.
  std::string xml = sharedFile("soapfault_errorserverbusy_backoffmilliseconds_exchangelib.xml");
  const size_t begin = xml.find("<e:ResponseCode");
  const size_t end = xml.find("</e:ResponseCode>") + std::string("</e:ResponseCode>").size();
  xml.erase(begin, end - begin);
  EXPECT_EQ(requestError(500, xml).code, "ErrorServerBusy");
}

TEST(FaultTest, ImpersonationAndMailboxFaults) {
  const Error denied = requestError(500, dataFile("soapfault_errorimpersonateuserdenied.xml"));
  EXPECT_EQ(denied.kind, ErrorKind::kSoapFault);
  EXPECT_EQ(denied.code, "ErrorImpersonateUserDenied");
  EXPECT_EQ(denied.message,
            "The account does not have permission to impersonate the requested user.");
  const Error missing =
      requestError(500, dataFile("soapfault_errornonexistentmailbox_detailonly.xml"));
  EXPECT_EQ(missing.code, "ErrorNonExistentMailbox");  // detail wins over soap:Server.
}

TEST(FaultTest, Exchange2007AccessDeniedFault) {
  const Error e = requestError(
      500, sharedFile("soapfault_accessdenied_not_mailbox_owner_exchange2007_msdocs.xml"));
  EXPECT_EQ(e.kind, ErrorKind::kSoapFault);
  EXPECT_EQ(e.code, "ErrorAccessDenied");
  EXPECT_NE(e.message.find("User is not mailbox owner"), std::string::npos);
}

TEST(FaultTest, FaultEvenWithHttp200) {
  const Error e = requestError(200, dataFile("soapfault_errorimpersonateuserdenied.xml"));
  EXPECT_EQ(e.kind, ErrorKind::kSoapFault);
  EXPECT_EQ(e.httpStatus, 200);
}

TEST(FaultTest, HttpStatusesWithoutSoap) {
  const std::string html = "<html><body><h1>401 - Unauthorized</h1></body></html>";
  Error e = requestError(401, html);
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.code, "HTTP 401");
  EXPECT_EQ(e.httpStatus, 401);
  e = requestError(403, "Forbidden");
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.code, "HTTP 403");
  e = requestError(503, "");
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.code, "HTTP 503");
  e = requestError(500, "Internal error");
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  // A valid GetItem answer with a non-200 status is still an HTTP failure.
  e = requestError(502, dataFile("getitem_response_2013_mixed.xml"));
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.code, "HTTP 502");
}

TEST(FaultTest, Http200WithGarbageIsParseError) {
  const Error e = requestError(200, "<html><body>Outlook Web App</body>");
  EXPECT_EQ(e.kind, ErrorKind::kParse);
  EXPECT_EQ(e.httpStatus, 200);
  EXPECT_EQ(classifyFailure(200, "").kind, ErrorKind::kParse);
}

TEST(FaultTest, ClassifyFailureMatchesParse) {
  const Error e = classifyFailure(
      500, sharedFile("soapfault_errorserverbusy_backoffmilliseconds_exchangelib.xml"));
  EXPECT_EQ(e.kind, ErrorKind::kSoapFault);
  EXPECT_EQ(e.backOffMilliseconds, 297749);
  EXPECT_EQ(classifyFailure(401, "").code, "HTTP 401");
}

}  // namespace
}  // namespace ews
