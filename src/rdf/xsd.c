// SPDX-License-Identifier: MIT
// XSD datatypes: lexical spaces of the common datatypes and canonical
// forms of numbers.
#include "rdf/xsd.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef struct {
  const char* s;
  size_t      n;
  size_t      i;
} Cur;

static bool
at_end(const Cur* c)
{
  return c->i == c->n;
}

static bool
eat(Cur* c, char ch)
{
  if (c->i < c->n && c->s[c->i] == ch) {
    ++c->i;
    return true;
  }
  return false;
}

static bool
is_digit(char ch)
{
  return ch >= '0' && ch <= '9';
}

// Read exactly `n` digits into *value.
static bool
digits(Cur* c, size_t n, unsigned* value)
{
  unsigned v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (c->i >= c->n || !is_digit(c->s[c->i])) {
      return false;
    }
    v = v * 10 + (unsigned)(c->s[c->i++] - '0');
  }
  *value = v;
  return true;
}

// One or more digits; returns how many.
static size_t
digit_run(Cur* c)
{
  size_t start = c->i;
  while (c->i < c->n && is_digit(c->s[c->i])) {
    ++c->i;
  }
  return c->i - start;
}

// -?YYYY (four or more digits, no leading zero beyond four).
static bool
year(Cur* c, long* y)
{
  bool   neg   = eat(c, '-');
  size_t start = c->i;
  size_t n     = digit_run(c);
  if (n < 4 || (n > 4 && c->s[start] == '0')) {
    return false;
  }
  long v = 0;
  for (size_t k = 0; k < n && k < 9; ++k) {
    v = v * 10 + (c->s[start + k] - '0');
  }
  *y = neg ? -v : v;
  return true;
}

