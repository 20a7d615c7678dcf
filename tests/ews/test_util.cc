#include "test_util.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ews::test {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string sharedPath(const std::string& name) {
  return std::string(ENP_TEST_DATA_DIR) + "/ews/" + name;
}

std::string sharedFile(const std::string& name) { return readFile(sharedPath(name)); }

std::string dataFile(const std::string& name) {
  return readFile(std::string(ENP_SOURCE_DIR) + "/tests/ews/data/" + name);
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string repeat(const std::string& s, int count) {
  std::string out;
  out.reserve(s.size() * count);
  for (int i = 0; i < count; ++i) {
    out += s;
  }
  return out;
}

std::string manyAttributes(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += " a" + std::to_string(i) + "=''";
  }
  return out;
}

int runCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return -1;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) {
    output->append(buf, n);
  }
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace ews::test
