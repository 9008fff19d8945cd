// SPDX-License-Identifier: MIT
// Connection strings of the SQL sources: the JDBC URLs of D2RQ
// descriptions (jdbc:sqlite:, jdbc:postgresql:), plain "sqlite:PATH" and
// libpq URIs.  JDBC PostgreSQL URLs are translated into libpq keywords
// rather than handed to libpq, whose URI parser rejects JDBC's parameters
// (currentSchema, ssl, ...).
#include "sql/sql.h"

#include "core/alloc.h"

#include <stdbool.h>
#include <string.h>

static bool
starts_with(const char* s, const char* prefix)
{
  return !strncmp(s, prefix, strlen(prefix));
}

// ---------------------------------------------------------------------------
// Redaction

// The end of the authority of "scheme://authority/...", or NULL.
static const char*
authority_of(const char* dsn, const char** end)
{
  const char* p = strstr(dsn, "://");
  if (!p) {
    return NULL;
  }
  p += 3;
  *end = p + strcspn(p, "/?#");
  return p;
}

static bool
is_password_param(const char* p, size_t len)
{
  return len >= 9 && !strncmp(p, "password=", 9);
}

LdxStatus
ldxi_dsn_redact(const char* dsn, LdxiBuf* out)
{
  const char* end  = NULL;
  const char* auth = authority_of(dsn, &end);
  const char* p    = dsn;
  LdxStatus   st   = LDX_SUCCESS;
  if (auth) {
    // user:password@host: keep "user@host".
    const char* at = NULL;
    for (const char* q = auth; q < end; ++q) {
      at = *q == '@' ? q : at;
    }
    const char* colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon) {
      st = ldxi_buf_append(out, dsn, (size_t)(colon - dsn));
      p  = at;
    }
  }
  const char* query = strchr(p, '?');
  if (!query) {
    return st ? st : ldxi_buf_puts(out, p);
  }
  if (!st) {
    st = ldxi_buf_append(out, p, (size_t)(query - p));
  }
  // Parameters, without "password=...".
  char sep = '?';
  for (const char* q = query + 1; !st && *q;) {
    size_t len = strcspn(q, "&");
    if (!is_password_param(q, len)) {
      st = ldxi_buf_putc(out, sep);
      if (!st) {
        st = ldxi_buf_append(out, q, len);
      }
      sep = '&';
    }
    q += len + (q[len] == '&');
  }
  return st;
}

const char*
ldxi_dsn_display(const char* dsn)
{
  const char* query = strchr(dsn, '?');
  for (const char* q = query; q && *q;) {
    ++q;
    size_t len = strcspn(q, "&");
    if (is_password_param(q, len)) {
      return "database";
    }
    q += len;
  }
  const char* end  = NULL;
  const char* auth = authority_of(dsn, &end);
  const char* at   = NULL;
  for (const char* q = auth; q && q < end; ++q) {
    at = *q == '@' ? q : at;
  }
  return at && memchr(auth, ':', (size_t)(at - auth)) ? at + 1 : dsn;
}

// ---------------------------------------------------------------------------
// Parsing

static int
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// A percent-decoded copy of s[0..len).
static char*
decode(LdxWorld* world, const char* s, size_t len)
{
  char* out = (char*)ldxi_malloc(world, len + 1);
  if (!out) {
    return NULL;
  }
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    int hi = s[i] == '%' && i + 2 < len ? hex_value(s[i + 1]) : -1;
    int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out[n++] = (char)(hi * 16 + lo);
      i += 2;
    } else {
      out[n++] = s[i];
    }
  }
  out[n] = '\0';
  return out;
}

// Set a libpq keyword (a later value of the same keyword replaces it).
static LdxStatus
set_param(LdxWorld*   world,
          LdxiDsn*    dsn,
          const char* keyword,
          const char* value,
          size_t      len,
          bool        encoded)
{
  char* copy =
    encoded ? decode(world, value, len) : ldxi_strndup(world, value, len);
  if (!copy) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < dsn->n_params; ++i) {
    if (!strcmp(dsn->keywords[i], keyword)) {
      ldxi_free(world, dsn->values[i]);
      dsn->values[i] = copy;
      return LDX_SUCCESS;
    }
  }
  if (dsn->n_params == LDXI_DSN_MAX_PARAMS) {
    ldxi_free(world, copy);
    return LDX_BAD_LIMIT;
  }
  dsn->keywords[dsn->n_params] = keyword;
  dsn->values[dsn->n_params++] = copy;
  return LDX_SUCCESS;
}

