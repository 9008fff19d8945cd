// SPDX-License-Identifier: MIT
// Conformance cases on the PostgreSQL test server (see pg_case.h).  The
// server parses the CSV files itself (COPY ... FORMAT csv); only the header
// row is read here, for the column names.
#include "pg_case.h"

#include <ctype.h>
#include <dirent.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GNUC__)
#  define PG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define PG_PRINTF(f, a)
#endif

static const char* const PLACEHOLDERS[] = { "$CONNECTIONDSN",
                                            "$USERNAME",
                                            "$PASSWORD" };

static char* PG_PRINTF(1, 2) fmt(const char* format, ...)
{
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(NULL, 0, format, ap);
  va_end(ap);
  char* s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!s) {
    fputs("run_suite: out of memory\n", stderr);
    exit(2);
  }
  va_start(ap, format);
  vsnprintf(s, (size_t)n + 1, format, ap);
  va_end(ap);
  return s;
}

static char*
slurp(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char*  s   = malloc(cap);
  size_t got = 0;
  while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap) {
      char* t = realloc(s, cap *= 2);
      if (!t) {
        free(s);
      }
      s = t;
    }
  }
  fclose(f);
  if (s) {
    s[n] = '\0';
    *len = n;
  }
  return s;
}

// A SQL identifier in double quotes.
static char*
quote_ident(const char* name)
{
  char*  q = malloc(2 * strlen(name) + 3);
  size_t n = 0;
  if (!q) {
    exit(2);
  }
  q[n++] = '"';
  for (const char* p = name; *p; ++p) {
    if (*p == '"') {
      q[n++] = '"';
    }
    q[n++] = *p;
  }
  q[n++] = '"';
  q[n]   = '\0';
  return q;
}

static bool
exec_ok(PGconn* pg, const char* sql, char** note)
{
  PGresult* res = PQexec(pg, sql);
  bool      ok  = PQresultStatus(res) == PGRES_COMMAND_OK ||
            PQresultStatus(res) == PGRES_TUPLES_OK;
  if (!ok && !*note) {
    const char* m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    *note         = fmt("PostgreSQL: %s", m ? m : PQerrorMessage(pg));
  }
  PQclear(res);
  return ok;
}

// The fields of the CSV header row (RFC 4180), NULL-terminated.
static char**
header_of(const char* text)
{
  size_t      cap = 8, n = 0;
  char**      cols = calloc(cap, sizeof(char*));
  const char* p    = text;
  if (!strncmp(p, "\xEF\xBB\xBF", 3)) {
    p += 3;
  }
  for (bool more = cols != NULL; more;) {
    size_t len = 0, fcap = 32;
    char*  f = malloc(fcap);
    bool   q = *p == '"';
    p += q;
    for (; *p; ++p) {
      if (q && *p == '"' && p[1] == '"') {
        ++p;
      } else if (q && *p == '"') {
        q = false;
        continue;
      } else if (!q && (*p == ',' || *p == '\n' || *p == '\r')) {
        break;
      }
      if (len + 2 > fcap) {
        f = realloc(f, fcap *= 2);
      }
      f[len++] = *p;
    }
    f[len] = '\0';
    more   = *p == ',';
    p += more;
    if (n + 2 > cap) {
      cols = realloc(cols, (cap *= 2) * sizeof(char*));
    }
    cols[n++] = f;
    cols[n]   = NULL;
  }
  return cols;
}

