// SPDX-License-Identifier: MIT
#include "write/ics_time.h"

#include <string.h>

// Read exactly `n` digits at s[*i]; -1 if they are not there.
static int
digits(const char* s, size_t len, size_t* i, int n)
{
  int v = 0;
  for (int k = 0; k < n; ++k) {
    if (*i >= len || s[*i] < '0' || s[*i] > '9') {
      return -1;
    }
    v = v * 10 + (s[(*i)++] - '0');
  }
  return v;
}

int
ldxi_days_in_month(int year, int month)
{
  static const int days[12] = {
    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
  };
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return month >= 1 && month <= 12 ? days[month - 1] : 0;
}

// Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar.
int64_t
ldxi_days_from_civil(int year, int month, int day)
{
  int64_t y   = (int64_t)year - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp  = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void
ldxi_civil_from_days(int64_t days, int* year, int* month, int* day)
{
  int64_t z   = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp  = (5 * doy + 2) / 153;
  int64_t d   = doy - (153 * mp + 2) / 5 + 1;
  int64_t m   = mp < 10 ? mp + 3 : mp - 9;
  *year       = (int)(yoe + era * 400 + (m <= 2));
  *month      = (int)m;
  *day        = (int)d;
}

// "Z", "+hh:mm" or "-hh:mm" at s[*i], or nothing; false if malformed.
static bool
read_offset(const char* s, size_t len, size_t* i, LdxiCivil* c)
{
  if (*i == len) {
    return true;
  }
  if (s[*i] == 'Z') {
    ++*i;
    c->has_offset = true;
    c->offset     = 0;
    return true;
  }
  if (s[*i] != '+' && s[*i] != '-') {
    return false;
  }
  int sign = s[(*i)++] == '-' ? -1 : 1;
  int hh   = digits(s, len, i, 2);
  if (hh < 0 || *i >= len || s[(*i)++] != ':') {
    return false;
  }
  int mm = digits(s, len, i, 2);
  if (mm < 0 || hh > 14 || mm > 59 || (hh == 14 && mm)) {
    return false;
  }
  c->has_offset = true;
  c->offset     = sign * (hh * 3600 + mm * 60);
  return true;
}

// "hh:mm[:ss[.fff]]" at s[*i].
static bool
read_clock(const char* s, size_t len, size_t* i, LdxiCivil* c)
{
  int hh = digits(s, len, i, 2);
  if (hh < 0 || *i >= len || s[(*i)++] != ':') {
    return false;
  }
  int mm = digits(s, len, i, 2);
  int ss = 0;
  if (mm < 0) {
    return false;
  }
  if (*i < len && s[*i] == ':') {
    ++*i;
    if ((ss = digits(s, len, i, 2)) < 0) {
      return false;
    }
    if (*i < len && s[*i] == '.') {
      size_t start = ++*i;
      while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        ++*i;
      }
      if (*i == start) {
        return false;
      }
    }
  }
  if (mm > 59 || ss > 60 || hh > 24 || (hh == 24 && (mm || ss))) {
    return false;
  }
  c->hour   = hh;
  c->minute = mm;
  c->second = ss == 60 ? 59 : ss;
  return true;
}

LdxiTemporalKind
ldxi_civil_parse(const char* s, size_t len, LdxiCivil* out)
{
  LdxiCivil c;
  memset(&c, 0, sizeof(c));
  c.month = c.day = 1;
  size_t i        = 0;
  memset(out, 0, sizeof(*out));
  // A time of day: "hh:mm...".
  if (len >= 5 && s[2] == ':') {
    if (!read_clock(s, len, &i, &c) || !read_offset(s, len, &i, &c) ||
        i != len || c.hour == 24) {
      return LDXI_TEMPORAL_INVALID;
    }
    c.year = 1970;
    c.kind = LDXI_TEMPORAL_TIME;
    *out   = c;
    return c.kind;
  }
  if ((c.year = digits(s, len, &i, 4)) < 1) {
    return LDXI_TEMPORAL_INVALID;
  }
  c.kind = LDXI_TEMPORAL_YEAR;
  if (i < len && s[i] == '-') {
    ++i;
    if ((c.month = digits(s, len, &i, 2)) < 1 || c.month > 12) {
      return LDXI_TEMPORAL_INVALID;
    }
    c.kind = LDXI_TEMPORAL_YEAR_MONTH;
    if (i < len && s[i] == '-') {
      ++i;
      c.day = digits(s, len, &i, 2);
      if (c.day < 1 || c.day > ldxi_days_in_month(c.year, c.month)) {
        return LDXI_TEMPORAL_INVALID;
      }
      c.kind = LDXI_TEMPORAL_DATE;
      if (i < len && s[i] == 'T') {
        ++i;
        if (!read_clock(s, len, &i, &c)) {
          return LDXI_TEMPORAL_INVALID;
        }
        c.kind = LDXI_TEMPORAL_DATE_TIME;
      }
    }
  }
  if (!read_offset(s, len, &i, &c) || i != len) {
    return LDXI_TEMPORAL_INVALID;
  }
  if (c.hour == 24) { // 24:00:00 is midnight at the end of the day
    c.hour = 0;
    ldxi_civil_add_days(&c, 1);
    if (c.year > 9999) {
      return LDXI_TEMPORAL_INVALID;
    }
  }
  if (c.kind == LDXI_TEMPORAL_DATE) {
    c.has_offset = false; // a date's offset does not move the day
    c.offset     = 0;
  }
  *out = c;
  return c.kind;
}

