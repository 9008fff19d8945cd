// SPDX-License-Identifier: MIT
// Files replaced atomically: bytes go to a temporary file created with
// mkstemp() next to the target, and ldx_output_file_commit() renames it over
// the target, so readers see the old file or the complete new one, never a
// part.
//
// - The temporary file is ".NAME.XXXXXX" in the target's directory (rename
//   only is atomic within a file system).
// - A symbolic link to a regular file is followed: the file it names is
//   replaced and the link is kept.
// - A target that exists but is not a regular file (/dev/null, a FIFO,
//   /dev/stdout) cannot be replaced; it is opened and written in place.
// - On commit the file gets the mode a new file would get (0666 & ~umask),
//   as mkstemp() creates it 0600.
// - Every error is reported once, with the file name and strerror(errno);
//   after one, writes fail without writing and commit removes the
//   temporary file.
#include "core/alloc.h"
#include "core/diag.h"

#include "ldexport/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFFER_SIZE ((size_t)64 * 1024)

// Bytes of the target's name kept in the temporary file's name, so that
// the latter stays within NAME_MAX.
#define MAX_NAME_IN_TEMP ((size_t)128)

struct LdxOutputFileImpl {
  LdxWorld* world;
  char*     path;     // as given, for messages
  char*     target;   // what commit renames over (links resolved)
  char*     tmp_path; // temporary file; NULL when writing in place
  int       fd;       // -1 once closed
  char*     buf;
  size_t    len;
  LdxStatus status; // sticky: first failure
  bool      committed;
};

static LdxStatus
fail(LdxOutputFile* file, const char* what, int err)
{
  if (!file->status) {
    ldxi_error(file->world,
               LDX_BAD_WRITE,
               NULL,
               "cannot %s '%s': %s",
               what,
               file->path,
               strerror(err));
    file->status = LDX_BAD_WRITE;
  }
  return LDX_BAD_WRITE;
}

static LdxStatus
write_all(LdxOutputFile* file, const char* p, size_t n)
{
  while (n) {
    const ssize_t r = write(file->fd, p, n);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(file, "write", errno);
    }
    if (r == 0) { // no progress and no error: do not spin
      return fail(file, "write", EIO);
    }
    p += r;
    n -= (size_t)r;
  }
  return LDX_SUCCESS;
}

static LdxStatus
drain(LdxOutputFile* file)
{
  const size_t len = file->len;
  file->len        = 0;
  return write_all(file, file->buf, len);
}

static LdxStatus
file_write(void* stream, const void* buf, size_t len)
{
  LdxOutputFile* const file = (LdxOutputFile*)stream;
  if (file->status || file->fd < 0) {
    return LDX_BAD_WRITE;
  }
  if (len <= BUFFER_SIZE - file->len) {
    memcpy(file->buf + file->len, buf, len);
    file->len += len;
    return LDX_SUCCESS;
  }
  const LdxStatus st = drain(file);
  if (st) {
    return st;
  }
  if (len >= BUFFER_SIZE) {
    return write_all(file, (const char*)buf, len);
  }
  memcpy(file->buf, buf, len);
  file->len = len;
  return LDX_SUCCESS;
}

static LdxStatus
file_flush(void* stream)
{
  LdxOutputFile* const file = (LdxOutputFile*)stream;
  if (file->status || file->fd < 0) {
    return LDX_BAD_WRITE;
  }
  return drain(file);
}

// The process's umask, read without changing it where Linux allows.
static mode_t
current_umask(void)
{
  FILE* status = fopen("/proc/self/status", "r");
  if (status) {
    char line[256];
    while (fgets(line, sizeof(line), status)) {
      if (!strncmp(line, "Umask:", 6)) {
        char*               end  = NULL;
        const unsigned long mask = strtoul(line + 6, &end, 8);
        if (end != line + 6) {
          fclose(status);
          return (mode_t)(mask & 0777u);
        }
      }
    }
    fclose(status);
  }
  // Briefly changes the umask: racy with other threads creating files.
  const mode_t mask = umask(022);
  umask(mask);
  return mask;
}

