// SPDX-License-Identifier: MIT
// Atomically replaced output files: commit, free without commit, modes,
// symbolic links, devices, missing directories, write errors, and
// allocation failures.  Works in a fresh directory under $TMPDIR.
#undef NDEBUG

#include "write_support.h"

#include "ldexport.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void
path_in(char* out, size_t size, const char* name)
{
  snprintf(out, size, "%s/%s", dir, name);
}

static void
write_file(const char* path, const char* text)
{
  FILE* f = fopen(path, "wb");
  assert(f);
  assert(fwrite(text, 1, strlen(text), f) == strlen(text));
  assert(!fclose(f));
}

// The content of a file (static buffer), or NULL if it does not exist.
static const char*
read_file(const char* path)
{
  static char text[1 << 20];
  FILE*       f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  const size_t n = fread(text, 1, sizeof(text) - 1, f);
  text[n]        = '\0';
  fclose(f);
  return text;
}

// Number of entries in the test directory (temporary files included).
static int
count_entries(void)
{
  DIR* d = opendir(dir);
  assert(d);
  int            n = 0;
  struct dirent* e = NULL;
  while ((e = readdir(d))) {
    n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  }
  closedir(d);
  return n;
}

static void
put(LdxOutputFile* file, const char* text)
{
  LdxOutputStream out = ldx_output_file_stream(file);
  assert(!out.write(out.stream, text, strlen(text)));
}

static void
test_commit_creates(void)
{
  char path[512];
  path_in(path, sizeof(path), "new.nq");
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  for (int mask = 0; mask < 2; ++mask) {
    const mode_t old = umask(mask ? 077 : 022);
    assert(!ldx_output_file_open(world, path, &file));
    assert(count_entries() == 1); // only the temporary file so far
    assert(!read_file(path));
    put(file, "hello ");
    put(file, "world\n");
    assert(!ldx_output_file_commit(file));
    assert(!ldx_output_file_commit(file)); // a second commit is a no-op
    ldx_output_file_free(file);
    umask(old);

    assert(!strcmp(read_file(path), "hello world\n"));
    assert(count_entries() == 1);
    struct stat st;
    assert(!stat(path, &st));
    assert((st.st_mode & 0777) == (mask ? 0600u : 0644u));
    assert(!unlink(path));
  }
  assert(diags.errors == 0);
  ldx_world_free(world);
}

static void
test_free_without_commit(void)
{
  char path[512];
  path_in(path, sizeof(path), "keep.nq");
  write_file(path, "old content\n");
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  assert(!ldx_output_file_open(world, path, &file));
  assert(count_entries() == 2);
  put(file, "new content that must not appear\n");
  LdxOutputStream out = ldx_output_file_stream(file);
  assert(!out.flush(out.stream)); // even flushed to the temporary file
  ldx_output_file_free(file);
  assert(!strcmp(read_file(path), "old content\n"));
  assert(count_entries() == 1);

  // Commit replaces it, whatever its size was.
  assert(!ldx_output_file_open(world, path, &file));
  put(file, "x");
  assert(!ldx_output_file_commit(file));
  ldx_output_file_free(file);
  assert(!strcmp(read_file(path), "x"));
  assert(count_entries() == 1);
  assert(!unlink(path));
  ldx_output_file_free(NULL);
  ldx_world_free(world);
}

static void
test_large(void)
{
  char path[512];
  path_in(path, sizeof(path), "large.txt");
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  assert(!ldx_output_file_open(world, path, &file));
  LdxOutputStream out = ldx_output_file_stream(file);
  // Writes of every size around the internal buffer's.
  static char chunk[200000];
  size_t      total = 0;
  for (size_t n = 1; n < sizeof(chunk); n = n * 3 + 1) {
    memset(chunk, 'a' + (int)(n % 26), n);
    assert(!out.write(out.stream, chunk, n));
    total += n;
  }
  assert(!ldx_output_file_commit(file));
  ldx_output_file_free(file);
  struct stat st;
  assert(!stat(path, &st) && (size_t)st.st_size == total);
  const char* text = read_file(path);
  size_t      at   = 0;
  for (size_t n = 1; n < sizeof(chunk); n = n * 3 + 1) {
    for (size_t k = 0; k < n; ++k) {
      assert(text[at + k] == 'a' + (int)(n % 26));
    }
    at += n;
  }
  assert(!unlink(path));
  ldx_world_free(world);
}

