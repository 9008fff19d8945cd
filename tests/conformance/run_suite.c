// SPDX-License-Identifier: MIT
// run_suite: runs one RML conformance suite against the ldexport CLI.
//
// For every row of DIR/metadata.csv the case folder is copied (without its
// expected outputs) to WORK/ID, `ldexport map MAPPING -o ldexport-output.nq
// [--base IRI]` runs there with a timeout, and its outputs are compared as
// RDF datasets with the expected ones.  Results go to a CSV report; results
// that disagree with the known-failures list make the exit status 1.
// Cases whose D2RQ database is a placeholder run on the PostgreSQL server
// of LDX_TEST_PG_DSN (pg_case.c), or are skipped without one.
#include "pg_case.h"
#include "rdfcmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__)
#  define RS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define RS_PRINTF(f, a)
#endif

enum { EXIT_UNEXPECTED = 1, EXIT_SETUP = 2, EXIT_INTERRUPTED = 130 };

// Name of the default output the tool is asked to write.
#define DEFAULT_OUTPUT "ldexport-output.nq"
// Helper tools (decompressors, rapper) get this long.
#define HELPER_TIMEOUT 60.0
// Base IRI for converting Turtle & co. (both sides get the same one).
#define CONVERT_BASE "http://example.com/base/"
// Longest note excerpt taken from a stderr line, in bytes.
#define NOTE_EXCERPT 120

static volatile sig_atomic_t g_interrupted = 0;

/* ---- small utilities ------------------------------------------------- */

static void*
xmalloc(size_t n)
{
  void* p = malloc(n ? n : 1);
  if (!p) {
    fputs("run_suite: out of memory\n", stderr);
    exit(EXIT_SETUP);
  }
  return p;
}

static void*
xrealloc(void* p, size_t n)
{
  void* r = realloc(p, n ? n : 1);
  if (!r) {
    fputs("run_suite: out of memory\n", stderr);
    exit(EXIT_SETUP);
  }
  return r;
}

static char*
xstrdup(const char* s)
{
  size_t n = strlen(s);
  char*  r = xmalloc(n + 1);
  memcpy(r, s, n + 1);
  return r;
}

static char* RS_PRINTF(1, 2) xasprintf(const char* fmt, ...)
{
  char*   s   = NULL;
  size_t  len = 0;
  FILE*   f   = open_memstream(&s, &len);
  va_list ap;
  va_start(ap, fmt);
  int n = f ? vfprintf(f, fmt, ap) : -1;
  va_end(ap);
  if (!f || fclose(f) || n < 0 || !s) {
    fputs("run_suite: out of memory\n", stderr);
    exit(EXIT_SETUP);
  }
  return s;
}

static bool
ends_with(const char* s, const char* suffix)
{
  size_t n = strlen(s);
  size_t m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static bool
str_ieq(const char* a, const char* b)
{
  for (; *a && *b; ++a, ++b) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
    if (x != y) {
      return false;
    }
  }
  return *a == *b;
}

typedef struct {
  char** v;
  size_t n;
  size_t cap;
} StrList;

static void
strlist_push(StrList* l, char* s)
{
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->v   = xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = s;
}

static bool
strlist_has(const StrList* l, const char* s)
{
  for (size_t i = 0; i < l->n; ++i) {
    if (!strcmp(l->v[i], s)) {
      return true;
    }
  }
  return false;
}

static void
strlist_free(StrList* l)
{
  for (size_t i = 0; i < l->n; ++i) {
    free(l->v[i]);
  }
  free(l->v);
  l->v   = NULL;
  l->n   = 0;
  l->cap = 0;
}

// Appends "; part" (or just part) to *note, taking ownership of part.
static void
note_add(char** note, char* part)
{
  if (!*note) {
    *note = part;
    return;
  }
  char* s = xasprintf("%s; %s", *note, part);
  free(*note);
  free(part);
  *note = s;
}

// Reads a whole file; NULL with errno set on failure.  The result is
// NUL-terminated; *len excludes the terminator.
static char*
read_file(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 4096;
  size_t n   = 0;
  char*  buf = xmalloc(cap);
  for (;;) {
    if (cap - n < 2) {
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    size_t r = fread(buf + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) {
      break;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  buf[n] = '\0';
  if (len) {
    *len = n;
  }
  return buf;
}

static bool
is_dir(const char* path)
{
  struct stat st;
  return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static bool
exists(const char* path)
{
  struct stat st;
  return !lstat(path, &st);
}

static int
mkdir_p(const char* path)
{
  char* p = xstrdup(path);
  for (char* s = p + 1; *s; ++s) {
    if (*s == '/') {
      *s = '\0';
      if (mkdir(p, 0755) && errno != EEXIST) {
        free(p);
        return -1;
      }
      *s = '/';
    }
  }
  int r = mkdir(p, 0755);
  free(p);
  return r && errno != EEXIST ? -1 : 0;
}

// Removes a file or directory tree; read-only directories are made
// writable first (the suites' files are read-only).
static int
rm_tree(const char* path)
{
  struct stat st;
  if (lstat(path, &st)) {
    return errno == ENOENT ? 0 : -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    return unlink(path);
  }
  chmod(path, 0700);
  DIR* d = opendir(path);
  if (!d) {
    return -1;
  }
  int            rc = 0;
  struct dirent* e  = NULL;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
      continue;
    }
    char* sub = xasprintf("%s/%s", path, e->d_name);
    if (rm_tree(sub)) {
      rc = -1;
    }
    free(sub);
  }
  closedir(d);
  return rmdir(path) ? -1 : rc;
}

static int
copy_file(const char* src, const char* dst, mode_t mode)
{
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    return -1;
  }
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (out < 0) {
    close(in);
    return -1;
  }
  char    buf[65536];
  ssize_t r  = 0;
  int     rc = 0;
  while ((r = read(in, buf, sizeof buf)) != 0) {
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      rc = -1;
      break;
    }
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0) {
        if (errno == EINTR) {
          continue;
        }
        rc = -1;
        break;
      }
      off += w;
    }
    if (rc) {
      break;
    }
  }
  close(in);
  if (close(out)) {
    rc = -1;
  }
  return rc;
}

