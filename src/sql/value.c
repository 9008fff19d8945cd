// SPDX-License-Identifier: MIT
// Natural RDF values of SQL values (R2RML 10.2, "natural mapping of SQL
// values"), shared by the backends, and quoting of table names.
//
// R2RML lets an implementation pick any lexical form of the value as long
// as equal values always get the same form: numbers and booleans get the
// XSD canonical form (PostgreSQL's NUMERIC(5,2) 12.50 and NUMERIC 12.5 are
// both "12.5"), date-times get their "T".  A value outside its datatype's
// lexical space (an infinite PostgreSQL date, a SQLite DATE column holding
// any text) stays a plain literal rather than an ill-typed one.
#include "sql/sql.h"

#include "core/alloc.h"
#include "mapping/vocab.h"
#include "rdf/xsd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

LdxStatus
ldxi_sql_columns_alloc(LdxiSqlConn* conn, size_t n)
{
  ldxi_sql_columns_free(conn);
  size_t m    = n ? n : 1;
  conn->names = (char**)ldxi_calloc(conn->world, m, sizeof(char*));
  conn->kinds = (LdxiSqlKind*)ldxi_calloc(conn->world, m, sizeof(LdxiSqlKind));
  conn->cells = (LdxiSqlCell*)ldxi_calloc(conn->world, m, sizeof(LdxiSqlCell));
  if (!conn->names || !conn->kinds || !conn->cells) {
    ldxi_sql_columns_free(conn);
    return LDX_BAD_ALLOC;
  }
  conn->n_cols = n;
  return LDX_SUCCESS;
}

void
ldxi_sql_columns_free(LdxiSqlConn* conn)
{
  for (size_t i = 0; conn->names && i < conn->n_cols; ++i) {
    ldxi_free(conn->world, conn->names[i]);
  }
  ldxi_free(conn->world, conn->names);
  ldxi_free(conn->world, conn->kinds);
  ldxi_free(conn->world, conn->cells);
  conn->names  = NULL;
  conn->kinds  = NULL;
  conn->cells  = NULL;
  conn->n_cols = 0;
}

// ---------------------------------------------------------------------------
// Table names

static bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

LdxStatus
ldxi_sql_select_table(const char* table, LdxiBuf* out, LdxiBuf* err)
{
  LdxStatus   st = ldxi_buf_puts(out, "SELECT * FROM ");
  const char* p  = table;
  while (is_space(*p)) {
    ++p;
  }
  for (bool first = true; !st; first = false) {
    if (!first) {
      st = ldxi_buf_putc(out, '.');
    }
    const char* start = p;
    if (*p == '"') { // already a delimited identifier: kept as written
      for (++p; *p && !(*p == '"' && p[1] != '"'); p += *p == '"' ? 2 : 1) {
      }
      if (!*p || p == start + 1) {
        ldxi_buf_printf(err,
                        "invalid table name '%s': %s delimited identifier",
                        table,
                        *p ? "empty" : "unterminated");
        return LDX_BAD_MAPPING;
      }
      ++p;
      st = ldxi_buf_append(out, start, (size_t)(p - start));
    } else { // a plain name: quoted, so its case and characters are kept
      while (*p && *p != '.' && *p != '"' && !is_space(*p)) {
        ++p;
      }
      if (p == start) {
        ldxi_buf_printf(err, "invalid table name '%s'", table);
        return LDX_BAD_MAPPING;
      }
      st = ldxi_buf_putc(out, '"');
      for (const char* q = start; !st && q < p; ++q) {
        st = ldxi_buf_putc(out, *q); // a plain name has no '"' to double
      }
      if (!st) {
        st = ldxi_buf_putc(out, '"');
      }
    }
    while (is_space(*p)) {
      ++p;
    }
    if (!*p) {
      break;
    }
    if (*p != '.') {
      ldxi_buf_printf(err,
                      "invalid table name '%s': unexpected '%c' (write "
                      "SCHEMA.TABLE, with double quotes around names that "
                      "need them)",
                      table,
                      *p);
      return LDX_BAD_MAPPING;
    }
    ++p;
    while (is_space(*p)) {
      ++p;
    }
  }
  return st;
}

