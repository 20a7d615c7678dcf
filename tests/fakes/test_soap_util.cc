#include "test_soap_util.h"

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

#include "xml_ns.h"

namespace fakes::testing {

namespace {

HttpReply send(const std::string& method, const std::string& url, const std::string& body,
               const std::string& contentType,
               const std::vector<std::pair<std::string, std::string>>& headers,
               const std::string& user, const std::string& password, int timeoutMs) {
  const Poco::URI uri(url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(static_cast<long>(timeoutMs) * 1000));
  Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  if (!contentType.empty()) {
    request.setContentType(contentType);
  }
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  if (!user.empty()) {
    Poco::Net::HTTPBasicCredentials(user, password).authenticate(request);
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  for (const auto& [name, value] : response) {
    reply.headers[name] = value;
  }
  return reply;
}

}  // namespace

HttpReply post(const std::string& url, const std::string& body, const std::string& contentType,
               const std::vector<std::pair<std::string, std::string>>& headers,
               const std::string& user, const std::string& password, int timeoutMs) {
  return send(Poco::Net::HTTPRequest::HTTP_POST, url, body, contentType, headers, user, password,
              timeoutMs);
}

HttpReply get(const std::string& url, int timeoutMs) {
  return send(Poco::Net::HTTPRequest::HTTP_GET, url, "", "", {}, "", "", timeoutMs);
}

std::string sharedFile(const std::string& relativePath) {
  const std::string path = std::string(ENP_TEST_DATA_DIR) + "/" + relativePath;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SchemaResult validateBodyChild(const std::string& envelope) {
  SchemaResult result;
  if (std::system("xmllint --version >/dev/null 2>&1") != 0) {
    result.output = "xmllint is not installed (Debian: libxml2-utils)";
    return result;
  }
  result.ran = true;
  pugi::xml_document doc;
  if (!doc.load_string(envelope.c_str())) {
    result.output = "envelope is not well-formed";
    return result;
  }
  const pugi::xml_node body = child(firstElement(doc), kSoap11Ns, "Body");
  const std::string xml = standaloneElement(firstElement(body));
  char path[] = "/tmp/enp-fakes-body-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    result.output = "mkstemp failed";
    return result;
  }
  if (write(fd, xml.data(), xml.size()) != static_cast<ssize_t>(xml.size())) {
    result.output = "write failed";
  }
  close(fd);
  const std::string command = "xmllint --noout --nonet --schema " + std::string(ENP_TEST_DATA_DIR) +
                              "/ews/schema/validation/validate-exchange-2019-onprem-smartlet.xsd " +
                              path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 512> buffer{};
  while (pipe != nullptr && fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
    result.output += buffer.data();
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  unlink(path);
  result.valid = status == 0;
  return result;
}

}  // namespace fakes::testing