// Copies a tree; top-level entries named in skip are left out.  Copies are
// owner-writable whatever the source mode.
static int
copy_tree(const char* src, const char* dst, const StrList* skip)
{
  if (mkdir(dst, 0755) && errno != EEXIST) {
    return -1;
  }
  DIR* d = opendir(src);
  if (!d) {
    return -1;
  }
  int            rc = 0;
  struct dirent* e  = NULL;
  while (!rc && (e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
        (skip && strlist_has(skip, e->d_name))) {
      continue;
    }
    char*       s  = xasprintf("%s/%s", src, e->d_name);
    char*       t  = xasprintf("%s/%s", dst, e->d_name);
    struct stat st = { 0 };
    if (lstat(s, &st)) {
      rc = -1;
    } else if (S_ISDIR(st.st_mode)) {
      rc = copy_tree(s, t, NULL);
    } else if (S_ISREG(st.st_mode)) {
      rc = copy_file(s, t, (st.st_mode & 0777) | 0600);
    } else if (S_ISLNK(st.st_mode)) {
      char    target[PATH_MAX];
      ssize_t n = readlink(s, target, sizeof target - 1);
      if (n < 0) {
        rc = -1;
      } else {
        target[n] = '\0';
        rc        = symlink(target, t);
      }
    }
    free(s);
    free(t);
  }
  closedir(d);
  return rc;
}

// Lists the regular files under root as paths relative to it.
static void
list_files(const char* root, const char* rel, StrList* out)
{
  char* dir = rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
  DIR*  d   = opendir(dir);
  if (d) {
    struct dirent* e = NULL;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
        continue;
      }
      char* r = rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
      char* p = xasprintf("%s/%s", root, r);
      struct stat st;
      if (!lstat(p, &st) && S_ISDIR(st.st_mode)) {
        list_files(root, r, out);
        free(r);
      } else if (S_ISREG(st.st_mode)) {
        strlist_push(out, r);
      } else {
        free(r);
      }
      free(p);
    }
    closedir(d);
  }
  free(dir);
}

static bool
mentions_error(const char* s, const char* e)
{
  for (; e - s >= 5; ++s) {
    if ((s[0] == 'e' || s[0] == 'E') && !strncmp(s + 1, "rror", 4)) {
      return true;
    }
  }
  return false;
}

// The line of a file that best explains a failure, trimmed and shortened
// for a note: the first one mentioning an error (warnings often come
// first), else the first non-blank one.  NULL when the file is blank.
static char*
first_line(const char* path)
{
  size_t len  = 0;
  char*  text = read_file(path, &len);
  if (!text) {
    return NULL;
  }
  const char* best     = NULL;
  const char* best_end = NULL;
  for (const char* s = text; s < text + len;) {
    const char* e = s;
    while (e < text + len && *e != '\n' && *e != '\r') {
      ++e;
    }
    const char* b = s;
    const char* t = e;
    while (b < t && (*b == ' ' || *b == '\t')) {
      ++b;
    }
    while (t > b && (t[-1] == ' ' || t[-1] == '\t')) {
      --t;
    }
    if (t > b && (!best || mentions_error(b, t))) {
      best     = b;
      best_end = t;
      if (mentions_error(b, t)) {
        break;
      }
    }
    s = e + 1;
  }
  char* result = NULL;
  if (best) {
    size_t full = (size_t)(best_end - best);
    size_t n    = full;
    if (n > NOTE_EXCERPT) {
      n = NOTE_EXCERPT;
      // Do not cut a UTF-8 sequence in half.
      while (n > 0 && ((unsigned char)best[n] & 0xC0) == 0x80) {
        --n;
      }
    }
    result = xmalloc(n + 4);
    for (size_t i = 0; i < n; ++i) {
      unsigned char c = (unsigned char)best[i];
      result[i]       = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
    }
    result[n] = '\0';
    if (n < full) {
      memcpy(result + n, "...", 4);
    }
  }
  free(text);
  return result;
}

/* ---- CSV (RFC 4180) -------------------------------------------------- */

typedef struct {
  StrList f;
  size_t  line; // line where the record starts
} CsvRow;

typedef struct {
  CsvRow* rows;
  size_t  n;
  size_t  cap;
} Csv;

static void
csv_free(Csv* csv)
{
  for (size_t i = 0; i < csv->n; ++i) {
    strlist_free(&csv->rows[i].f);
  }
  free(csv->rows);
}

typedef struct {
  char*  p;
  size_t len;
  size_t cap;
} Str;

static void
str_putc(Str* s, char c)
{
  if (s->len + 2 > s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->p   = xrealloc(s->p, s->cap);
  }
  s->p[s->len++] = c;
  s->p[s->len]   = '\0';
}

static char*
str_take(Str* s)
{
  char* r = s->p ? s->p : xstrdup("");
  s->p    = NULL;
  s->len  = 0;
  s->cap  = 0;
  return r;
}

// Parses CSV text: quoted fields may hold commas, line breaks and doubled
// quotes; records end at LF or CRLF; blank lines are skipped.
static bool
csv_parse(const char* text, size_t len, Csv* csv, size_t* err_line)
{
  size_t      line = 1;
  const char* p    = text;
  const char* end  = text + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
    p += 3;
  }
  while (p < end) {
    CsvRow row = { { 0 }, line };
    Str    f   = { 0 };
    for (;;) {
      // One field.
      if (p < end && *p == '"') {
        ++p;
        for (;;) {
          if (p >= end) {
            str_take(&f);
            free(f.p);
            strlist_free(&row.f);
            *err_line = row.line;
            return false;
          }
          if (*p == '"') {
            if (p + 1 < end && p[1] == '"') {
              str_putc(&f, '"');
              p += 2;
              continue;
            }
            ++p;
            break;
          }
          if (*p == '\n') {
            ++line;
          }
          str_putc(&f, *p++);
        }
      }
      // Unquoted text (or stray text after a closing quote).
      while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
        str_putc(&f, *p++);
      }
      strlist_push(&row.f, str_take(&f));
      if (p < end && *p == ',') {
        ++p;
        continue;
      }
      if (p < end && *p == '\r') {
        ++p;
      }
      if (p < end && *p == '\n') {
        ++p;
      }
      ++line;
      break;
    }
    if (row.f.n == 1 && !row.f.v[0][0]) {
      strlist_free(&row.f);
      continue;
    }
    if (csv->n == csv->cap) {
      csv->cap  = csv->cap ? csv->cap * 2 : 64;
      csv->rows = xrealloc(csv->rows, csv->cap * sizeof *csv->rows);
    }
    csv->rows[csv->n++] = row;
  }
  return true;
}

static void
csv_write_field(FILE* f, const char* s)
{
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; ++s) {
    if (*s == '"') {
      fputc('"', f);
    }
    fputc(*s, f);
  }
  fputc('"', f);
}

/* ---- metadata and known failures ------------------------------------- */

typedef struct {
  char*  id;
  char*  mapping;
  char*  base;   // "" when none
  char*  out[3]; // "" when none
  bool   error;
  size_t line;
} Case;