// ---------------------------------------------------------------------------
// Values

static bool
valid(const char* datatype, const char* s, size_t len)
{
  return ldxi_xsd_is_valid(datatype, strlen(datatype), s, len);
}

static bool
ieq(const char* s, size_t len, const char* word)
{
  if (strlen(word) != len) {
    return false;
  }
  for (size_t i = 0; i < len; ++i) {
    char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    if (c != word[i]) {
      return false;
    }
  }
  return true;
}

static LdxStatus
set(LdxiValue* out, const char* s, size_t len, LdxiNatural natural)
{
  *out = (LdxiValue){ s, len, natural };
  return LDX_SUCCESS;
}

// The canonical xsd:double form of a number's text.
static LdxStatus
double_value(const LdxiSqlCell* c, LdxiArena* arena, LdxiValue* out)
{
  char      num[64];
  const int n =
    ldxi_xsd_double_canonical_text(c->str, c->len, num, sizeof(num));
  if (n < 0) {
    return set(out, c->str, c->len, LDXI_NAT_STRING);
  }
  char* copy = ldxi_arena_strndup(arena, num, (size_t)n);
  return copy ? set(out, copy, (size_t)n, LDXI_NAT_DOUBLE) : LDX_BAD_ALLOC;
}

// The canonical xsd:decimal form (XSD 1.0: "12.5", "12.0", "-0.5").
static LdxStatus
decimal_value(const LdxiSqlCell* c, LdxiArena* arena, LdxiValue* out)
{
  const char* s   = c->str;
  size_t      len = c->len;
  if (memchr(s, 'e', len) || memchr(s, 'E', len)) {
    return double_value(c, arena, out); // a SQLite REAL in a NUMERIC column
  }
  if (!valid(LDX_XSD "decimal", s, len)) {
    return set(out, s, len, LDXI_NAT_STRING); // NaN
  }
  size_t i   = 0;
  bool   neg = false;
  if (s[i] == '+' || s[i] == '-') {
    neg = s[i++] == '-';
  }
  while (i < len && s[i] == '0') {
    ++i;
  }
  const char* dot    = memchr(s + i, '.', len - i);
  size_t      int_n  = (dot ? (size_t)(dot - s) : len) - i;
  const char* frac   = dot ? dot + 1 : s + len;
  size_t      frac_n = dot ? len - (size_t)(frac - s) : 0;
  while (frac_n && frac[frac_n - 1] == '0') {
    --frac_n;
  }
  bool  zero = !int_n && !frac_n;
  char* buf  = (char*)ldxi_arena_alloc(arena, int_n + frac_n + 5);
  if (!buf) {
    return LDX_BAD_ALLOC;
  }
  size_t n = 0;
  if (neg && !zero) {
    buf[n++] = '-';
  }
  if (int_n) {
    memcpy(buf + n, s + i, int_n);
    n += int_n;
  } else {
    buf[n++] = '0';
  }
  buf[n++] = '.';
  if (frac_n) {
    memcpy(buf + n, frac, frac_n);
    n += frac_n;
  } else {
    buf[n++] = '0';
  }
  buf[n] = '\0';
  return set(out, buf, n, LDXI_NAT_DECIMAL);
}

static LdxStatus
boolean_value(const LdxiSqlCell* c, LdxiValue* out)
{
  const char* s   = c->str;
  size_t      len = c->len;
  if (ieq(s, len, "t") || ieq(s, len, "true") || ieq(s, len, "1")) {
    return set(out, "true", 4, LDXI_NAT_BOOLEAN);
  }
  if (ieq(s, len, "f") || ieq(s, len, "false") || ieq(s, len, "0")) {
    return set(out, "false", 5, LDXI_NAT_BOOLEAN);
  }
  // SQLite stores booleans as integers: any other number is true.
  char* end = NULL;
  char  num[32];
  if (len && len < sizeof(num)) {
    memcpy(num, s, len);
    num[len]    = '\0';
    long long v = strtoll(num, &end, 10);
    if (!*end) {
      return v ? set(out, "true", 4, LDXI_NAT_BOOLEAN)
               : set(out, "false", 5, LDXI_NAT_BOOLEAN);
    }
  }
  return set(out, s, len, LDXI_NAT_STRING);
}

