#include "enp/backup/tar_file.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace enp::backup {
namespace {

constexpr size_t kBlock = 512;

void octal(char* field, size_t width, uint64_t value) {
  // width - 1 digits and a NUL, as ustar writes numbers.
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
}

unsigned checksum(const char* header) {
  unsigned sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    // The checksum field itself counts as eight spaces.
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

bool parseOctal(const char* field, size_t width, uint64_t* out) {
  uint64_t value = 0;
  size_t i = 0;
  while (i < width && field[i] == ' ') {
    ++i;
  }
  bool digits = false;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) {
    value = value * 8 + static_cast<uint64_t>(field[i] - '0');
    digits = true;
  }
  for (; i < width; ++i) {
    if (field[i] != '\0' && field[i] != ' ') {
      return false;
    }
  }
  *out = value;
  return digits;
}

}  // namespace

std::string writeTar(const std::vector<ArchiveEntry>& entries, int64_t mtimeSeconds) {
  std::string out;
  for (const ArchiveEntry& e : entries) {
    char header[kBlock] = {};
    std::memcpy(header, e.name.data(), std::min<size_t>(e.name.size(), 99));
    octal(header + 100, 8, 0600);
    octal(header + 108, 8, 0);
    octal(header + 116, 8, 0);
    octal(header + 124, 12, e.bytes.size());
    octal(header + 136, 12, static_cast<uint64_t>(mtimeSeconds));
    header[156] = '0';
    std::memcpy(header + 257, "ustar", 6);
    std::memcpy(header + 263, "00", 2);
    std::snprintf(header + 148, 8, "%06o", checksum(header));
    header[155] = ' ';
    out.append(header, kBlock);
    out += e.bytes;
    out.append((kBlock - e.bytes.size() % kBlock) % kBlock, '\0');
  }
  out.append(2 * kBlock, '\0');
  return out;
}

Result<std::vector<ArchiveEntry>> readTar(const std::string& archive) {
  std::vector<ArchiveEntry> entries;
  size_t at = 0;
  while (true) {
    if (archive.size() - at < kBlock) {
      return Status::invalid("the archive ends without its end marker (cut short?)");
    }
    const char* header = archive.data() + at;
    if (std::all_of(header, header + kBlock, [](char c) { return c == '\0'; })) {
      return entries;
    }
    uint64_t sum = 0, size = 0;
    if (!parseOctal(header + 148, 8, &sum) || sum != checksum(header)) {
      return Status::invalid("not a tar archive (bad header at byte " + std::to_string(at) + ")");
    }
    if (!parseOctal(header + 124, 12, &size)) {
      return Status::invalid("bad size in the header at byte " + std::to_string(at));
    }
    ArchiveEntry e;
    e.name.assign(header, strnlen(header, 100));
    if (header[156] != '0' && header[156] != '\0') {
      return Status::invalid("'" + e.name + "' is not a plain file");
    }
    at += kBlock;
    if (archive.size() - at < size) {
      return Status::invalid("'" + e.name + "' is cut short");
    }
    e.bytes = archive.substr(at, size);
    at += (size + kBlock - 1) / kBlock * kBlock;
    entries.push_back(std::move(e));
    if (at > archive.size()) {
      return Status::invalid("the archive ends inside '" + entries.back().name + "'");
    }
  }
}

}  // namespace enp::backup