typedef struct {
  Case*  v;
  size_t n;
} Cases;

static int
cmp_case(const void* pa, const void* pb)
{
  return strcmp(((const Case*)pa)->id, ((const Case*)pb)->id);
}

static const char*
row_field(const CsvRow* r, long col)
{
  return col >= 0 && (size_t)col < r->f.n ? r->f.v[col] : "";
}

static char*
trimmed(const char* s)
{
  while (*s == ' ' || *s == '\t') {
    ++s;
  }
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
    --n;
  }
  char* r = xmalloc(n + 1);
  memcpy(r, s, n);
  r[n] = '\0';
  return r;
}

static bool
load_metadata(const char* path, Cases* out)
{
  size_t len  = 0;
  char*  text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "run_suite: cannot read %s: %s\n", path, strerror(errno));
    return false;
  }
  Csv    csv      = { 0 };
  size_t err_line = 0;
  if (!csv_parse(text, len, &csv, &err_line)) {
    fprintf(stderr, "%s:%zu: unterminated quoted field\n", path, err_line);
    free(text);
    return false;
  }
  free(text);
  if (!csv.n) {
    fprintf(stderr, "%s:1: no header row\n", path);
    csv_free(&csv);
    return false;
  }

  // Columns are found by header name: the suites differ in their columns.
  const char* names[] = { "ID",      "mapping", "base_iri", "output1",
                          "output2", "output3", "error" };
  long        col[7];
  for (size_t k = 0; k < 7; ++k) {
    col[k] = -1;
    for (size_t i = 0; i < csv.rows[0].f.n; ++i) {
      char* h = trimmed(csv.rows[0].f.v[i]);
      if (str_ieq(h, names[k])) {
        col[k] = (long)i;
      }
      free(h);
    }
  }
  if (col[0] < 0 || col[3] < 0 || col[6] < 0) {
    fprintf(stderr, "%s:1: header lacks ID, output1 or error\n", path);
    csv_free(&csv);
    return false;
  }

  bool ok = true;
  out->v  = xmalloc(csv.n * sizeof *out->v);
  out->n  = 0;
  for (size_t i = 1; i < csv.n && ok; ++i) {
    const CsvRow* r  = &csv.rows[i];
    Case*         c  = &out->v[out->n];
    char*         er = trimmed(row_field(r, col[6]));
    c->id            = trimmed(row_field(r, col[0]));
    c->mapping = col[1] >= 0 ? trimmed(row_field(r, col[1])) : xstrdup("");
    if (!c->mapping[0]) {
      free(c->mapping);
      c->mapping = xstrdup("mapping.ttl");
    }
    c->base = col[2] >= 0 ? trimmed(row_field(r, col[2])) : xstrdup("");
    for (int k = 0; k < 3; ++k) {
      c->out[k] = trimmed(row_field(r, col[3 + k]));
    }
    c->line = r->line;
    if (str_ieq(er, "true")) {
      c->error = true;
    } else if (str_ieq(er, "false")) {
      c->error = false;
    } else {
      fprintf(stderr,
              "%s:%zu: error column is '%s', not true/false\n",
              path,
              r->line,
              er);
      ok = false;
    }
    free(er);
    if (ok && !c->id[0]) {
      fprintf(stderr, "%s:%zu: empty ID\n", path, r->line);
      ok = false;
    }
    ++out->n;
  }
  csv_free(&csv);
  if (!ok) {
    return false;
  }
  qsort(out->v, out->n, sizeof *out->v, cmp_case);
  for (size_t i = 1; i < out->n; ++i) {
    if (!strcmp(out->v[i].id, out->v[i - 1].id)) {
      fprintf(stderr,
              "%s:%zu: duplicate ID %s\n",
              path,
              out->v[i].line,
              out->v[i].id);
      return false;
    }
  }
  return true;
}

static void
cases_free(Cases* cs)
{
  for (size_t i = 0; i < cs->n; ++i) {
    Case* c = &cs->v[i];
    free(c->id);
    free(c->mapping);
    free(c->base);
    for (int k = 0; k < 3; ++k) {
      free(c->out[k]);
    }
  }
  free(cs->v);
}

typedef struct {
  char*  id;
  char*  reason;
  size_t line;
} XFail;

typedef struct {
  XFail* v;
  size_t n;
} XFails;

// Reads "ID<TAB>reason" lines; '#' starts a comment line.
static bool
load_xfail(const char* path, XFails* out)
{
  size_t len  = 0;
  char*  text = read_file(path, &len);
  out->v      = NULL;
  out->n      = 0;
  if (!text) {
    fprintf(stderr, "run_suite: cannot read %s: %s\n", path, strerror(errno));
    return false;
  }
  size_t cap  = 0;
  size_t line = 0;
  for (char* s = text; s < text + len;) {
    char* e = s;
    while (e < text + len && *e != '\n') {
      ++e;
    }
    *e = '\0';
    ++line;
    char* l = s;
    s       = e + 1;
    while (*l == ' ' || *l == '\t' || *l == '\r') {
      ++l;
    }
    if (!*l || *l == '#') {
      continue;
    }
    char* sep = l;
    while (*sep && *sep != '\t' && *sep != ' ' && *sep != '\r') {
      ++sep;
    }
    char* reason = sep;
    if (*reason) {
      *reason++ = '\0';
    }
    if (out->n == cap) {
      cap    = cap ? cap * 2 : 64;
      out->v = xrealloc(out->v, cap * sizeof *out->v);
    }
    out->v[out->n].id     = xstrdup(l);
    out->v[out->n].reason = trimmed(reason);
    // Drop a trailing CR of CRLF files.
    size_t rl = strlen(out->v[out->n].reason);
    if (rl && out->v[out->n].reason[rl - 1] == '\r') {
      out->v[out->n].reason[rl - 1] = '\0';
    }
    out->v[out->n].line = line;
    ++out->n;
  }
  free(text);
  return true;
}

static const XFail*
xfail_find(const XFails* xf, const char* id)
{
  for (size_t i = 0; i < xf->n; ++i) {
    if (!strcmp(xf->v[i].id, id)) {
      return &xf->v[i];
    }
  }
  return NULL;
}

static void
xfails_free(XFails* xf)
{
  for (size_t i = 0; i < xf->n; ++i) {
    free(xf->v[i].id);
    free(xf->v[i].reason);
  }
  free(xf->v);
}

/* ---- processes ------------------------------------------------------- */

typedef enum {
  PROC_EXITED,
  PROC_SIGNALED,
  PROC_TIMEOUT,
  PROC_INTERRUPTED,
  PROC_SPAWN_FAILED
} ProcState;