static bool
leap(long y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
month_day(Cur* c, long y, bool with_day)
{
  static const unsigned days[] = { 31, 29, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31 };
  unsigned              m      = 0;
  unsigned              d      = 0;
  if (!digits(c, 2, &m) || m < 1 || m > 12) {
    return false;
  }
  if (!with_day) {
    return true;
  }
  if (!eat(c, '-') || !digits(c, 2, &d) || d < 1 || d > days[m - 1]) {
    return false;
  }
  return !(m == 2 && d == 29 && !leap(y));
}

// Z | (+|-)hh:mm, optional.
static bool
timezone_opt(Cur* c)
{
  if (at_end(c) || eat(c, 'Z')) {
    return true;
  }
  unsigned h = 0;
  unsigned m = 0;
  if (!eat(c, '+') && !eat(c, '-')) {
    return false;
  }
  return digits(c, 2, &h) && eat(c, ':') && digits(c, 2, &m) && m < 60 &&
         (h < 14 || (h == 14 && m == 0));
}

// hh:mm:ss(.s+)?
static bool
time_of_day(Cur* c)
{
  unsigned h = 0;
  unsigned m = 0;
  unsigned s = 0;
  if (!digits(c, 2, &h) || !eat(c, ':') || !digits(c, 2, &m) || !eat(c, ':') ||
      !digits(c, 2, &s)) {
    return false;
  }
  bool zero_fraction = true;
  if (eat(c, '.')) {
    size_t start = c->i;
    if (!digit_run(c)) {
      return false;
    }
    for (size_t k = start; k < c->i; ++k) {
      zero_fraction = zero_fraction && c->s[k] == '0';
    }
  }
  if (h == 24) {
    return m == 0 && s == 0 && zero_fraction;
  }
  return h < 24 && m < 60 && s < 60;
}

static bool
valid_decimal(Cur* c)
{
  (void)(eat(c, '+') || eat(c, '-'));
  size_t before = digit_run(c);
  size_t after  = 0;
  if (eat(c, '.')) {
    after = digit_run(c);
  }
  return (before || after) && at_end(c);
}

static bool
valid_double(Cur* c)
{
  const char* s = c->s;
  if ((c->n == 3 && !memcmp(s, "INF", 3)) ||
      (c->n == 4 && !memcmp(s, "+INF", 4)) ||
      (c->n == 4 && !memcmp(s, "-INF", 4)) ||
      (c->n == 3 && !memcmp(s, "NaN", 3))) {
    return true;
  }
  (void)(eat(c, '+') || eat(c, '-'));
  size_t before = digit_run(c);
  size_t after  = 0;
  if (eat(c, '.')) {
    after = digit_run(c);
  }
  if (!before && !after) {
    return false;
  }
  if (eat(c, 'e') || eat(c, 'E')) {
    (void)(eat(c, '+') || eat(c, '-'));
    if (!digit_run(c)) {
      return false;
    }
  }
  return at_end(c);
}

// An integer, with the bounds of the derived datatype (`lo`/`hi` compared
// on the value when it fits a long long; beyond, only the sign counts).
static bool
valid_integer(Cur*               c,
              int                sign_rule,
              long long          lo,
              long long          hi,
              unsigned long long hi_unsigned,
              bool               bounded)
{
  bool neg = c->i < c->n && c->s[c->i] == '-';
  (void)(eat(c, '+') || eat(c, '-'));
  size_t start = c->i;
  size_t n     = digit_run(c);
  if (!n || !at_end(c)) {
    return false;
  }
  bool zero = true;
  for (size_t k = start; k < c->i; ++k) {
    zero = zero && c->s[k] == '0';
  }
  switch (sign_rule) {
    case 1: // positiveInteger
      if (neg || zero) {
        return false;
      }
      break;
    case 2: // nonNegativeInteger (and the unsigned types)
      if (neg && !zero) {
        return false;
      }
      break;
    case 3: // negativeInteger
      if (!neg || zero) {
        return false;
      }
      break;
    case 4: // nonPositiveInteger
      if (!neg && !zero) {
        return false;
      }
      break;
    default:
      break;
  }
  if (!bounded) {
    return true;
  }
  char buf[32];
  if (c->n >= sizeof(buf)) {
    return false; // far out of any bounded range
  }
  memcpy(buf, c->s, c->n);
  buf[c->n] = '\0';
  errno     = 0;
  if (sign_rule == 2) { // unsigned: the value is 0 or positive
    unsigned long long v = strtoull(buf, NULL, 10);
    return (zero || errno != ERANGE) && v <= (unsigned long long)hi_unsigned;
  }
  long long v = strtoll(buf, NULL, 10);
  return errno != ERANGE && v >= lo && v <= hi;
}

static bool
valid_hex(Cur* c)
{
  if (c->n % 2) {
    return false;
  }
  for (size_t i = 0; i < c->n; ++i) {
    char ch = c->s[i];
    if (!is_digit(ch) && !(ch >= 'a' && ch <= 'f') &&
        !(ch >= 'A' && ch <= 'F')) {
      return false;
    }
  }
  return true;
}

static bool
valid_duration(Cur* c)
{
  (void)eat(c, '-');
  if (!eat(c, 'P')) {
    return false;
  }
  bool        any     = false;
  bool        in_time = false;
  const char* order   = "YMD";
  size_t      pos     = 0;
  while (!at_end(c)) {
    if (!in_time && eat(c, 'T')) {
      in_time = true;
      order   = "HMS";
      pos     = 0;
      if (at_end(c)) {
        return false; // "T" needs a component
      }
      continue;
    }
    if (!digit_run(c)) {
      return false;
    }
    bool fraction = false;
    if (eat(c, '.')) {
      if (!digit_run(c)) {
        return false;
      }
      fraction = true;
    }
    if (at_end(c)) {
      return false;
    }
    char        unit = c->s[c->i++];
    const char* at   = strchr(order + pos, unit);
    if (!at || (fraction && unit != 'S')) {
      return false;
    }
    pos = (size_t)(at - order) + 1;
    any = true;
  }
  return any;
}

bool
ldxi_xsd_is_valid(const char* datatype,
                  size_t      dt_len,
                  const char* lex,
                  size_t      len)
{
  static const size_t ns = sizeof(XSD) - 1;
  if (dt_len <= ns || memcmp(datatype, XSD, ns)) {
    return true; // not an XSD datatype: nothing to check
  }
  char   local[32];
  size_t n = dt_len - ns;
  if (n >= sizeof(local)) {
    return true;
  }
  memcpy(local, datatype + ns, n);
  local[n] = '\0';
  Cur  c   = { lex, len, 0 };
  long y   = 0;
  if (!strcmp(local, "boolean")) {
    return (len == 4 && !memcmp(lex, "true", 4)) ||
           (len == 5 && !memcmp(lex, "false", 5)) ||
           (len == 1 && (lex[0] == '1' || lex[0] == '0'));
  }
  if (!strcmp(local, "decimal")) {
    return valid_decimal(&c);
  }
  if (!strcmp(local, "double") || !strcmp(local, "float")) {
    return valid_double(&c);
  }
  static const struct {
    const char*        name;
    int                sign;
    long long          lo;
    long long          hi;
    unsigned long long uhi;
    bool               bounded;
  } ints[] = {
    { "integer", 0, 0, 0, 0, false },
    { "positiveInteger", 1, 0, 0, 0, false },
    { "nonNegativeInteger", 2, 0, 0, 0, false },
    { "negativeInteger", 3, 0, 0, 0, false },
    { "nonPositiveInteger", 4, 0, 0, 0, false },
    { "long", 0, LLONG_MIN, LLONG_MAX, 0, true },
    { "int", 0, -2147483648LL, 2147483647LL, 0, true },
    { "short", 0, -32768, 32767, 0, true },
    { "byte", 0, -128, 127, 0, true },
    { "unsignedLong", 2, 0, 0, ULLONG_MAX, true },
    { "unsignedInt", 2, 0, 0, 4294967295ULL, true },
    { "unsignedShort", 2, 0, 0, 65535, true },
    { "unsignedByte", 2, 0, 0, 255, true },
  };
  for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); ++i) {
    if (!strcmp(local, ints[i].name)) {
      return valid_integer(
        &c, ints[i].sign, ints[i].lo, ints[i].hi, ints[i].uhi, ints[i].bounded);
    }
  }
  if (!strcmp(local, "date")) {
    return year(&c, &y) && eat(&c, '-') && month_day(&c, y, true) &&
           timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "dateTime") || !strcmp(local, "dateTimeStamp")) {
    bool ok = year(&c, &y) && eat(&c, '-') && month_day(&c, y, true) &&
              eat(&c, 'T') && time_of_day(&c);
    size_t before_tz = c.i;
    ok               = ok && timezone_opt(&c) && at_end(&c);
    return ok && (strcmp(local, "dateTimeStamp") || c.i > before_tz);
  }
  if (!strcmp(local, "time")) {
    return time_of_day(&c) && timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "gYear")) {
    return year(&c, &y) && timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "gYearMonth")) {
    return year(&c, &y) && eat(&c, '-') && month_day(&c, y, false) &&
           timezone_opt(&c) && at_end(&c);
  }
  unsigned m = 0;
  unsigned d = 0;
  if (!strcmp(local, "gMonth")) {
    return eat(&c, '-') && eat(&c, '-') && digits(&c, 2, &m) && m >= 1 &&
           m <= 12 && timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "gDay")) {
    return eat(&c, '-') && eat(&c, '-') && eat(&c, '-') && digits(&c, 2, &d) &&
           d >= 1 && d <= 31 && timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "gMonthDay")) {
    return eat(&c, '-') && eat(&c, '-') && month_day(&c, 2000, true) &&
           timezone_opt(&c) && at_end(&c);
  }
  if (!strcmp(local, "hexBinary")) {
    return valid_hex(&c);
  }
  if (!strcmp(local, "duration")) {
    return valid_duration(&c);
  }
  return true; // string, anyURI, token, ...: any text
}

