#pragma once

#include <string>

#include "temp_dir.h"

// Helpers shared by the EWS tests: fixture files and scratch directories.

namespace ews::test {

using testsupport::TempDir;

/// The whole file; fails the current test (and returns "") when it cannot be read.
std::string readFile(const std::string& path);

/// A reference file from the shared EWS material (${ENP_TEST_DATA_DIR}/ews/<name>).
std::string sharedPath(const std::string& name);
std::string sharedFile(const std::string& name);

/// A fixture of these tests (tests/ews/data/<name>).
std::string dataFile(const std::string& name);

/// Writes text to path; fails the current test on error.
void writeFile(const std::string& path, const std::string& text);

/// Replaces every occurrence of from with to.
std::string replaceAll(std::string text, const std::string& from, const std::string& to);

/// s, count times.
std::string repeat(const std::string& s, int count);

/// count attributes " a0='' a1='' ...", for documents with many of them.
std::string manyAttributes(int count);

/// A fresh directory under $TMPDIR, removed with its contents on destruction.
/// Runs a shell command; returns its exit status (-1 when it could not run) and its combined
/// stdout and stderr in *output.
int runCommand(const std::string& command, std::string* output);

}  // namespace ews::test