typedef struct {
  ProcState state;
  int       code; // exit status, signal number or errno
} ProcResult;

static double
now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
reap(pid_t pid, int* status)
{
  while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
  }
}

// Runs argv in its own process group with stdin from /dev/null and
// stdout/stderr to files, in directory cwd.  The whole group is killed on
// timeout or interruption, and after the main process ends (so no helper
// the tool left behind keeps running).
static ProcResult
run_process(char* const argv[],
            bool        search_path,
            const char* cwd,
            const char* out_path,
            const char* err_path,
            double      timeout)
{
  ProcResult res = { PROC_SPAWN_FAILED, 0 };
  int        fds[2];
  int        in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  // The child reports a failed exec through this close-on-exec pipe.
  int setup_failed = in >= 0 && out >= 0 && err >= 0 ? pipe(fds) : -1;
  if (setup_failed) {
    res.code = errno;
    goto done;
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);

  pid_t pid = fork();
  if (pid < 0) {
    res.code = errno;
    close(fds[0]);
    close(fds[1]);
    goto done;
  }
  if (pid == 0) {
    setpgid(0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int e = 0;
    // fcntl clears close-on-exec in case dup2 had nothing to do.
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
        fcntl(0, F_SETFD, 0) || fcntl(1, F_SETFD, 0) || fcntl(2, F_SETFD, 0) ||
        (cwd && chdir(cwd))) {
      e = errno;
    } else {
      if (search_path) {
        execvp(argv[0], argv);
      } else {
        execv(argv[0], argv);
      }
      e = errno;
    }
    ssize_t w = write(fds[1], &e, sizeof e);
    (void)w;
    _exit(127);
  }
  setpgid(pid, pid); // also in the parent, so kill(-pid) works at once
  close(fds[1]);
  int     child_errno = 0;
  ssize_t r           = 0;
  while ((r = read(fds[0], &child_errno, sizeof child_errno)) < 0 &&
         errno == EINTR) {
  }
  close(fds[0]);

  int    status = 0;
  double start  = now_seconds();
  long   nap_ns = 1000000;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      break;
    }
    if (w < 0 && errno != EINTR) {
      res.state = PROC_SPAWN_FAILED;
      res.code  = errno;
      kill(-pid, SIGKILL);
      goto done;
    }
    bool late = now_seconds() - start >= timeout;
    if (late || g_interrupted) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      reap(pid, &status);
      res.state = late ? PROC_TIMEOUT : PROC_INTERRUPTED;
      res.code  = 0;
      goto done;
    }
    struct timespec nap = { 0, nap_ns };
    nanosleep(&nap, NULL);
    if (nap_ns < 50000000) {
      nap_ns *= 2;
    }
  }
  kill(-pid, SIGKILL);
  if (r == (ssize_t)sizeof child_errno) {
    res.state = PROC_SPAWN_FAILED;
    res.code  = child_errno;
  } else if (WIFSIGNALED(status)) {
    res.state = PROC_SIGNALED;
    res.code  = WTERMSIG(status);
  } else {
    res.state = PROC_EXITED;
    res.code  = WEXITSTATUS(status);
  }

done:
  if (in >= 0) {
    close(in);
  }
  if (out >= 0) {
    close(out);
  }
  if (err >= 0) {
    close(err);
  }
  if (setup_failed && res.state == PROC_SPAWN_FAILED && !res.code) {
    res.code = EIO;
  }
  return res;
}

/* ---- comparing outputs ----------------------------------------------- */

typedef struct {
  const char* suite;
  const char* dir;
  const char* ldexport;
  const char* work;
  double      timeout;
  bool        verbose;
  unsigned    tmp_counter; // unique names for conversion files
} Ctx;

typedef struct {
  const Case* c;
  const char* src;     // case folder in the suite
  const char* scratch; // working copy
  char*       cmpdir;  // scratch/ldexport-compare
  FILE*       diff;    // scratch/ldexport-diff.txt, opened on demand
} Run;

typedef enum { FMT_NQUADS, FMT_RAPPER, FMT_JSONLD, FMT_NONE } FmtKind;

typedef struct {
  FmtKind     kind;
  const char* parser; // rapper -i value
  const char* label;  // for notes
} Fmt;

static Fmt
format_of(const char* name)
{
  static const struct {
    const char* ext;
    Fmt         fmt;
  } table[] = {
    { ".nq", { FMT_NQUADS, NULL, "N-Quads" } },
    { ".nt", { FMT_NQUADS, NULL, "N-Triples" } },
    { ".nquads", { FMT_NQUADS, NULL, "N-Quads" } },
    { ".ntriples", { FMT_NQUADS, NULL, "N-Triples" } },
    { ".ttl", { FMT_RAPPER, "turtle", "Turtle" } },
    { ".turtle", { FMT_RAPPER, "turtle", "Turtle" } },
    // rapper has no N3 parser; the suites' N3 is plain Turtle.
    { ".n3", { FMT_RAPPER, "turtle", "N3" } },
    { ".trig", { FMT_RAPPER, "trig", "TriG" } },
    { ".rdf", { FMT_RAPPER, "rdfxml", "RDF/XML" } },
    { ".rdfxml", { FMT_RAPPER, "rdfxml", "RDF/XML" } },
    { ".owl", { FMT_RAPPER, "rdfxml", "RDF/XML" } },
    { ".xml", { FMT_RAPPER, "rdfxml", "RDF/XML" } },
    { ".rdfjson", { FMT_RAPPER, "json", "RDF/JSON" } },
    { ".rj", { FMT_RAPPER, "json", "RDF/JSON" } },
    // JSON-LD is read back by pyld (tests/jsonld/tordf.py), offline.
    { ".jsonld", { FMT_JSONLD, NULL, "JSON-LD" } },
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i) {
    if (ends_with(name, table[i].ext)) {
      return table[i].fmt;
    }
  }
  const char* dot = strrchr(name, '.');
  Fmt         f   = { FMT_NONE, NULL, dot ? dot + 1 : name };
  return f;
}

typedef enum { PACK_NONE, PACK_STREAM, PACK_TAR, PACK_ZIP } PackKind;

typedef struct {
  PackKind    kind;
  const char* tool; // decompressor for PACK_STREAM
  size_t      suffix_len;
} Pack;