static void
test_errors(void)
{
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  char           path[512];

  // A directory that does not exist.
  path_in(path, sizeof(path), "missing/out.nq");
  assert(ldx_output_file_open(world, path, &file) == LDX_BAD_WRITE);
  assert(!file);
  assert(diags.errors == 1);
  assert(strstr(diags.last_error, path));
  assert(strstr(diags.last_error, strerror(ENOENT)));

  // A directory as the target.
  assert(ldx_output_file_open(world, dir, &file) == LDX_BAD_WRITE);
  assert(strstr(diags.last_error, strerror(EISDIR)));
  path_in(path, sizeof(path), "sub/");
  assert(ldx_output_file_open(world, path, &file) == LDX_BAD_WRITE);

  assert(ldx_output_file_open(world, "", &file) == LDX_BAD_ARG);
  assert(count_entries() == 0);

  // A device: written in place, not replaced.
  assert(!ldx_output_file_open(world, "/dev/null", &file));
  put(file, "discarded");
  assert(!ldx_output_file_commit(file));
  ldx_output_file_free(file);
  struct stat st;
  assert(!stat("/dev/null", &st) && S_ISCHR(st.st_mode));

  // A full device: the error names the file and the reason, once; later
  // writes fail quietly.
  if (!access("/dev/full", W_OK)) {
    diags.errors = 0;
    assert(!ldx_output_file_open(world, "/dev/full", &file));
    LdxOutputStream out = ldx_output_file_stream(file);
    assert(!out.write(out.stream, "x", 1)); // buffered
    assert(out.flush(out.stream) == LDX_BAD_WRITE);
    assert(out.write(out.stream, "y", 1) == LDX_BAD_WRITE);
    assert(ldx_output_file_commit(file) == LDX_BAD_WRITE);
    assert(diags.errors == 1);
    assert(strstr(diags.last_error, "/dev/full"));
    assert(strstr(diags.last_error, strerror(ENOSPC)));
    ldx_output_file_free(file);
  }

  // An unwritable directory (root may write anywhere: skip then).
  if (geteuid() != 0) {
    path_in(path, sizeof(path), "ro");
    assert(!mkdir(path, 0500));
    path_in(path, sizeof(path), "ro/out.nq");
    assert(ldx_output_file_open(world, path, &file) == LDX_BAD_WRITE);
    assert(strstr(diags.last_error, strerror(EACCES)));
    path_in(path, sizeof(path), "ro");
    assert(!rmdir(path));
  }
  ldx_world_free(world);
}

static void
test_symlink(void)
{
  char target[512];
  char link[512];
  path_in(target, sizeof(target), "real.ttl");
  path_in(link, sizeof(link), "link.ttl");
  write_file(target, "old");
  assert(!symlink("real.ttl", link));
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  assert(!ldx_output_file_open(world, link, &file));
  put(file, "new");
  assert(!ldx_output_file_commit(file));
  ldx_output_file_free(file);
  struct stat st;
  assert(!lstat(link, &st) && S_ISLNK(st.st_mode)); // the link is kept
  assert(!strcmp(read_file(target), "new"));
  assert(count_entries() == 2);
  assert(!unlink(link));
  assert(!unlink(target));
  ldx_world_free(world);
}

static void
test_writer_to_file(void)
{
  char path[512];
  path_in(path, sizeof(path), "out.nt");
  Diags          diags;
  LdxWorld*      world = quiet_world(&diags);
  LdxOutputFile* file  = NULL;
  assert(!ldx_output_file_open(world, path, &file));
  LdxWriter* writer = NULL;
  assert(!ldx_writer_new(world,
                         ldx_format_by_filename(path),
                         ldx_output_file_stream(file),
                         NULL,
                         &writer));
  LdxTerm s = {
    LDX_TERM_IRI, ldx_str("http://ex/s"), { NULL, 0 }, { NULL, 0 }
  };
  LdxTerm o    = { LDX_TERM_LITERAL, ldx_str("v"), { NULL, 0 }, { NULL, 0 } };
  LdxQuad q    = { &s, &s, &o, NULL };
  LdxSink sink = ldx_writer_sink(writer);
  assert(!ldx_sink_quad(&sink, &q));
  assert(!ldx_writer_finish(writer));
  ldx_writer_free(writer);
  assert(!ldx_output_file_commit(file));
  ldx_output_file_free(file);
  assert(!strcmp(read_file(path), "<http://ex/s> <http://ex/s> \"v\" .\n"));
  assert(!unlink(path));
  ldx_world_free(world);
}

static void
test_failing_alloc(void)
{
  char path[512];
  path_in(path, sizeof(path), "alloc.nq");
  write_file(path, "before");
  for (size_t fail = 0;; ++fail) {
    FailAlloc    fa    = { 0, fail, 0 };
    LdxAllocator alloc = fa_allocator(&fa);
    LdxWorld*    world = ldx_world_new(&alloc);
    if (!world) {
      continue;
    }
    LdxOutputFile*  file = NULL;
    const LdxStatus st   = ldx_output_file_open(world, path, &file);
    if (st) {
      assert(st == LDX_BAD_ALLOC && !file);
    } else {
      put(file, "after");
      assert(!ldx_output_file_commit(file));
      ldx_output_file_free(file);
    }
    ldx_world_free(world);
    assert(fa.n_live == 0);
    assert(count_entries() == 1); // no temporary file left behind
    assert(!strcmp(read_file(path), st ? "before" : "after"));
    if (!st) {
      break;
    }
  }
  assert(!unlink(path));
}

int
main(void)
{
  const char* tmp = getenv("TMPDIR");
  snprintf(
    dir, sizeof(dir), "%s/ldx-output-file-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 77; // no place to test in
  }
  test_commit_creates();
  test_free_without_commit();
  test_large();
  test_errors();
  test_symlink();
  test_writer_to_file();
  test_failing_alloc();
  assert(count_entries() == 0);
  assert(!rmdir(dir));
  return 0;
}
