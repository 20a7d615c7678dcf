// Every parser of untrusted input, run over deterministic mutations of the real messages in
// tests/data/ews (bit flips, truncations, splices, duplicated and deleted spans). Under the
// sanitizer build this is a small, repeatable fuzz campaign; the libFuzzer targets go further.
#include <dirent.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace {

std::vector<std::string> corpus(const std::string& suffix, const std::string& folder = "ews") {
  std::vector<std::string> out;
  std::string dir = std::string(ENP_TEST_DATA_DIR) + "/" + folder;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    return out;
  }
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::ifstream f(dir + "/" + name);
      std::stringstream ss;
      ss << f.rdbuf();
      out.push_back(ss.str());
    }
  }
  closedir(d);
  return out;
}

std::string mutate(const std::string& in, std::mt19937& rng, const std::vector<std::string>& all) {
  std::string s = in;
  if (s.empty()) {
    return s;
  }
  std::uniform_int_distribution<size_t> pos(0, s.size() - 1);
  switch (rng() % 6) {
    case 0:
      s[pos(rng)] ^= static_cast<char>(1 << (rng() % 8));
      break;
    case 1:
      s.resize(pos(rng));
      break;
    case 2: {
      size_t a = pos(rng), n = rng() % 64;
      s.insert(a, s.substr(pos(rng), n));
      break;
    }
    case 3: {
      size_t a = pos(rng);
      s.erase(a, rng() % 64);
      break;
    }
    case 4: {
      const std::string& other = all[rng() % all.size()];
      s = s.substr(0, pos(rng)) + other.substr(other.empty() ? 0 : rng() % other.size());
      break;
    }
    default:
      s[pos(rng)] = "<>&;\"'=/:\0\xff"[rng() % 11];
      break;
  }
  return s;
}

void run(void (*target)(const uint8_t*, size_t), const std::vector<std::string>& seeds,
         int iterations) {
  ASSERT_FALSE(seeds.empty());
  std::mt19937 rng(20261122);
  for (const auto& s : seeds) {
    target(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  for (int i = 0; i < iterations; ++i) {
    std::string m = seeds[rng() % seeds.size()];
    int rounds = 1 + static_cast<int>(rng() % 4);
    for (int r = 0; r < rounds; ++r) {
      m = mutate(m, rng, seeds);
    }
    target(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  }
}

TEST(ParserMutation, SendNotification) { run(fuzz::sendNotification, corpus(".xml"), 20000); }

TEST(ParserMutation, GetItemResponse) { run(fuzz::getItemResponse, corpus(".xml"), 20000); }

TEST(ParserMutation, RegistrationBody) {
  std::vector<std::string> seeds = {
      R"({"mailbox":"a@b.com","deviceToken":"t","platform":"ios","timeZone":"Europe/Berlin",)"
      R"("workHours":{"days":["mon","fri"],"start":"09:00","end":"17:30"},"workHoursOnly":true,)"
      R"("weekendAlerts":false,"vipAfterHours":true,"vips":["\"Bob\" <bob@x.com>","@y.com"],)"
      R"("detailed":true})",
      R"({"mailbox":"x@y.z","deviceToken":"d","timeZone":"W. Europe Standard Time"})"};
  run(fuzz::registrationBody, seeds, 10000);
}

TEST(ParserMutation, SettingsDocument) {
  std::vector<std::string> seeds = {
      R"({"exchange":[{"name":"m","ewsUrl":"https://m/EWS/Exchange.asmx","version":"Exchange2013",)"
      R"("auth":{"type":"basic","username":"u","password":"p"},"domains":["c.com"]}],)"
      R"("cns":{"url":"https://c/v1","organizationId":"o","token":"t","audience":"a",)"
      R"("algorithm":"HS256","key":"k0123456789abcdef0123456789abcdef"},"registrationKeys":[{"label":"l","key":"0123456789012345678901"}],)"
      R"("policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})"};
  run(fuzz::settingsDocument, seeds, 10000);
}

TEST(ParserMutation, ImapResponses) { run(fuzz::imapResponses, corpus(".imap", "imap"), 20000); }

TEST(ParserMutation, MimeMessage) { run(fuzz::mimeMessage, corpus(".eml", "imap"), 20000); }

TEST(ParserMutation, Pop3Replies) {
  run(fuzz::pop3Replies,
      {"+OK ready\r\n+OK 2 messages\r\n1 000000017b3ad9b5\r\n..x\r\n.\r\n-ERR [AUTH] no\r\n"},
      10000);
}

}  // namespace