static Pack
packing_of(const char* name)
{
  static const struct {
    const char* ext;
    Pack        pack;
  } table[] = {
    { ".tar.gz", { PACK_TAR, NULL, 7 } },
    { ".tgz", { PACK_TAR, NULL, 4 } },
    { ".tar.xz", { PACK_TAR, NULL, 7 } },
    { ".txz", { PACK_TAR, NULL, 4 } },
    { ".tar.bz2", { PACK_TAR, NULL, 8 } },
    { ".tar", { PACK_TAR, NULL, 4 } },
    { ".zip", { PACK_ZIP, NULL, 4 } },
    { ".gz", { PACK_STREAM, "gzip", 3 } },
    { ".xz", { PACK_STREAM, "xz", 3 } },
    { ".bz2", { PACK_STREAM, "bzip2", 4 } },
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i) {
    if (ends_with(name, table[i].ext)) {
      return table[i].pack;
    }
  }
  Pack none = { PACK_NONE, NULL, 0 };
  return none;
}

// Runs a helper tool; on failure returns false with a short reason.
static bool
run_helper(Ctx*        ctx,
           char* const argv[],
           const char* out_path,
           const char* err_path,
           char**      why)
{
  ProcResult r =
    run_process(argv, true, NULL, out_path, err_path, HELPER_TIMEOUT);
  (void)ctx;
  switch (r.state) {
    case PROC_EXITED:
      if (r.code == 0) {
        return true;
      } else {
        char* line = first_line(err_path);
        *why = line ? line : xasprintf("%s exited with %d", argv[0], r.code);
      }
      break;
    case PROC_SIGNALED:
      *why = xasprintf("%s killed by signal %d", argv[0], r.code);
      break;
    case PROC_TIMEOUT:
      *why = xasprintf("%s timed out", argv[0]);
      break;
    case PROC_INTERRUPTED:
      *why = xasprintf("interrupted");
      break;
    case PROC_SPAWN_FAILED:
      *why = xasprintf("%s not available: %s", argv[0], strerror(r.code));
      break;
  }
  return false;
}

// 16 if the file starts with a UTF-16 byte order mark, else 8.
static int
text_encoding(const char* path)
{
  unsigned char b[2] = { 0, 0 };
  FILE*         f    = fopen(path, "rb");
  size_t        n    = f ? fread(b, 1, 2, f) : 0;
  if (f) {
    fclose(f);
  }
  return n == 2 &&
             ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
           ? 16
           : 8;
}

static FILE*
run_diff(Run* run)
{
  if (!run->diff) {
    char* p   = xasprintf("%s/ldexport-diff.txt", run->scratch);
    run->diff = fopen(p, "w");
    free(p);
  }
  return run->diff;
}

static bool
compare_file(Ctx*        ctx,
             Run*        run,
             const char* exp_path,
             const char* act_path,
             const char* name,
             const char* label,
             char**      note);

// Converts a file with rapper to N-Quads; returns the new path or NULL.
static char*
rapper_convert(Ctx*        ctx,
               Run*        run,
               const char* parser,
               const char* path,
               const char* side,
               char**      why)
{
  unsigned k      = ++ctx->tmp_counter;
  char*    out    = xasprintf("%s/%u-%s.nq", run->cmpdir, k, side);
  char*    err    = xasprintf("%s/%u-%s.rapper-stderr", run->cmpdir, k, side);
  char*    argv[] = { (char*)"rapper", (char*)"-q",         (char*)"-i",
                      (char*)parser,   (char*)"-o",         (char*)"nquads",
                      (char*)path,     (char*)CONVERT_BASE, NULL };
  bool     ok     = run_helper(ctx, argv, out, err, why);
  free(err);
  if (!ok) {
    free(out);
    return NULL;
  }
  return out;
}

// Converts JSON-LD to N-Quads with pyld (Debian python3-pyld) through the
// project's offline script; the schema.org context comes from data/.
static char*
jsonld_convert(Ctx*        ctx,
               Run*        run,
               const char* path,
               const char* side,
               char**      why)
{
  const char* top = getenv("LDX_TOP_SRCDIR");
  if (!top) {
    *why = xasprintf("LDX_TOP_SRCDIR is not set (needed to find tordf.py)");
    return NULL;
  }
  unsigned k      = ++ctx->tmp_counter;
  char*    out    = xasprintf("%s/%u-%s.nq", run->cmpdir, k, side);
  char*    err    = xasprintf("%s/%u-%s.pyld-stderr", run->cmpdir, k, side);
  char*    script = xasprintf("%s/tests/jsonld/tordf.py", top);
  char* context   = xasprintf("%s/data/schemaorg/schemaorgcontext.jsonld", top);
  char* argv[]    = {
       (char*)"/usr/bin/python3", script, context, (char*)path, NULL
  };
  bool ok = run_helper(ctx, argv, out, err, why);
  free(err);
  free(script);
  free(context);
  if (!ok) {
    free(out);
    return NULL;
  }
  return out;
}

static bool
compare_nquads(Run*        run,
               const char* exp_path,
               const char* act_path,
               const char* label,
               char**      note)
{
  char       err[1024] = "";
  RcTerms*   terms     = rc_terms_new();
  RcDataset* exp       = rc_parse_file(terms, exp_path, err, sizeof err);
  RcDataset* act       = NULL;
  bool       equal     = false;
  if (!exp) {
    // Name the file by its base name, not the long suite path.
    const char* base = strrchr(exp_path, '/');
    base             = base ? base + 1 : exp_path;
    const char* m    = strstr(err, exp_path);
    m                = m ? m + strlen(exp_path) : err;
    *note = xasprintf("cannot parse expected %s: %s%s", label, base, m);
  } else if (!(act = rc_parse_file(terms, act_path, err, sizeof err))) {
    // Keep only LINE: message; the path is the scratch file.
    const char* m = strstr(err, act_path);
    m             = m ? m + strlen(act_path) + 1 : err;
    *note         = xasprintf("%s not N-Quads: line %s", label, m);
  } else {
    FILE* d = run_diff(run);
    if (d) {
      fprintf(d, "=== %s ===\n", label);
    }
    RcDiffStats st = { 0, 0 };
    RcResult    r  = rc_compare(terms, exp, act, d, &st);
    if (r == RC_EQUAL) {
      equal = true;
      if (d) {
        fputs("equal\n", d);
      }
    } else if (r == RC_ERROR) {
      *note = xasprintf("%s: blank node matching gave up", label);
    } else {
      *note = xasprintf(
        "%s differs: %zu missing, %zu extra", label, st.missing, st.extra);
    }
  }
  rc_dataset_free(exp);
  rc_dataset_free(act);
  rc_terms_free(terms);
  return equal;
}