int
ldxi_xsd_double_canonical(double v, char* buf, size_t size)
{
  if (isnan(v)) {
    return snprintf(buf, size, "NaN");
  }
  if (isinf(v)) {
    return snprintf(buf, size, v < 0 ? "-INF" : "INF");
  }
  if (v == 0) {
    return snprintf(buf, size, signbit(v) ? "-0.0E0" : "0.0E0");
  }
  // The shortest mantissa that reads back as the same double.
  char tmp[40];
  for (int prec = 0; prec <= 17; ++prec) {
    snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
    if (strtod(tmp, NULL) == v) {
      break;
    }
  }
  // tmp is like "-3.3e+01" or "1e+02": rebuild as "-3.3E1" / "1.0E2".
  char* e        = strchr(tmp, 'e');
  long  exponent = strtol(e + 1, NULL, 10);
  *e             = '\0';
  char* dot      = strchr(tmp, '.');
  if (dot) {
    char* end = e - 1;
    while (end > dot + 1 && *end == '0') {
      *end-- = '\0';
    }
    return snprintf(buf, size, "%sE%ld", tmp, exponent);
  }
  return snprintf(buf, size, "%s.0E%ld", tmp, exponent);
}

int
ldxi_xsd_double_canonical_text(const char* text,
                               size_t      len,
                               char*       buf,
                               size_t      size)
{
  char  num[64];
  char* end = NULL;
  if (len >= sizeof(num)) {
    return -1;
  }
  memcpy(num, text, len);
  num[len]       = '\0';
  const double v = strtod(num, &end); // also reads Infinity and NaN
  if (end == num || *end) {
    return -1;
  }
  return ldxi_xsd_double_canonical(v, buf, size);
}
