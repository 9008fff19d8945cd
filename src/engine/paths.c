// SPDX-License-Identifier: MIT
#include "engine/paths.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
file_exists(const char* path)
{
  struct stat st;
  return stat(path, &st) == 0;
}

static LdxStatus
join_path(LdxWorld* world, const char* dir, const char* path, char** out)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, world, 0);
  LdxStatus st = LDX_SUCCESS;
  if (path[0] != '/' && dir && *dir) {
    st = ldxi_buf_puts(&buf, dir);
    if (!st && dir[strlen(dir) - 1] != '/') {
      st = ldxi_buf_putc(&buf, '/');
    }
  }
  if (!st) {
    st = ldxi_buf_puts(&buf, path);
  }
  if (st) {
    ldxi_buf_free(&buf);
    return st;
  }
  *out = buf.data;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_resolve_file(LdxWorld*          world,
                  const char*        working_dir,
                  const LdxiFileRef* ref,
                  char**             out)
{
  char        cwd_buf[PATH_MAX];
  const char* cwd = working_dir;
  if (!cwd) {
    cwd = getcwd(cwd_buf, sizeof(cwd_buf)) ? cwd_buf : ".";
  }
  switch (ref->root) {
    case LDXI_ROOT_CWD:
      return join_path(world, cwd, ref->path, out);
    case LDXI_ROOT_MAPPING_DIR:
      return join_path(world, ref->mapping_dir, ref->path, out);
    case LDXI_ROOT_DIR:
      return join_path(world, ref->root_dir, ref->path, out);
    case LDXI_ROOT_LEGACY: {
      // As RMLMapper and others resolve rml:source "file": the working
      // directory first, then the mapping's directory.
      LdxStatus st = join_path(world, cwd, ref->path, out);
      if (st || file_exists(*out)) {
        return st;
      }
      char* alt = NULL;
      st        = join_path(world, ref->mapping_dir, ref->path, &alt);
      if (!st && file_exists(alt)) {
        ldxi_free(world, *out);
        *out = alt;
      } else {
        ldxi_free(world, alt);
      }
      return st;
    }
  }
  return LDX_BAD_ARG;
}

const char*
ldxi_display_path(const char* path)
{
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof(cwd))) {
    size_t n = strlen(cwd);
    if (!strncmp(path, cwd, n) && path[n] == '/' && path[n + 1]) {
      return path + n + 1;
    }
  }
  return path;
}
