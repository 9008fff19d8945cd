// SPDX-License-Identifier: MIT
// Check an iCalendar file the way the tests need: libical re-parses it with
// no X-LIC-ERROR and icalrestriction_check() passes on a copy (it inserts
// errors into the tree it checks), plus the rules libical does not check:
//   - every line ends with CRLF and is at most 75 octets, valid UTF-8, no
//     control character but HTAB; a folded line starts with one space and
//     the fold never splits a UTF-8 sequence;
//   - each VEVENT has one UID and one DTSTAMP in UTC; DTSTART and DTEND
//     have the same value type; not both DTEND and DURATION;
//   - every TZID parameter has its VTIMEZONE, whose TZID is a bare IANA
//     name (no libical "/freeassociation.sourceforge.net/" prefix);
//   - UIDs are unique.
// Usage: ics_validate [--allow-unknown NAME]... FILE
// Prints "FILE: N events, M time zones" and exits 0, or prints every
// problem and exits 1.
#include <libical/ical.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int problems = 0;

static void
problem(const char* file, const char* what, const char* detail)
{
  fprintf(stderr,
          "%s: %s%s%s\n",
          file,
          what,
          detail ? ": " : "",
          detail ? detail : "");
  ++problems;
}

static char*
slurp(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  size_t cap = 1 << 16;
  size_t n   = 0;
  char*  buf = (char*)malloc(cap + 1);
  size_t got = 0;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char* grown = (char*)realloc(buf, cap * 2 + 1);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    *len   = n;
  }
  return buf;
}

static size_t
utf8_len(const unsigned char* s, size_t avail)
{
  if (s[0] < 0x80) {
    return 1;
  }
  size_t n = s[0] >= 0xF0 && s[0] <= 0xF4   ? 4
             : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
             : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                                            : 0;
  if (!n || n > avail) {
    return 0;
  }
  for (size_t i = 1; i < n; ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
  }
  return n;
}

// Octet-level rules of RFC 5545 section 3.1.
static void
check_lines(const char* file, const char* text, size_t len)
{
  size_t line_no = 1;
  size_t start   = 0;
  for (size_t i = 0; i < len; ++i) {
    if (text[i] != '\n') {
      continue;
    }
    char where[64];
    snprintf(where, sizeof(where), "line %zu", line_no);
    if (i == start || text[i - 1] != '\r') {
      problem(file, "line not ended by CRLF", where);
    }
    size_t end = i && text[i - 1] == '\r' ? i - 1 : i;
    if (end - start > 75) {
      problem(file, "line longer than 75 octets", where);
    }
    if (start < end && text[start] == ' ' && start >= 2) {
      // A continuation: the octet before the fold must not be inside a
      // UTF-8 sequence, i.e. this line must not start with a continuation
      // byte.
      if (end > start + 1 && ((unsigned char)text[start + 1] & 0xC0) == 0x80) {
        problem(file, "fold splits a UTF-8 character", where);
      }
    }
    for (size_t k = start; k < end;) {
      const unsigned char c = (unsigned char)text[k];
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        problem(file, "control character", where);
        break;
      }
      size_t n = utf8_len((const unsigned char*)text + k, end - k);
      if (!n) {
        // Could be a sequence split by a fold: rejoin and retry.
        problem(file, "ill-formed UTF-8 (or split by a fold)", where);
        break;
      }
      k += n;
    }
    start = i + 1;
    ++line_no;
  }
  if (start != len) {
    problem(file, "last line not ended by CRLF", NULL);
  }
}

static bool
in_list(char** list, size_t n, const char* s)
{
  for (size_t i = 0; i < n; ++i) {
    if (!strcmp(list[i], s)) {
      return true;
    }
  }
  return false;
}