// Make the rename durable; the new file's data is synced already, so a
// failure here only risks the old name after a crash and is not reported.
static void
sync_directory(const char* target)
{
  const char* slash = strrchr(target, '/');
  char        dir[PATH_MAX];
  if (!slash) {
    dir[0] = '.';
    dir[1] = '\0';
  } else {
    const size_t n = slash == target ? 1 : (size_t)(slash - target);
    if (n >= sizeof(dir)) {
      return;
    }
    memcpy(dir, target, n);
    dir[n] = '\0';
  }
  const int fd = open(dir, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

static void
discard(LdxOutputFile* file)
{
  if (file->fd >= 0) {
    close(file->fd);
    file->fd = -1;
  }
  if (file->tmp_path && !file->committed) {
    unlink(file->tmp_path);
    ldxi_free(file->world, file->tmp_path);
    file->tmp_path = NULL;
  }
}

// Set `file->target` to the file a write to `file->path` would change.
static LdxStatus
resolve_target(LdxOutputFile* file)
{
  struct stat st;
  if (!lstat(file->path, &st) && S_ISLNK(st.st_mode)) {
    char* real = realpath(file->path, NULL); // fails for a dangling link
    if (real) {
      file->target = ldxi_strdup(file->world, real);
      free(real); // from the C library, not our allocator
      return file->target ? LDX_SUCCESS : LDX_BAD_ALLOC;
    }
  }
  file->target = ldxi_strdup(file->world, file->path);
  return file->target ? LDX_SUCCESS : LDX_BAD_ALLOC;
}

// Create the temporary file next to the target.
static LdxStatus
create_temp(LdxOutputFile* file)
{
  const char*  target  = file->target;
  const char*  slash   = strrchr(target, '/');
  const size_t dirlen  = slash ? (size_t)(slash - target) + 1 : 0;
  const char*  name    = target + dirlen;
  size_t       namelen = strlen(name);
  if (!namelen) {
    return fail(file, "create", EISDIR);
  }
  if (namelen > MAX_NAME_IN_TEMP) {
    namelen = MAX_NAME_IN_TEMP;
  }
  static const char suffix[] = ".XXXXXX";
  const size_t      size     = dirlen + 1 + namelen + sizeof(suffix);
  char*             tmp      = (char*)ldxi_malloc(file->world, size);
  if (!tmp) {
    return LDX_BAD_ALLOC;
  }
  memcpy(tmp, target, dirlen);
  tmp[dirlen] = '.';
  memcpy(tmp + dirlen + 1, name, namelen);
  memcpy(tmp + dirlen + 1 + namelen, suffix, sizeof(suffix));

  const int fd = mkstemp(tmp);
  if (fd < 0) {
    ldxi_free(file->world, tmp);
    return fail(file, "create", errno);
  }
  (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
  file->fd       = fd;
  file->tmp_path = tmp;
  return LDX_SUCCESS;
}

LdxStatus
ldx_output_file_open(LdxWorld* world, const char* path, LdxOutputFile** out)
{
  *out = NULL;
  if (!path || !*path) {
    return ldxi_error(world, LDX_BAD_ARG, NULL, "empty output file name");
  }
  LdxOutputFile* file =
    (LdxOutputFile*)ldxi_calloc(world, 1, sizeof(LdxOutputFile));
  if (!file) {
    return LDX_BAD_ALLOC;
  }
  file->world  = world;
  file->fd     = -1;
  file->path   = ldxi_strdup(world, path);
  file->buf    = (char*)ldxi_malloc(world, BUFFER_SIZE);
  LdxStatus st = file->path && file->buf ? resolve_target(file) : LDX_BAD_ALLOC;

  struct stat info;
  if (st) {
    // out of memory
  } else if (stat(file->target, &info)) {
    st = errno == ENOENT ? create_temp(file) : fail(file, "open", errno);
  } else if (S_ISDIR(info.st_mode)) {
    st = fail(file, "write", EISDIR);
  } else if (S_ISREG(info.st_mode)) {
    st = create_temp(file);
  } else {
    // A device or FIFO: nothing to replace, write to it directly.
    file->fd = open(file->target, O_WRONLY | O_CLOEXEC);
    if (file->fd < 0) {
      st = fail(file, "open", errno);
    }
  }

  if (st) {
    ldx_output_file_free(file);
    return st;
  }
  *out = file;
  return LDX_SUCCESS;
}

LdxOutputStream
ldx_output_file_stream(LdxOutputFile* file)
{
  LdxOutputStream stream = { file, file_write, file_flush };
  return stream;
}

LdxStatus
ldx_output_file_commit(LdxOutputFile* file)
{
  if (file->committed) {
    return LDX_SUCCESS;
  }
  if (file->status || file->fd < 0) {
    discard(file);
    return LDX_BAD_WRITE;
  }

  LdxStatus st = drain(file);
  if (!st && !file->tmp_path) { // in place: nothing to sync or rename
    if (close(file->fd)) {
      st = fail(file, "close", errno);
    }
    file->fd        = -1;
    file->committed = !st;
    return st;
  }

  if (!st && fsync(file->fd)) {
    st = fail(file, "sync", errno);
  }
  if (!st && fchmod(file->fd, 0666 & ~current_umask())) {
    st = fail(file, "set the permissions of", errno);
  }
  if (!st) {
    const int rc = close(file->fd); // may report a deferred write error
    file->fd     = -1;
    if (rc) {
      st = fail(file, "close", errno);
    }
  }
  if (!st && rename(file->tmp_path, file->target)) {
    st = fail(file, "replace", errno);
  }
  if (st) {
    discard(file);
    return st;
  }
  file->committed = true;
  sync_directory(file->target);
  return LDX_SUCCESS;
}

void
ldx_output_file_free(LdxOutputFile* file)
{
  if (!file) {
    return;
  }
  discard(file);
  LdxWorld* const world = file->world;
  ldxi_free(world, file->tmp_path);
  ldxi_free(world, file->target);
  ldxi_free(world, file->path);
  ldxi_free(world, file->buf);
  ldxi_free(world, file);
}
