#include "enp/backup/backup_archive.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "enp/common/secrets.h"
#include "enp/common/version.h"

namespace enp::backup {
namespace {

constexpr const char* kFormat = "enp-backup";
constexpr int kFormatVersion = 1;
constexpr size_t kDataKeyBytes = 32;

// The whole file, or nothing when it does not exist; kStore when it exists but cannot be read.
Result<std::optional<std::string>> readOptional(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return std::optional<std::string>();
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return Status::store(path + ": cannot be read");
  }
  return std::optional<std::string>(bytes.str());
}

}  // namespace

const std::vector<std::string>& backupFileNames() {
  static const std::vector<std::string> kNames = {kDatabaseFile, kKeyFile, "admin-cert.pem",
                                                  "admin-key.pem"};
  return kNames;
}

Result<std::string> makeBackup(Database& db, const std::string& dataDir, int64_t nowMs) {
  const std::string scratch =
      dataDir + "/.backup-" + std::to_string(::getpid()) + "-" + std::to_string(nowMs) + ".db";
  std::remove(scratch.c_str());
  Status copied = db.backupTo(scratch);
  if (copied.ok()) {
    // The copy is checked as a restore will check it, so a damaged one is known now.
    const Result<int> checked = Database::verifyFile(scratch);
    copied = checked.ok() ? Status() : Status::store("backup: " + checked.error().message());
  }
  Result<std::optional<std::string>> database =
      copied.ok() ? readOptional(scratch) : Result<std::optional<std::string>>(copied);
  std::remove(scratch.c_str());
  if (!database.ok()) {
    return database.error();
  }
  std::vector<ArchiveEntry> files = {{kDatabaseFile, database->value_or("")}};
  for (size_t i = 1; i < backupFileNames().size(); ++i) {
    const std::string& name = backupFileNames()[i];
    Result<std::optional<std::string>> bytes = readOptional(dataDir + "/" + name);
    if (!bytes.ok()) {
      return bytes.error();
    }
    if (bytes->has_value()) {
      files.push_back({name, std::move(**bytes)});
    } else if (name == kKeyFile) {
      return Status::store(dataDir + "/" + kKeyFile + " is missing");
    }
  }
  Poco::JSON::Object manifest, listed;
  manifest.set("format", kFormat);
  manifest.set("formatVersion", kFormatVersion);
  manifest.set("enpVersion", std::string(version()));
  manifest.set("createdAtMs", nowMs);
  manifest.set("schemaVersion", db.schemaVersion());
  for (const ArchiveEntry& f : files) {
    Poco::JSON::Object one;
    one.set("size", static_cast<uint64_t>(f.bytes.size()));
    one.set("sha256", sha256Hex(f.bytes));
    listed.set(f.name, one);
  }
  manifest.set("files", listed);
  std::ostringstream text;
  manifest.stringify(text, 2);
  files.insert(files.begin(), {kManifestFile, text.str() + "\n"});
  return writeTar(files, nowMs / 1000);
}

Result<Backup> readBackup(const std::string& archive) {
  Result<std::vector<ArchiveEntry>> entries = readTar(archive);
  if (!entries.ok()) {
    return Status::invalid("not an ENP backup: " + entries.error().message());
  }
  if (entries->empty() || entries->front().name != kManifestFile) {
    return Status::invalid("not an ENP backup: no manifest.json at its start");
  }
  Backup out;
  std::map<std::string, std::string> listed;  // name -> sha256
  try {
    Poco::JSON::Parser parser;
    const auto manifest = parser.parse(entries->front().bytes).extract<Poco::JSON::Object::Ptr>();
    if (!manifest || manifest->optValue<std::string>("format", "") != kFormat) {
      return Status::invalid("not an ENP backup: the manifest is not an enp-backup one");
    }
    if (manifest->optValue<int>("formatVersion", 0) != kFormatVersion) {
      return Status::invalid("a backup of format version " +
                             manifest->optValue<std::string>("formatVersion", "?") +
                             ", this ENP reads version 1");
    }
    out.schemaVersion = manifest->optValue<int>("schemaVersion", 0);
    out.createdAtMs = manifest->optValue<int64_t>("createdAtMs", 0);
    out.enpVersion = manifest->optValue<std::string>("enpVersion", "");
    const auto files = manifest->getObject("files");
    if (!files) {
      return Status::invalid("the manifest lists no files");
    }
    for (const auto& [name, value] : *files) {
      const auto one = value.extract<Poco::JSON::Object::Ptr>();
      listed[name] = one ? one->optValue<std::string>("sha256", "") : "";
    }
  } catch (const std::exception& e) {
    return Status::invalid(std::string("the manifest cannot be read: ") + e.what());
  }
  for (size_t i = 1; i < entries->size(); ++i) {
    ArchiveEntry& e = (*entries)[i];
    const auto it = listed.find(e.name);
    if (it == listed.end()) {
      return Status::invalid("'" + e.name + "' is not in the manifest");
    }
    if (sha256Hex(e.bytes) != it->second) {
      return Status::invalid("'" + e.name + "' is damaged (its SHA-256 is not the manifest's)");
    }
    listed.erase(it);
    out.files.push_back(std::move(e));
  }
  if (!listed.empty()) {
    return Status::invalid("'" + listed.begin()->first + "' is missing from the archive");
  }
  const auto named = [&out](const std::string& name) {
    for (const ArchiveEntry& e : out.files) {
      if (e.name == name) return &e;
    }
    return static_cast<const ArchiveEntry*>(nullptr);
  };
  for (const ArchiveEntry& e : out.files) {
    bool known = false;
    for (const std::string& n : backupFileNames()) known = known || n == e.name;
    if (!known) {
      return Status::invalid("'" + e.name + "' is not a file an ENP backup holds");
    }
  }
  if (named(kDatabaseFile) == nullptr || named(kKeyFile) == nullptr) {
    return Status::invalid("the backup lacks enp.db or enp.key");
  }
  if (named(kKeyFile)->bytes.size() != kDataKeyBytes) {
    return Status::invalid("enp.key in the backup is not a data key (" +
                           std::to_string(named(kKeyFile)->bytes.size()) + " bytes, not 32)");
  }
  return out;
}

}  // namespace enp::backup