static bool
compare_archive(Ctx*        ctx,
                Run*        run,
                Pack        pack,
                const char* exp_path,
                const char* act_path,
                const char* label,
                char**      note)
{
  unsigned    k = ++ctx->tmp_counter;
  char*       dirs[2];
  bool        ok       = true;
  char*       why      = NULL;
  const char* paths[2] = { exp_path, act_path };
  for (int side = 0; side < 2; ++side) {
    dirs[side] =
      xasprintf("%s/%u-%s.d", run->cmpdir, k, side ? "actual" : "expected");
    char* err = xasprintf("%s.stderr", dirs[side]);
    mkdir_p(dirs[side]);
    if (ok) {
      char* tar[] = { (char*)"tar", (char*)"-xf", (char*)paths[side],
                      (char*)"-C",  dirs[side],   NULL };
      char* zip[] = {
        (char*)"unzip", (char*)"-q", (char*)"-o", (char*)paths[side],
        (char*)"-d",    dirs[side],  NULL
      };
      char* out = xasprintf("%s.stdout", dirs[side]);
      if (!run_helper(ctx, pack.kind == PACK_TAR ? tar : zip, out, err, &why)) {
        *note = xasprintf(
          "%s%s: cannot unpack: %s", side ? "" : "expected ", label, why);
        free(why);
        ok = false;
      }
      free(out);
    }
    free(err);
  }
  if (ok) {
    StrList em = { 0 };
    StrList am = { 0 };
    list_files(dirs[0], NULL, &em);
    list_files(dirs[1], NULL, &am);
    for (size_t i = 0; i < em.n; ++i) {
      char* m = xasprintf("%s:%s", label, em.v[i]);
      if (!strlist_has(&am, em.v[i])) {
        note_add(note, xasprintf("%s missing", m));
        ok = false;
      } else {
        char* e     = xasprintf("%s/%s", dirs[0], em.v[i]);
        char* a     = xasprintf("%s/%s", dirs[1], em.v[i]);
        char* mnote = NULL;
        if (!compare_file(ctx, run, e, a, em.v[i], m, &mnote)) {
          note_add(note, mnote);
          ok = false;
        }
        free(e);
        free(a);
      }
      free(m);
    }
    for (size_t i = 0; i < am.n; ++i) {
      if (!strlist_has(&em, am.v[i])) {
        note_add(note, xasprintf("%s:%s not expected", label, am.v[i]));
        ok = false;
      }
    }
    strlist_free(&em);
    strlist_free(&am);
  }
  free(dirs[0]);
  free(dirs[1]);
  return ok;
}

// Compares one expected file with the tool's file.  name decides the format
// (its extension); label names it in notes.
static bool
compare_file(Ctx*        ctx,
             Run*        run,
             const char* exp_path,
             const char* act_path,
             const char* name,
             const char* label,
             char**      note)
{
  Pack pack = packing_of(name);
  if (pack.kind == PACK_TAR || pack.kind == PACK_ZIP) {
    return compare_archive(ctx, run, pack, exp_path, act_path, label, note);
  }
  if (pack.kind == PACK_STREAM) {
    // Decompress both sides, then compare what is inside.
    size_t   n     = strlen(name) - pack.suffix_len;
    char*    inner = xasprintf("%.*s", (int)n, name);
    unsigned k     = ++ctx->tmp_counter;
    char*    ed    = xasprintf("%s/%u-expected-%s", run->cmpdir, k, inner);
    char*    ad    = xasprintf("%s/%u-actual-%s", run->cmpdir, k, inner);
    char*    err   = xasprintf("%s/%u.stderr", run->cmpdir, k);
    char*    why   = NULL;
    char*    ea[]  = { (char*)pack.tool, (char*)"-dc", (char*)exp_path, NULL };
    char*    aa[]  = { (char*)pack.tool, (char*)"-dc", (char*)act_path, NULL };
    bool     ok    = false;
    if (!run_helper(ctx, ea, ed, err, &why)) {
      *note = xasprintf("cannot compare %s yet: %s", label, why);
    } else if (!run_helper(ctx, aa, ad, err, &why)) {
      *note = xasprintf("%s: cannot decompress: %s", label, why);
    } else {
      ok = compare_file(ctx, run, ed, ad, inner, label, note);
    }
    free(why);
    free(inner);
    free(ed);
    free(ad);
    free(err);
    return ok;
  }

  // Encodings must agree (io has UTF-16 targets); the parser reads both.
  int ee = text_encoding(exp_path);
  int ae = text_encoding(act_path);
  if (ee != ae) {
    *note = xasprintf("%s: expected UTF-%d text, got UTF-%d", label, ee, ae);
    return false;
  }

  Fmt fmt = format_of(name);
  if (fmt.kind == FMT_NQUADS) {
    return compare_nquads(run, exp_path, act_path, label, note);
  }
  if (fmt.kind == FMT_NONE) {
    *note = xasprintf("cannot compare %s yet", fmt.label);
    return false;
  }
  char* why = NULL;
  char* e =
    fmt.kind == FMT_JSONLD
      ? jsonld_convert(ctx, run, exp_path, "expected", &why)
      : rapper_convert(ctx, run, fmt.parser, exp_path, "expected", &why);
  if (!e) {
    *note = xasprintf("cannot compare %s yet: cannot read expected %s: %s",
                      fmt.label,
                      label,
                      why);
    free(why);
    return false;
  }
  char* a  = fmt.kind == FMT_JSONLD
               ? jsonld_convert(ctx, run, act_path, "actual", &why)
               : rapper_convert(ctx, run, fmt.parser, act_path, "actual", &why);
  bool  ok = false;
  if (!a) {
    *note = xasprintf("%s not %s: %s", label, fmt.label, why);
    free(why);
  } else {
    ok = compare_nquads(run, e, a, label, note);
  }
  free(e);
  free(a);
  return ok;
}

/* ---- running one case ------------------------------------------------ */

static bool
valid_id(const char* id)
{
  return id[0] && strcmp(id, ".") && strcmp(id, "..") && !strchr(id, '/');
}

// dumpN.* files that a row could not name (metadata has only three output
// columns, RMLTTC0002e has four outputs) are expected outputs too.
static bool
is_unlisted_dump(const char* name)
{
  if (strncmp(name, "dump", 4)) {
    return false;
  }
  const char* p = name + 4;
  if (*p < '0' || *p > '9') {
    return false;
  }
  while (*p >= '0' && *p <= '9') {
    ++p;
  }
  return *p == '.';
}

static char*
exit_note(const ProcResult* r, const char* err_path)
{
  switch (r->state) {
    case PROC_TIMEOUT:
      return xstrdup("timeout");
    case PROC_INTERRUPTED:
      return xstrdup("interrupted");
    case PROC_SIGNALED:
      return xasprintf("killed by signal %d", r->code);
    case PROC_SPAWN_FAILED:
      return xasprintf("cannot run ldexport: %s", strerror(r->code));
    case PROC_EXITED:
      break;
  }
  char* line = first_line(err_path);
  char* note = line ? xasprintf("exit %d: %s", r->code, line)
                    : xasprintf("exit %d, empty stderr", r->code);
  free(line);
  return note;
}