static bool
load_csv(PGconn*     pg,
         const char* dir,
         const char* file,
         const char* schema,
         char**      note)
{
  char*  path = fmt("%s/%s", dir, file);
  size_t len  = 0;
  char*  text = slurp(path, &len);
  free(path);
  if (!text) {
    *note = fmt("cannot read %s", file);
    return false;
  }
  char*  name = fmt("%.*s", (int)(strlen(file) - 4), file);
  char*  qs   = quote_ident(schema);
  char*  qt   = quote_ident(name);
  char** cols = header_of(text);
  char*  sql  = fmt("CREATE TABLE %s.%s (", qs, qt);
  for (size_t i = 0; cols && cols[i]; ++i) {
    char* qc   = quote_ident(cols[i]);
    char* next = fmt("%s%s%s text", sql, i ? ", " : "", qc);
    free(qc);
    free(sql);
    sql = next;
  }
  char* create = fmt("%s)", sql);
  free(sql);
  bool ok = exec_ok(pg, create, note);
  free(create);
  char* copy =
    fmt("COPY %s.%s FROM STDIN WITH (FORMAT csv, HEADER true)", qs, qt);
  if (ok) {
    PGresult* res = PQexec(pg, copy);
    ok            = PQresultStatus(res) == PGRES_COPY_IN;
    PQclear(res);
    ok = ok && PQputCopyData(pg, text, (int)len) == 1 &&
         PQputCopyEnd(pg, NULL) == 1;
    while ((res = PQgetResult(pg))) {
      if (PQresultStatus(res) != PGRES_COMMAND_OK && !*note) {
        const char* m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        *note = fmt("PostgreSQL: loading %s: %s", file, m ? m : "failed");
        ok    = false;
      }
      PQclear(res);
    }
  }
  free(copy);
  // Columns of integers only are integers, as a database would hold them.
  for (size_t i = 0; ok && cols && cols[i]; ++i) {
    char* qc  = quote_ident(cols[i]);
    char* chk = fmt("SELECT count(*) FILTER (WHERE %s !~ '^[+-]?[0-9]{1,18}$'),"
                    " count(%s) FROM %s.%s",
                    qc,
                    qc,
                    qs,
                    qt);
    PGresult* res  = PQexec(pg, chk);
    bool      ints = PQresultStatus(res) == PGRES_TUPLES_OK &&
                !strcmp(PQgetvalue(res, 0, 0), "0") &&
                strcmp(PQgetvalue(res, 0, 1), "0");
    PQclear(res);
    if (ints) {
      char* alter = fmt("ALTER TABLE %s.%s ALTER COLUMN %s TYPE bigint USING "
                        "%s::bigint",
                        qs,
                        qt,
                        qc,
                        qc);
      ok          = exec_ok(pg, alter, note);
      free(alter);
    }
    free(chk);
    free(qc);
  }
  for (size_t i = 0; cols && cols[i]; ++i) {
    free(cols[i]);
  }
  free(cols);
  free(qs);
  free(qt);
  free(name);
  free(text);
  return ok;
}

// Replace every placeholder in `text` (a new string).
static char*
substitute(const char* text, const char* const values[3])
{
  char* out = fmt("%s", text);
  for (size_t k = 0; k < 3; ++k) {
    for (char* at = NULL; (at = strstr(out, PLACEHOLDERS[k]));) {
      char* next = fmt("%.*s%s%s",
                       (int)(at - out),
                       out,
                       values[k],
                       at + strlen(PLACEHOLDERS[k]));
      free(out);
      out = next;
    }
  }
  return out;
}

static const char*
option(PQconninfoOption* opts, const char* keyword)
{
  for (PQconninfoOption* o = opts; o && o->keyword; ++o) {
    if (!strcmp(o->keyword, keyword) && o->val) {
      return o->val;
    }
  }
  return NULL;
}

// "%2F"-encode a socket directory so that it fits in a JDBC URL's host.
static char*
url_host(const char* host)
{
  char*  h = malloc(3 * strlen(host) + 1);
  size_t n = 0;
  if (!h) {
    exit(2);
  }
  for (const char* p = host; *p; ++p) {
    if (*p == '/' || *p == '%' || *p == '?' || *p == ':' || *p == '@') {
      snprintf(h + n, 4, "%%%02X", (unsigned char)*p);
      n += 3;
    } else {
      h[n++] = *p;
    }
  }
  h[n] = '\0';
  return h;
}