// Date, time and date-time text as XSD has it: "T" between the date and
// the time, time zone offsets as "+02:00" (PostgreSQL writes "+02").
static LdxStatus
temporal_value(const LdxiSqlCell* c,
               LdxiArena*         arena,
               LdxiNatural        natural,
               const char*        datatype,
               LdxiValue*         out)
{
  const char* s   = c->str;
  size_t      len = c->len;
  char*       buf = (char*)ldxi_arena_alloc(arena, len + 4);
  if (!buf) {
    return LDX_BAD_ALLOC;
  }
  memcpy(buf, s, len);
  size_t n = len;
  if (natural == LDXI_NAT_DATETIME && n > 10 && buf[10] == ' ') {
    buf[10] = 'T';
  }
  // A trailing "+HH" or "-HH" after the seconds.
  size_t t = natural == LDXI_NAT_DATETIME ? 11 : 0;
  if (natural != LDXI_NAT_DATE && n >= t + 11 &&
      (buf[n - 3] == '+' || buf[n - 3] == '-') && buf[n - 2] >= '0' &&
      buf[n - 2] <= '9' && buf[n - 1] >= '0' && buf[n - 1] <= '9') {
    memcpy(buf + n, ":00", 3);
    n += 3;
  }
  buf[n] = '\0';
  if (!valid(datatype, buf, n)) {
    return set(out, s, len, LDXI_NAT_STRING);
  }
  return set(out, buf, n, natural);
}

static LdxStatus
hex_value(const LdxiSqlCell* c, LdxiArena* arena, LdxiValue* out)
{
  static const char    digits[] = "0123456789ABCDEF";
  const unsigned char* s        = (const unsigned char*)c->str;
  size_t               len      = c->len;
  bool                 raw      = c->kind == LDXI_SQL_BYTES;
  if (!raw && len >= 2 && s[0] == '\\' && s[1] == 'x') {
    s += 2; // PostgreSQL's bytea hex output
    len -= 2;
  }
  size_t n   = raw ? 2 * len : len;
  char*  buf = (char*)ldxi_arena_alloc(arena, n + 1);
  if (!buf) {
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < len; ++i) {
    if (raw) {
      buf[2 * i]     = digits[s[i] >> 4];
      buf[2 * i + 1] = digits[s[i] & 15];
    } else {
      buf[i] =
        s[i] >= 'a' && s[i] <= 'f' ? (char)(s[i] - 'a' + 'A') : (char)s[i];
    }
  }
  buf[n] = '\0';
  if (!raw && !valid(LDX_XSD "hexBinary", buf, n)) {
    return set(out, c->str, c->len, LDXI_NAT_STRING);
  }
  return set(out, buf, n, LDXI_NAT_HEXBINARY);
}

LdxStatus
ldxi_sql_value(const LdxiSqlCell* cell, LdxiArena* arena, LdxiValue* out)
{
  switch (cell->kind) {
    case LDXI_SQL_TEXT:
      break;
    case LDXI_SQL_INTEGER:
      if (valid(LDX_XSD "integer", cell->str, cell->len)) {
        return set(out, cell->str, cell->len, LDXI_NAT_INTEGER);
      }
      break;
    case LDXI_SQL_DOUBLE:
      return double_value(cell, arena, out);
    case LDXI_SQL_DECIMAL:
      return decimal_value(cell, arena, out);
    case LDXI_SQL_BOOLEAN:
      return boolean_value(cell, out);
    case LDXI_SQL_DATE:
      return temporal_value(cell, arena, LDXI_NAT_DATE, LDX_XSD "date", out);
    case LDXI_SQL_TIME:
      return temporal_value(cell, arena, LDXI_NAT_TIME, LDX_XSD "time", out);
    case LDXI_SQL_DATETIME:
      return temporal_value(
        cell, arena, LDXI_NAT_DATETIME, LDX_XSD "dateTime", out);
    case LDXI_SQL_HEX:
    case LDXI_SQL_BYTES:
      return hex_value(cell, arena, out);
  }
  return set(out, cell->str, cell->len, LDXI_NAT_STRING);
}