static bool
run_case(Ctx* ctx, const Case* c, char** note, bool* interrupted, bool* skipped)
{
  *note    = NULL;
  *skipped = false;
  if (!valid_id(c->id)) {
    *note = xstrdup("bad test case id");
    return false;
  }
  char* src     = xasprintf("%s/%s", ctx->dir, c->id);
  char* scratch = xasprintf("%s/%s", ctx->work, c->id);
  Run   run     = { c, src, scratch, NULL, NULL };
  bool  passed  = false;
  char* schema  = NULL; // a D2RQ case's database (pg_case.h)

  // Expected outputs stay out of the copy and are compared afterwards.
  StrList outputs = { 0 };
  for (int k = 0; k < 3; ++k) {
    if (c->out[k][0] && !strlist_has(&outputs, c->out[k])) {
      strlist_push(&outputs, xstrdup(c->out[k]));
    }
  }
  if (!c->error) {
    DIR* d = opendir(src);
    if (d) {
      struct dirent* e = NULL;
      while ((e = readdir(d))) {
        if (is_unlisted_dump(e->d_name) && !strlist_has(&outputs, e->d_name)) {
          strlist_push(&outputs, xstrdup(e->d_name));
        }
      }
      closedir(d);
    }
  }

  char* out_path = xasprintf("%s/ldexport-stdout.txt", scratch);
  char* err_path = xasprintf("%s/ldexport-stderr.txt", scratch);
  if (!is_dir(src)) {
    *note = xstrdup("case folder missing");
    goto done;
  }
  if (rm_tree(scratch) || copy_tree(src, scratch, &outputs)) {
    *note = xasprintf("cannot prepare %s: %s", scratch, strerror(errno));
    goto done;
  }
  switch (pg_case_prepare(scratch, c->id, c->mapping, &schema, note)) {
    case PG_CASE_SKIP:
      *skipped = true;
      *note    = xstrdup("needs a PostgreSQL server (LDX_TEST_PG_DSN)");
      goto done;
    case PG_CASE_ERROR:
      goto done;
    case PG_CASE_NONE:
    case PG_CASE_READY:
      break;
  }

  char* argv[8];
  int   argc   = 0;
  argv[argc++] = (char*)ctx->ldexport;
  argv[argc++] = (char*)"map";
  argv[argc++] = c->mapping;
  argv[argc++] = (char*)"-o";
  argv[argc++] = (char*)DEFAULT_OUTPUT;
  if (c->base[0]) {
    argv[argc++] = (char*)"--base";
    argv[argc++] = c->base;
  }
  argv[argc] = NULL;
  ProcResult r =
    run_process(argv, false, scratch, out_path, err_path, ctx->timeout);
  if (r.state == PROC_INTERRUPTED) {
    *interrupted = true;
  }

  if (c->error) {
    if (r.state != PROC_EXITED) {
      *note = exit_note(&r, err_path);
    } else if (r.code == 0) {
      *note = xstrdup("expected an error, exit 0");
    } else {
      char* line = first_line(err_path);
      if (line) {
        passed = true;
        *note  = xasprintf("exit %d: %s", r.code, line);
      } else {
        *note = xasprintf("expected an error message, exit %d with empty "
                          "stderr",
                          r.code);
      }
      free(line);
    }
    goto done;
  }

  if (r.state != PROC_EXITED || r.code != 0) {
    *note = exit_note(&r, err_path);
    goto done;
  }
  run.cmpdir = xasprintf("%s/ldexport-compare", scratch);
  mkdir_p(run.cmpdir);
  passed = true;
  for (size_t i = 0; i < outputs.n; ++i) {
    // output1 is the default output, written where -o said.
    bool        is_default = !strcmp(outputs.v[i], c->out[0]);
    const char* actual     = is_default ? DEFAULT_OUTPUT : outputs.v[i];
    char*       exp        = xasprintf("%s/%s", src, outputs.v[i]);
    char*       act        = xasprintf("%s/%s", scratch, actual);
    char*       onote      = NULL;
    if (!exists(act)) {
      onote = xasprintf("%s not written", actual);
    } else {
      compare_file(ctx,
                   &run,
                   exp,
                   act,
                   outputs.v[i],
                   is_default ? "output" : outputs.v[i],
                   &onote);
    }
    if (onote) {
      passed = false;
      note_add(note, onote);
    }
    free(exp);
    free(act);
  }

done:
  pg_case_cleanup(schema);
  free(schema);
  if (run.diff) {
    fclose(run.diff);
  }
  strlist_free(&outputs);
  free(run.cmpdir);
  free(out_path);
  free(err_path);
  free(src);
  free(scratch);
  return passed;
}

/* ---- main ------------------------------------------------------------ */

static void
usage(FILE* f)
{
  fputs(
    "Usage: run_suite --suite NAME --dir DIR --xfail FILE --ldexport PATH\n"
    "                 --work DIR --report FILE.csv [OPTION]...\n"
    "Run an RML conformance suite (DIR/metadata.csv) against ldexport.\n"
    "\n"
    "  --timeout SECS   per-case time limit (default 60)\n"
    "  --only ID[,ID]   run only these cases (repeatable)\n"
    "  -v, --verbose    print every result, not only unexpected ones\n"
    "\n"
    "Exit status: 0 all results as expected, 1 unexpected results or a bad\n"
    "known-failures list, 2 usage or setup error.\n",
    f);
}

static void
on_signal(int sig)
{
  g_interrupted = sig;
}