PgCaseResult
pg_case_prepare(const char* dir,
                const char* id,
                const char* mapping,
                char**      schema,
                char**      note)
{
  *schema       = NULL;
  char*  path   = fmt("%s/%s", dir, mapping);
  size_t len    = 0;
  char*  text   = slurp(path, &len);
  bool   needed = false;
  for (size_t k = 0; text && k < 3; ++k) {
    needed = needed || strstr(text, PLACEHOLDERS[k]);
  }
  if (!needed) {
    free(path);
    free(text);
    return PG_CASE_NONE;
  }
  const char* dsn = getenv("LDX_TEST_PG_DSN");
  if (!dsn || !*dsn) {
    free(path);
    free(text);
    const char* ci = getenv("CI");
    if (ci && !strcmp(ci, "true")) {
      *note = fmt("the case needs a database: LDX_TEST_PG_DSN is not set");
      return PG_CASE_ERROR;
    }
    return PG_CASE_SKIP;
  }
  PgCaseResult      result = PG_CASE_ERROR;
  PQconninfoOption* opts   = PQconninfoParse(dsn, NULL);
  PGconn*           pg     = PQconnectdb(dsn);
  if (!opts || PQstatus(pg) != CONNECTION_OK) {
    *note = fmt("cannot connect to LDX_TEST_PG_DSN: %s", PQerrorMessage(pg));
    goto done;
  }
  // A fresh schema per run: cases and runs may go on in parallel.
  char* name = fmt("ldx_%s_%ld", id, (long)getpid());
  for (char* p = name; *p; ++p) {
    *p = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
  }
  *schema  = name;
  char* qs = quote_ident(name);
  char* create =
    fmt("SET client_min_messages TO warning; DROP SCHEMA IF EXISTS %s "
        "CASCADE; CREATE SCHEMA %s",
        qs,
        qs);
  bool ok = exec_ok(pg, create, note);
  free(create);
  free(qs);
  DIR* d = ok ? opendir(dir) : NULL;
  for (struct dirent* e = NULL; d && ok && (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n > 4 && !strcmp(e->d_name + n - 4, ".csv")) {
      ok = load_csv(pg, dir, e->d_name, name, note);
    }
  }
  if (d) {
    closedir(d);
  }
  if (ok) {
    const char* host      = option(opts, "host");
    char*       h         = url_host(host ? host : "localhost");
    const char* port      = option(opts, "port");
    const char* db        = option(opts, "dbname");
    const char* user      = option(opts, "user");
    const char* pass      = option(opts, "password");
    char*       jdbc      = fmt("jdbc:postgresql://%s:%s/%s?currentSchema=%s",
                     h,
                     port ? port : "5432",
                     db ? db : "",
                     name);
    const char* values[3] = { jdbc, user ? user : "", pass ? pass : "" };
    char*       out       = substitute(text, values);
    FILE*       f         = fopen(path, "wb");
    ok                    = f && fwrite(out, 1, strlen(out), f) == strlen(out);
    ok                    = (f && !fclose(f)) && ok;
    if (!ok) {
      *note = fmt("cannot write %s", path);
    }
    free(out);
    free(jdbc);
    free(h);
  }
  result = ok ? PG_CASE_READY : PG_CASE_ERROR;

done:
  PQconninfoFree(opts);
  PQfinish(pg);
  free(path);
  free(text);
  return result;
}

void
pg_case_cleanup(const char* schema)
{
  const char* dsn = getenv("LDX_TEST_PG_DSN");
  if (!schema || !dsn) {
    return;
  }
  PGconn* pg = PQconnectdb(dsn);
  if (PQstatus(pg) == CONNECTION_OK) {
    char* qs   = quote_ident(schema);
    char* drop = fmt("SET client_min_messages TO warning; DROP SCHEMA IF "
                     "EXISTS %s CASCADE",
                     qs);
    char* note = NULL;
    exec_ok(pg, drop, &note);
    free(note);
    free(drop);
    free(qs);
  }
  PQfinish(pg);
}