// A JDBC parameter as a libpq keyword and value; NULL keyword to ignore it
// (JDBC driver tuning that libpq has no use for).
static const char*
jdbc_param(const char* name, size_t len, const char** value)
{
  static const struct {
    const char* jdbc;
    const char* libpq;
  } table[] = {
    { "user", "user" },
    { "password", "password" },
    { "sslmode", "sslmode" },
    { "ApplicationName", "application_name" },
    { "connectTimeout", "connect_timeout" },
    { "options", "options" },
  };
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); ++i) {
    if (strlen(table[i].jdbc) == len && !strncmp(table[i].jdbc, name, len)) {
      return table[i].libpq;
    }
  }
  if (len == 3 && !strncmp(name, "ssl", 3)) {
    *value = "require"; // ssl=true
    return "sslmode";
  }
  return NULL;
}

// jdbc:postgresql://host[:port][/db][?k=v&...] or jdbc:postgresql:db
static LdxStatus
parse_jdbc_postgres(LdxWorld* world, const char* s, LdxiDsn* dsn, LdxiBuf* err)
{
  LdxStatus   st    = LDX_SUCCESS;
  const char* query = strchr(s, '?');
  const char* end   = query ? query : s + strlen(s);
  if (starts_with(s, "//")) {
    const char* host = s + 2;
    const char* hend = host + strcspn(host, "/?");
    if (hend > end) {
      hend = end;
    }
    const char* port = NULL;
    if (*host == '[') { // [IPv6]
      const char* close = memchr(host, ']', (size_t)(hend - host));
      if (!close) {
        ldxi_buf_puts(err, "unterminated [IPv6 address]");
        return LDX_BAD_MAPPING;
      }
      port = close + 1 < hend && close[1] == ':' ? close + 2 : NULL;
      if (close > host + 1) {
        st = set_param(
          world, dsn, "host", host + 1, (size_t)(close - host - 1), true);
      }
    } else {
      const char* colon = memchr(host, ':', (size_t)(hend - host));
      port              = colon ? colon + 1 : NULL;
      const char* h_end = colon ? colon : hend;
      if (!st && h_end > host) {
        st = set_param(world, dsn, "host", host, (size_t)(h_end - host), true);
      }
    }
    if (!st && port && hend > port) {
      for (const char* p = port; p < hend; ++p) {
        if (*p < '0' || *p > '9') {
          ldxi_buf_printf(err, "invalid port '%.*s'", (int)(hend - port), port);
          return LDX_BAD_MAPPING;
        }
      }
      st = set_param(world, dsn, "port", port, (size_t)(hend - port), false);
    }
    s = hend < end && *hend == '/' ? hend + 1 : end;
  }
  if (!st && s < end) {
    st = set_param(world, dsn, "dbname", s, (size_t)(end - s), true);
  }
  for (const char* q = query ? query + 1 : end; !st && *q;) {
    size_t      len   = strcspn(q, "&");
    const char* eq    = memchr(q, '=', len);
    size_t      nlen  = eq ? (size_t)(eq - q) : len;
    const char* value = eq ? eq + 1 : "";
    size_t      vlen  = eq ? len - nlen - 1 : 0;
    if (nlen == 13 && !strncmp(q, "currentSchema", 13)) {
      // The search path, as libpq's "options" sets it.
      char* schema = decode(world, value, vlen);
      if (!schema) {
        return LDX_BAD_ALLOC;
      }
      LdxiBuf opt;
      ldxi_buf_init(&opt, world, 0);
      st = ldxi_buf_printf(&opt, "-c search_path=%s", schema);
      if (!st) {
        st = set_param(world, dsn, "options", opt.data, opt.len, false);
      }
      ldxi_buf_free(&opt);
      ldxi_free(world, schema);
    } else {
      const char* fixed   = NULL;
      const char* keyword = jdbc_param(q, nlen, &fixed);
      if (keyword && fixed) {
        bool on = vlen == 4 && !strncmp(value, "true", 4);
        st = on ? set_param(world, dsn, keyword, fixed, strlen(fixed), false)
                : LDX_SUCCESS;
      } else if (keyword) {
        st = set_param(world, dsn, keyword, value, vlen, true);
      }
    }
    q += len + (q[len] == '&');
  }
  return st;
}

