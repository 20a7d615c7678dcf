#pragma once

namespace enp::sql {

/// The name of an SQLite VFS (registered on the first call; not the default one) that is the
/// platform's VFS except for how a write-ahead log is written: SQLite writes each frame of the
/// log in two calls (its 24-byte header, then the page), so a commit of N pages costs 2N
/// `pwrite`s; through this VFS the writes that follow one another in the log are gathered in
/// memory and reach the kernel in one call (per 96 KiB) when SQLite syncs the log, reads it,
/// asks its size, truncates it, closes it, or writes elsewhere in it (and whenever 1 MiB is
/// gathered).
///
/// Only for connections with `PRAGMA synchronous=FULL` in WAL mode: SQLite then syncs the log
/// before a commit becomes visible to other connections, so everything gathered is in the file
/// by then. With `NORMAL` a commit is published without a sync, and another connection could
/// read the log before the gathered frames are written.
const char* walBufferedVfs();

}  // namespace enp::sql