static int
cmp_str(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void
check_tzid_params(const char*   file,
                  icalproperty* p,
                  char**        tzids,
                  size_t        n_tzids)
{
  icalparameter* par = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  if (par) {
    const char* tzid = icalparameter_get_tzid(par);
    if (!tzid || !in_list(tzids, n_tzids, tzid)) {
      problem(file, "TZID without a VTIMEZONE", tzid);
    }
  }
}

static int
count_errors(icalcomponent* c, char** allowed, size_t n_allowed)
{
  int n = 0;
  for (icalproperty* p =
         icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
       p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
    const char* msg = icalproperty_get_xlicerror(p);
    bool        ok  = false;
    for (size_t i = 0; msg && i < n_allowed && !ok; ++i) {
      ok = strstr(msg, allowed[i]) != NULL;
    }
    if (!ok) {
      fprintf(stderr, "libical: %s\n", msg ? msg : "(error)");
      ++n;
    }
  }
  for (icalcomponent* s =
         icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
       s;
       s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    n += count_errors(s, allowed, n_allowed);
  }
  return n;
}

int
main(int argc, char** argv)
{
  char*  allowed[16];
  size_t n_allowed = 0;
  int    a         = 1;
  while (a + 1 < argc && !strcmp(argv[a], "--allow-unknown") &&
         n_allowed < 16) {
    allowed[n_allowed++] = argv[a + 1];
    a += 2;
  }
  if (a + 1 != argc) {
    fputs("usage: ics_validate [--allow-unknown NAME]... FILE\n", stderr);
    return 2;
  }
  const char* file = argv[a];
  size_t      len  = 0;
  char*       text = slurp(file, &len);
  if (!text) {
    perror(file);
    return 1;
  }
  check_lines(file, text, len);

  icalcomponent* cal = icalparser_parse_string(text);
  if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
    problem(file, "libical does not read a VCALENDAR", NULL);
    free(text);
    return 1;
  }
  if (count_errors(cal, allowed, n_allowed)) {
    problem(file, "libical reports parse errors", NULL);
  }
  // The restriction check changes the tree it checks: run it on a copy.
  icalcomponent* copy = icalcomponent_new_clone(cal);
  if (!icalrestriction_check(copy) || count_errors(copy, allowed, n_allowed)) {
    problem(file, "icalrestriction_check fails", NULL);
  }
  icalcomponent_free(copy);

  // Time zones.
  char*  tzids[64];
  size_t n_tzids = 0;
  for (icalcomponent* z =
         icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
       z;
       z = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
    icalproperty* p = icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY);
    const char*   tzid = p ? icalproperty_get_tzid(p) : NULL;
    if (!tzid || tzid[0] == '/' || strstr(tzid, "freeassociation")) {
      problem(file, "VTIMEZONE without a bare IANA TZID", tzid);
      continue;
    }
    if (in_list(tzids, n_tzids, tzid)) {
      problem(file, "VTIMEZONE twice", tzid);
    }
    if (n_tzids < 64) {
      tzids[n_tzids++] = strdup(tzid);
    }
  }

  // Events.
  size_t n_events = 0;
  size_t n_uids   = 0;
  size_t cap_uids = 0;
  char** uids     = NULL;
  for (icalcomponent* e =
         icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       e;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    const char* uid = icalcomponent_get_uid(e);
    ++n_events;
    if (icalcomponent_count_properties(e, ICAL_UID_PROPERTY) != 1 || !uid) {
      problem(file, "VEVENT without exactly one UID", uid);
      continue;
    }
    if (icalcomponent_count_properties(e, ICAL_DTSTAMP_PROPERTY) != 1 ||
        !icaltime_is_utc(icalcomponent_get_dtstamp(e))) {
      problem(file, "VEVENT without one DTSTAMP in UTC", uid);
    }
    icalproperty* ds =
      icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    icalproperty* de = icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY);
    icalproperty* du =
      icalcomponent_get_first_property(e, ICAL_DURATION_PROPERTY);
    if (!ds) {
      problem(file, "VEVENT without DTSTART", uid);
    }
    if (de && du) {
      problem(file, "VEVENT with both DTEND and DURATION", uid);
    }
    if (ds && de &&
        icalproperty_get_dtstart(ds).is_date !=
          icalproperty_get_dtend(de).is_date) {
      problem(file, "DTSTART and DTEND of different value types", uid);
    }
    for (icalproperty* p =
           icalcomponent_get_first_property(e, ICAL_ANY_PROPERTY);
         p;
         p = icalcomponent_get_next_property(e, ICAL_ANY_PROPERTY)) {
      check_tzid_params(file, p, tzids, n_tzids);
    }
    if (n_uids == cap_uids) {
      cap_uids     = cap_uids ? cap_uids * 2 : 256;
      char** grown = (char**)realloc(uids, cap_uids * sizeof(char*));
      if (!grown) {
        problem(file, "out of memory", NULL);
        break;
      }
      uids = grown;
    }
    uids[n_uids++] = strdup(uid);
  }
  // Unique UIDs: sort and compare neighbours.
  if (n_uids) {
    qsort(uids, n_uids, sizeof(char*), cmp_str);
  }
  for (size_t i = 1; i < n_uids; ++i) {
    if (!strcmp(uids[i - 1], uids[i])) {
      problem(file, "UID twice", uids[i]);
    }
  }
  printf("%s: %zu events, %zu time zones, %s\n",
         file,
         n_events,
         n_tzids,
         problems ? "PROBLEMS" : "libical and line checks ok");
  for (size_t i = 0; i < n_uids; ++i) {
    free(uids[i]);
  }
  free(uids);
  for (size_t i = 0; i < n_tzids; ++i) {
    free(tzids[i]);
  }
  icalcomponent_free(cal);
  free(text);
  return problems ? 1 : 0;
}