int
main(int argc, char** argv)
{
  const char* suite    = NULL;
  const char* dir      = NULL;
  const char* xfile    = NULL;
  const char* ldexport = NULL;
  const char* work     = NULL;
  const char* report   = NULL;
  double      timeout  = 60.0;
  bool        verbose  = false;
  StrList     only     = { 0 };

  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      verbose = true;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "run_suite: bad or incomplete option '%s'\n", a);
      usage(stderr);
      return EXIT_SETUP;
    }
    const char* v = argv[++i];
    if (!strcmp(a, "--suite")) {
      suite = v;
    } else if (!strcmp(a, "--dir")) {
      dir = v;
    } else if (!strcmp(a, "--xfail")) {
      xfile = v;
    } else if (!strcmp(a, "--ldexport")) {
      ldexport = v;
    } else if (!strcmp(a, "--work")) {
      work = v;
    } else if (!strcmp(a, "--report")) {
      report = v;
    } else if (!strcmp(a, "--timeout")) {
      char* end = NULL;
      timeout   = strtod(v, &end);
      if (!*v || *end || !(timeout > 0)) {
        fprintf(stderr, "run_suite: bad timeout '%s'\n", v);
        return EXIT_SETUP;
      }
    } else if (!strcmp(a, "--only")) {
      char* copy = xstrdup(v);
      for (char *s = copy, *e = NULL; s; s = e) {
        e = strchr(s, ',');
        if (e) {
          *e++ = '\0';
        }
        if (*s) {
          strlist_push(&only, xstrdup(s));
        }
      }
      free(copy);
    } else {
      fprintf(stderr, "run_suite: unknown option '%s'\n", a);
      usage(stderr);
      return EXIT_SETUP;
    }
  }
  if (!suite || !dir || !xfile || !ldexport || !work || !report) {
    usage(stderr);
    return EXIT_SETUP;
  }

  // The tool runs in the scratch folder, so it needs an absolute path.
  char* tool = realpath(ldexport, NULL);
  if (!tool || access(tool, X_OK) || is_dir(tool)) {
    fprintf(stderr,
            "run_suite: cannot execute ldexport '%s': %s\n",
            ldexport,
            tool ? (is_dir(tool) ? "is a directory" : strerror(errno))
                 : strerror(errno));
    free(tool);
    return EXIT_SETUP;
  }

  Cases cases = { 0 };
  char* meta  = xasprintf("%s/metadata.csv", dir);
  bool  ok    = load_metadata(meta, &cases);
  free(meta);
  XFails xf = { 0 };
  if (ok) {
    ok = load_xfail(xfile, &xf);
  }
  if (ok && mkdir_p(work)) {
    fprintf(stderr, "run_suite: cannot create %s: %s\n", work, strerror(errno));
    ok = false;
  }
  FILE* rep = NULL;
  if (ok) {
    char* rdir  = xstrdup(report);
    char* slash = strrchr(rdir, '/');
    if (slash && slash != rdir) {
      *slash = '\0';
      mkdir_p(rdir);
    }
    free(rdir);
    rep = fopen(report, "w");
    if (!rep) {
      fprintf(
        stderr, "run_suite: cannot write %s: %s\n", report, strerror(errno));
      ok = false;
    }
  }
  if (!ok) {
    cases_free(&cases);
    xfails_free(&xf);
    strlist_free(&only);
    free(tool);
    return EXIT_SETUP;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);

  const char* xname = strrchr(xfile, '/') ? strrchr(xfile, '/') + 1 : xfile;
  bool        bad   = false;
  for (size_t i = 0; i < xf.n; ++i) {
    Case key = { .id = xf.v[i].id };
    if (!bsearch(&key, cases.v, cases.n, sizeof *cases.v, cmp_case)) {
      printf("%s:%zu: %s is not a test case of %s\n",
             xname,
             xf.v[i].line,
             xf.v[i].id,
             suite);
      bad = true;
    }
    for (size_t j = 0; j < i; ++j) {
      if (!strcmp(xf.v[i].id, xf.v[j].id)) {
        printf("%s:%zu: %s listed twice\n", xname, xf.v[i].line, xf.v[i].id);
        bad = true;
      }
    }
  }
  for (size_t i = 0; i < only.n; ++i) {
    Case key = { .id = only.v[i] };
    if (!bsearch(&key, cases.v, cases.n, sizeof *cases.v, cmp_case)) {
      fprintf(
        stderr, "run_suite: --only %s: no such case in %s\n", only.v[i], suite);
      bad = true;
    }
  }
  fflush(stdout);

  Ctx    ctx   = { suite, dir, tool, work, timeout, verbose, 0 };
  size_t npass = 0, nfail = 0, nskip = 0, nunexpected = 0;
  bool   interrupted = false;
  fputs("testcase_id,status,notes\n", rep);
  for (size_t i = 0; i < cases.n && !interrupted; ++i) {
    const Case* c = &cases.v[i];
    if (only.n && !strlist_has(&only, c->id)) {
      continue;
    }
    char*        note    = NULL;
    bool         skipped = false;
    bool         passed  = run_case(&ctx, c, &note, &interrupted, &skipped);
    const XFail* x       = xfail_find(&xf, c->id);
    if (interrupted) {
      free(note);
      break;
    }
    if (skipped) { // neither a pass nor a failure
      ++nskip;
      csv_write_field(rep, c->id);
      fputs(",skipped,", rep);
      csv_write_field(rep, note);
      fputc('\n', rep);
      if (verbose) {
        printf("%s: skipped %s: %s\n", suite, c->id, note);
      }
      free(note);
      continue;
    }
    passed ? ++npass : ++nfail;
    csv_write_field(rep, c->id);
    fputs(passed ? ",passed," : ",failed,", rep);
    if (!passed && x && x->reason[0]) {
      // A known failure carries its justification from the xfail list.
      char* why =
        xasprintf("known: %s; observed: %s", x->reason, note ? note : "");
      csv_write_field(rep, why);
      free(why);
    } else {
      csv_write_field(rep, note ? note : "");
    }
    fputc('\n', rep);
    if (!passed && !x) {
      ++nunexpected;
      printf("%s: unexpected failure: %s: %s [%s/%s]\n",
             suite,
             c->id,
             note ? note : "",
             work,
             c->id);
    } else if (passed && x) {
      ++nunexpected;
      printf("%s: unexpected pass: %s is listed in %s (%s); remove it from "
             "the list\n",
             suite,
             c->id,
             xname,
             x->reason[0] ? x->reason : "no reason");
    } else if (verbose) {
      printf("%s: %s %s%s%s\n",
             suite,
             passed ? "pass" : "expected failure",
             c->id,
             note ? ": " : "",
             note ? note : "");
    }
    fflush(stdout);
    free(note);
  }
  bool write_failed = ferror(rep) != 0;
  if (fclose(rep) || write_failed) {
    fprintf(stderr, "run_suite: error writing %s\n", report);
    bad = true;
  }
  int status = nunexpected || bad ? EXIT_UNEXPECTED : 0;
  if (interrupted) {
    printf("%s: interrupted\n", suite);
    status = EXIT_INTERRUPTED;
  }
  if (nskip) {
    printf(
      "%s: %zu passed, %zu failed, %zu skipped\n", suite, npass, nfail, nskip);
  } else {
    printf("%s: %zu passed, %zu failed\n", suite, npass, nfail);
  }

  cases_free(&cases);
  xfails_free(&xf);
  strlist_free(&only);
  free(tool);
  return status;
}