int64_t
ldxi_civil_seconds(const LdxiCivil* c)
{
  return ldxi_days_from_civil(c->year, c->month, c->day) * 86400 +
         c->hour * 3600 + c->minute * 60 + c->second;
}

int64_t
ldxi_civil_instant(const LdxiCivil* c)
{
  return ldxi_civil_seconds(c) - (c->has_offset ? c->offset : 0);
}

void
ldxi_civil_from_seconds(int64_t t, LdxiCivil* out)
{
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t rem  = t - days * 86400;
  ldxi_civil_from_days(days, &out->year, &out->month, &out->day);
  out->hour   = (int)(rem / 3600);
  out->minute = (int)(rem % 3600 / 60);
  out->second = (int)(rem % 60);
}

void
ldxi_civil_add_days(LdxiCivil* c, int64_t days)
{
  int64_t d = ldxi_days_from_civil(c->year, c->month, c->day) + days;
  ldxi_civil_from_days(d, &c->year, &c->month, &c->day);
}

void
ldxi_civil_add_months(LdxiCivil* c, int64_t months)
{
  int64_t m = (int64_t)c->year * 12 + (c->month - 1) + months;
  int64_t y = m >= 0 ? m / 12 : -((-m + 11) / 12);
  c->year   = (int)y;
  c->month  = (int)(m - y * 12) + 1;
  int last  = ldxi_days_in_month(c->year, c->month);
  if (c->day > last) {
    c->day = last;
  }
}

int
ldxi_civil_compare(const LdxiCivil* a, const LdxiCivil* b)
{
  const int fa[6] = {
    a->year, a->month, a->day, a->hour, a->minute, a->second
  };
  const int fb[6] = {
    b->year, b->month, b->day, b->hour, b->minute, b->second
  };
  for (int i = 0; i < 6; ++i) {
    if (fa[i] != fb[i]) {
      return fa[i] < fb[i] ? -1 : 1;
    }
  }
  return 0;
}

bool
ldxi_duration_parse(const char* s, size_t len, LdxiDuration* out)
{
  memset(out, 0, sizeof(*out));
  size_t i = 0;
  if (i < len && s[i] == '-') {
    out->negative = true;
    ++i;
  }
  if (i >= len || s[i++] != 'P') {
    return false;
  }
  static const char date_units[]  = "YMWD";
  static const char time_units[]  = "HMS";
  int64_t* const    date_fields[] = {
       &out->years, &out->months, &out->weeks, &out->days
  };
  int64_t* const time_fields[] = { &out->hours, &out->minutes, &out->seconds };
  bool           in_time       = false;
  bool           any           = false;
  bool           time_any      = false;
  int            next          = 0; // units must come in order
  while (i < len) {
    if (s[i] == 'T') {
      if (in_time) {
        return false;
      }
      in_time = true;
      next    = 0;
      ++i;
      continue;
    }
    int64_t v     = 0;
    size_t  start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
      if (v > 100000000) { // beyond any calendar's use
        return false;
      }
      v = v * 10 + (s[i++] - '0');
    }
    if (i == start) {
      return false;
    }
    bool frac = false;
    if (i < len && (s[i] == '.' || s[i] == ',')) {
      size_t f = ++i;
      while (i < len && s[i] >= '0' && s[i] <= '9') {
        frac |= s[i] != '0';
        ++i;
      }
      if (i == f) {
        return false;
      }
    }
    if (i >= len) {
      return false;
    }
    const char* units = in_time ? time_units : date_units;
    const char* u     = strchr(units + next, s[i]);
    if (!s[i] || !u) {
      return false;
    }
    int k = (int)(u - units);
    if (frac && !(in_time && s[i] == 'S')) {
      return false; // only seconds may have a fraction here
    }
    out->fraction |= frac;
    *(in_time ? time_fields : date_fields)[k] = v;
    next                                      = k + 1;
    any                                       = true;
    time_any |= in_time;
    ++i;
  }
  return any && (!in_time || time_any);
}

bool
ldxi_duration_is_exact(const LdxiDuration* d)
{
  bool zero = !d->weeks && !d->days && !d->hours && !d->minutes && !d->seconds;
  return !d->negative && !d->years && !d->months && !d->fraction && !zero;
}

void
ldxi_civil_add_duration(LdxiCivil* c, const LdxiDuration* d)
{
  int64_t sign = d->negative ? -1 : 1;
  ldxi_civil_add_months(c, sign * (d->years * 12 + d->months));
  ldxi_civil_add_days(c, sign * (d->weeks * 7 + d->days));
  int64_t secs = (int64_t)c->hour * 3600 + c->minute * 60 + c->second +
                 sign * (d->hours * 3600 + d->minutes * 60 + d->seconds);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  secs -= days * 86400;
  ldxi_civil_add_days(c, days);
  c->hour   = (int)(secs / 3600);
  c->minute = (int)(secs % 3600 / 60);
  c->second = (int)(secs % 60);
}