static LdxStatus
join_dir(LdxWorld* world, const char* dir, const char* path, char** out)
{
  LdxiBuf buf;
  ldxi_buf_init(&buf, world, 0);
  LdxStatus st = LDX_SUCCESS;
  if (dir && *dir && path[0] != '/' && strcmp(path, ":memory:")) {
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

static LdxStatus
parse(LdxWorld*   world,
      const char* s,
      const char* user,
      const char* password,
      const char* dir,
      LdxiDsn*    dsn,
      LdxiBuf*    err)
{
  const char* sqlite = starts_with(s, "jdbc:sqlite:") ? s + 12
                       : starts_with(s, "sqlite:")    ? s + 7
                                                      : NULL;
  if (sqlite) {
    dsn->kind = LDXI_DB_SQLITE;
    if (!*sqlite) {
      ldxi_buf_puts(err, "no database file after 'sqlite:'");
      return LDX_BAD_MAPPING;
    }
    return join_dir(world, dir, sqlite, &dsn->path);
  }
  LdxStatus st = LDX_SUCCESS;
  dsn->kind    = LDXI_DB_POSTGRES;
  // Defaults first: the DSN and the D2RQ credentials override them.
  st = set_param(world, dsn, "connect_timeout", "10", 2, false);
  if (!st) {
    st =
      set_param(world, dsn, "fallback_application_name", "ldexport", 8, false);
  }
  if (!st) {
    st = set_param(world, dsn, "client_encoding", "UTF8", 4, false);
  }
  if (st) {
    return st;
  }
  if (starts_with(s, "jdbc:postgresql:")) {
    st = parse_jdbc_postgres(world, s + 16, dsn, err);
  } else if (starts_with(s, "postgresql://") || starts_with(s, "postgres://")) {
    st                 = set_param(world, dsn, "dbname", s, strlen(s), false);
    dsn->expand_dbname = 1;
  } else {
    dsn->kind         = 0;
    const char* colon = strchr(starts_with(s, "jdbc:") ? s + 5 : s, ':');
    ldxi_buf_printf(err,
                    "unsupported database '%.*s': ldexport reads SQLite "
                    "(jdbc:sqlite:PATH, sqlite:PATH) and PostgreSQL "
                    "(jdbc:postgresql://HOST[:PORT]/DB, postgresql://...)",
                    colon ? (int)(colon - s) : (int)strlen(s),
                    s);
    return LDX_UNSUPPORTED;
  }
  if (!st && user) {
    st = set_param(world, dsn, "user", user, strlen(user), false);
  }
  if (!st && password) {
    st = set_param(world, dsn, "password", password, strlen(password), false);
  }
  return st;
}

LdxStatus
ldxi_dsn_parse(LdxWorld*   world,
               const char* dsn,
               const char* user,
               const char* password,
               const char* dir,
               LdxiDsn*    out,
               LdxiBuf*    err)
{
  memset(out, 0, sizeof(*out));
  LdxiBuf shown;
  ldxi_buf_init(&shown, world, 0);
  LdxStatus st = ldxi_dsn_redact(dsn, &shown);
  if (st) {
    ldxi_buf_free(&shown);
    return st;
  }
  out->shown = shown.data ? shown.data : ldxi_strdup(world, "");
  if (!out->shown) {
    return LDX_BAD_ALLOC;
  }
  st = parse(world, dsn, user, password, dir, out, err);
  if (st == LDX_BAD_LIMIT) {
    ldxi_buf_puts(err, "too many connection parameters");
    st = LDX_BAD_MAPPING;
  }
  if (st) {
    ldxi_dsn_free(world, out);
  }
  return st;
}

void
ldxi_dsn_free(LdxWorld* world, LdxiDsn* dsn)
{
  for (size_t i = 0; i < dsn->n_params; ++i) {
    ldxi_free(world, dsn->values[i]);
  }
  ldxi_free(world, dsn->path);
  ldxi_free(world, dsn->shown);
  memset(dsn, 0, sizeof(*dsn));
}
