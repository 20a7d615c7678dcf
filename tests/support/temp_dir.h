#pragma once

// A directory of its own for a test, removed with everything in it afterwards.

#include <string>

namespace testsupport {

class TempDir {
 public:
  /// Creates /tmp/<prefix>-XXXXXX (mkdtemp); throws std::runtime_error when it cannot.
  explicit TempDir(const std::string& prefix = "enp-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// The path of `name` inside the directory.
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  /// Writes `text` to `name` inside the directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

}  // namespace testsupport
