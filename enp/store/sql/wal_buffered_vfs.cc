#include "enp/store/sql/wal_buffered_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace enp::sql {
namespace {

constexpr const char* kName = "enp-wal-buffered";
constexpr int kCapacity = 1 << 20;  // bytes gathered at most before they are written
// The most the platform VFS writes in one call (its Unix VFS takes at most 128 KiB - 1).
constexpr int kMaxWrite = 96 * 1024;

// What SQLite allocates for each open file (szOsFile): this header, then the platform's file.
struct BufferedFile {
  sqlite3_file base;
  sqlite3_file* real;   // the platform VFS's file, right behind this header
  char* buffer;         // the log's gathered writes (allocated on the first); null otherwise
  sqlite3_int64 start;  // the offset in the file of buffer[0]
  int used;             // bytes gathered
  bool wal;
};

constexpr int kHeaderSize = (sizeof(BufferedFile) + 7) & ~7;

sqlite3_vfs* parent = nullptr;
sqlite3_vfs vfs;

BufferedFile* self(sqlite3_file* file) { return reinterpret_cast<BufferedFile*>(file); }
const sqlite3_io_methods& io(BufferedFile* f) { return *f->real->pMethods; }

// Writes what is gathered; on failure it is dropped (SQLite fails the transaction, and frames
// past the last commit in the log are never read back).
int flush(BufferedFile* f) {
  if (f->used == 0) {
    return SQLITE_OK;
  }
  const int n = f->used;
  f->used = 0;
  for (int done = 0; done < n; done += kMaxWrite) {
    const int rc =
        io(f).xWrite(f->real, f->buffer + done, std::min(kMaxWrite, n - done), f->start + done);
    if (rc != SQLITE_OK) {
      return rc;
    }
  }
  return SQLITE_OK;
}

int xClose(sqlite3_file* file) {
  BufferedFile* f = self(file);
  const int flushed = flush(f);
  const int rc = io(f).xClose(f->real);
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int xRead(sqlite3_file* file, void* out, int n, sqlite3_int64 offset) {
  BufferedFile* f = self(file);
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xRead(f->real, out, n, offset);
}

int xWrite(sqlite3_file* file, const void* data, int n, sqlite3_int64 offset) {
  BufferedFile* f = self(file);
  if (!f->wal) {
    return io(f).xWrite(f->real, data, n, offset);
  }
  if (f->used > 0 && (offset != f->start + f->used || f->used + n > kCapacity)) {
    const int rc = flush(f);
    if (rc != SQLITE_OK) {
      return rc;
    }
  }
  if (n > kCapacity) {
    return io(f).xWrite(f->real, data, n, offset);
  }
  if (f->buffer == nullptr) {
    f->buffer = static_cast<char*>(sqlite3_malloc(kCapacity));
    if (f->buffer == nullptr) {
      return io(f).xWrite(f->real, data, n, offset);
    }
  }
  if (f->used == 0) {
    f->start = offset;
  }
  std::memcpy(f->buffer + f->used, data, static_cast<size_t>(n));
  f->used += n;
  return SQLITE_OK;
}

int xTruncate(sqlite3_file* file, sqlite3_int64 size) {
  BufferedFile* f = self(file);
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xTruncate(f->real, size);
}

int xSync(sqlite3_file* file, int flags) {
  BufferedFile* f = self(file);
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xSync(f->real, flags);
}

int xFileSize(sqlite3_file* file, sqlite3_int64* size) {
  BufferedFile* f = self(file);
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xFileSize(f->real, size);
}

int xLock(sqlite3_file* file, int level) { return io(self(file)).xLock(self(file)->real, level); }

int xUnlock(sqlite3_file* file, int level) {
  return io(self(file)).xUnlock(self(file)->real, level);
}

int xCheckReservedLock(sqlite3_file* file, int* out) {
  return io(self(file)).xCheckReservedLock(self(file)->real, out);
}

int xFileControl(sqlite3_file* file, int op, void* arg) {
  BufferedFile* f = self(file);
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xFileControl(f->real, op, arg);
}

int xSectorSize(sqlite3_file* file) { return io(self(file)).xSectorSize(self(file)->real); }

int xDeviceCharacteristics(sqlite3_file* file) {
  return io(self(file)).xDeviceCharacteristics(self(file)->real);
}

int xShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  BufferedFile* f = self(file);
  return io(f).iVersion < 2 ? SQLITE_IOERR : io(f).xShmMap(f->real, region, size, extend, out);
}

int xShmLock(sqlite3_file* file, int offset, int n, int flags) {
  BufferedFile* f = self(file);
  return io(f).iVersion < 2 ? SQLITE_IOERR : io(f).xShmLock(f->real, offset, n, flags);
}

void xShmBarrier(sqlite3_file* file) {
  BufferedFile* f = self(file);
  if (io(f).iVersion >= 2) {
    io(f).xShmBarrier(f->real);
  }
}

int xShmUnmap(sqlite3_file* file, int deleteFlag) {
  BufferedFile* f = self(file);
  return io(f).iVersion < 2 ? SQLITE_OK : io(f).xShmUnmap(f->real, deleteFlag);
}

int xFetch(sqlite3_file* file, sqlite3_int64 offset, int n, void** out) {
  BufferedFile* f = self(file);
  if (io(f).iVersion < 3) {
    *out = nullptr;
    return SQLITE_OK;
  }
  const int rc = flush(f);
  return rc != SQLITE_OK ? rc : io(f).xFetch(f->real, offset, n, out);
}

int xUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  BufferedFile* f = self(file);
  return io(f).iVersion < 3 ? SQLITE_OK : io(f).xUnfetch(f->real, offset, page);
}

const sqlite3_io_methods kMethods = {
    3,
    xClose,
    xRead,
    xWrite,
    xTruncate,
    xSync,
    xFileSize,
    xLock,
    xUnlock,
    xCheckReservedLock,
    xFileControl,
    xSectorSize,
    xDeviceCharacteristics,
    xShmMap,
    xShmLock,
    xShmBarrier,
    xShmUnmap,
    xFetch,
    xUnfetch,
};

int xOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags) {
  BufferedFile* f = self(file);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kHeaderSize);
  f->buffer = nullptr;
  f->start = 0;
  f->used = 0;
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  f->real->pMethods = nullptr;
  const int rc = parent->xOpen(parent, name, f->real, flags, outFlags);
  // SQLite calls xClose after a failed open only when pMethods is set.
  f->base.pMethods = f->real->pMethods != nullptr ? &kMethods : nullptr;
  return rc;
}

}  // namespace

const char* walBufferedVfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    parent = sqlite3_vfs_find(nullptr);
    vfs = *parent;
    vfs.szOsFile = kHeaderSize + parent->szOsFile;
    vfs.pNext = nullptr;
    vfs.zName = kName;
    vfs.xOpen = xOpen;
    sqlite3_vfs_register(&vfs, 0);
  });
  return kName;
}

}  // namespace enp::sql
