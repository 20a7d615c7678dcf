#include "enp_process.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bench {
namespace {

// Runs binary with args to completion; stdout and stderr go to logPath (appended).
int runToCompletion(const std::string& binary, const std::vector<std::string>& args,
                    const std::string& logPath) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("enp"));
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close_range(3, ~0U, 0);  // not the fakes' listening sockets (Poco's are inherited)
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

EnpProcess::EnpProcess(EnpProcessOptions options) : options_(std::move(options)) {}

EnpProcess::~EnpProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool EnpProcess::start(std::string* error) {
  const std::string config = dir_.path() + "/enp.conf";
  const std::string dataDir = dir_.path() + "/var";
  const std::string logPath = dir_.path() + "/enp.log";
  std::ofstream(config) << "[public]\nlisten = 127.0.0.1:0\n[admin]\nlisten = 127.0.0.1:0\n"
                        << "[storage]\ndata_dir = " << dataDir << "\n[log]\nlevel = warn\n"
                        << "[pipeline]\n"
                        << (options_.maxInFlight > 0
                                ? "max_in_flight = " + std::to_string(options_.maxInFlight) + "\n"
                                : std::string())
                        << options_.extraConfig;
  std::ofstream(dir_.path() + "/settings.json") << options_.settingsJson;
  if (!dataKeyFrom_.empty()) {
    std::error_code failed;
    std::filesystem::create_directories(dataDir, failed);
    std::filesystem::copy_file(dataKeyFrom_, dataDir + "/enp.key",
                               std::filesystem::copy_options::overwrite_existing, failed);
    if (failed) {
      *error = "copying the data key " + dataKeyFrom_ + ": " + failed.message();
      return false;
    }
  }
  if (int rc = runToCompletion(
          options_.binary,
          {"settings", "import", "--config", config, dir_.path() + "/settings.json"}, logPath);
      rc != 0) {
    *error = "enp settings import exited " + std::to_string(rc) + ": " + logTail();
    return false;
  }
  int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const pid_t bench = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) {
    // A benchmark stopped by a signal takes its ENP along, instead of leaving it running
    // (and spending the CPU the next run measures).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != bench) {
      ::_exit(1);
    }
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close_range(3, ~0U, 0);  // not the fakes' listening sockets (Poco's are inherited)
    ::execl(options_.binary.c_str(), "enp", "serve", "--config", config.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(fd);
  pid_ = pid;
  // The daemon writes <data_dir>/ports once both listeners serve.
  for (int i = 0; i < 1000; ++i) {
    std::ifstream ports(dataDir + "/ports");
    std::string line;
    while (std::getline(ports, line)) {
      if (line.rfind("public=", 0) == 0) {
        public_ = line.substr(7);
      } else if (line.rfind("admin=", 0) == 0) {
        admin_ = line.substr(6);
      }
    }
    if (!public_.empty()) {
      return true;
    }
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  *error = "enp serve did not start: " + logTail();
  return false;
}

int EnpProcess::stop() {
  if (pid_ <= 0) {
    return -1;
  }
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string EnpProcess::postRegistration(const std::string& body,
                                         const std::string& registrationKey, std::string* error) {
  try {
    const auto colon = public_.rfind(':');
    Poco::Net::HTTPClientSession session(
        public_.substr(0, colon), static_cast<Poco::UInt16>(std::stoi(public_.substr(colon + 1))));
    session.setTimeout(Poco::Timespan(120, 0));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/registrations",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    req.set("Authorization", "Bearer " + registrationKey);
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
    if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_CREATED) {
      *error = "registration answered " + std::to_string(resp.getStatus()) + ": " + answer;
      return "";
    }
    return answer;
  } catch (const std::exception& e) {
    *error = std::string("registration failed: ") + e.what();
    return "";
  }
}

std::string EnpProcess::metrics() const {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    return "";
  }
  std::string out;
  const std::string url = "https://" + admin_ + "/metrics";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* user) {
        static_cast<std::string*>(user)->append(data, size * n);
        return size * n;
      });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? out : "";
}

std::string EnpProcess::registerMailbox(const std::string& mailbox,
                                        const std::string& registrationKey, std::string* error) {
  const std::string body = R"({"mailbox":")" + mailbox +
                           R"(","deviceToken":"bench-device-token","platform":"ios",)"
                           R"("timeZone":"Europe/Berlin"})";
  const std::string answer = postRegistration(body, registrationKey, error);
  if (answer.empty()) {
    return "";
  }
  try {
    auto o = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>();
    return o->getValue<std::string>("callbackUrl");
  } catch (const std::exception& e) {
    *error = std::string("registration answer without a callbackUrl: ") + e.what();
    return "";
  }
}

double EnpProcess::cpuSeconds() const {
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const auto close = text.rfind(')');
  if (close == std::string::npos) {
    return 0;
  }
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n == 14) {
      utime = std::stoull(field);
    } else if (n == 15) {
      stime = std::stoull(field);
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void EnpProcess::resetPeakRss() const {
  std::ofstream("/proc/" + std::to_string(pid_) + "/clear_refs") << "5";
}

double EnpProcess::peakRssMb() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;  // "VmHWM:    12345 kB"
    }
  }
  return 0;
}

double EnpProcess::rssMb() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;
    }
  }
  return 0;
}

int EnpProcess::threads() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) {
      return std::stoi(line.substr(8));
    }
  }
  return 0;
}

std::string EnpProcess::logTail(size_t bytes) const {
  std::ifstream log(dir_.path() + "/enp.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

}  // namespace bench
