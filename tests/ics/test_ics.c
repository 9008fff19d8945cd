// SPDX-License-Identifier: MIT
// Unit tests of the iCalendar writer: dates and durations, SHA-1 and
// UUIDv5, text cleaning, time zones, and the writer through the public API
// (escaping and folding, UIDs, libical re-parse and restriction check on a
// copy, data edge cases, every allocation failing, every write failing).
#undef NDEBUG

#include "write/ics_text.h"
#include "write/ics_time.h"
#include "write/ics_tz.h"
#include "write/ics_uid.h"
#include "write/writer_impl.h"

#include "ldexport.h"

#include <libical/ical.h>

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "https://schema.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define EX "https://example.org/t/"

// --- Support
// ---------------------------------------------------------------------

typedef struct {
  size_t n_allocs;
  size_t fail_at; // SIZE_MAX = never
  size_t n_live;
} FailAlloc;

static void*
fa_malloc(void* handle, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = malloc(size);
  fa->n_live += p != NULL;
  return p;
}

static void*
fa_calloc(void* handle, size_t nmemb, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = calloc(nmemb, size);
  fa->n_live += p != NULL;
  return p;
}

static void*
fa_realloc(void* handle, void* ptr, size_t size)
{
  FailAlloc* fa = (FailAlloc*)handle;
  if (fa->n_allocs++ == fa->fail_at) {
    return NULL;
  }
  void* p = realloc(ptr, size);
  fa->n_live += p && !ptr;
  return p;
}

static void
fa_free(void* handle, void* ptr)
{
  FailAlloc* fa = (FailAlloc*)handle;
  fa->n_live -= ptr != NULL;
  free(ptr);
}

typedef struct {
  char*  data;
  size_t len;
  size_t cap;
  size_t fail_at; // bytes accepted before failing; SIZE_MAX = never
} MemOut;

static LdxStatus
mem_write(void* stream, const void* buf, size_t len)
{
  MemOut* m = (MemOut*)stream;
  size_t  n = len;
  if (m->fail_at != SIZE_MAX && m->len + len > m->fail_at) {
    n = m->fail_at > m->len ? m->fail_at - m->len : 0;
  }
  if (m->len + n + 1 > m->cap) {
    m->cap  = (m->len + n + 1) * 2;
    m->data = (char*)realloc(m->data, m->cap);
    assert(m->data);
  }
  memcpy(m->data + m->len, buf, n);
  m->len += n;
  m->data[m->len] = '\0';
  return n == len ? LDX_SUCCESS : LDX_BAD_WRITE;
}

static LdxOutputStream
mem_stream(MemOut* m)
{
  LdxOutputStream s = { m, mem_write, NULL };
  return s;
}

static void
quiet(void* handle, const LdxDiag* diag)
{
  int* errors = (int*)handle;
  if (diag->level == LDX_LEVEL_ERROR) {
    ++*errors;
  }
}

// A triple for the sink: object kind 'i' IRI, 'b' blank, 'l' literal.
typedef struct {
  const char* s;
  const char* p;
  char        kind;
  const char* o;
  const char* dt;
  const char* lang;
} T;

static LdxTerm
node(const char* v)
{
  LdxTerm t = { LDX_TERM_IRI, ldx_str(v), { NULL, 0 }, { NULL, 0 } };
  if (v[0] == '_' && v[1] == ':') {
    t.type  = LDX_TERM_BLANK;
    t.value = ldx_str(v + 2);
  }
  return t;
}

static LdxStatus
send(LdxSink sink, const T* triples, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    const T* t = &triples[i];
    LdxTerm  s = node(t->s);
    LdxTerm  p = node(t->p);
    LdxTerm  o = node(t->o);
    if (t->kind == 'l') {
      o.type     = LDX_TERM_LITERAL;
      o.value    = ldx_str(t->o);
      o.datatype = ldx_str(t->dt);
      o.language = ldx_str(t->lang);
    }
    LdxQuad   q  = { &s, &p, &o, NULL };
    LdxStatus st = ldx_sink_quad(&sink, &q);
    if (st) {
      return st;
    }
  }
  return LDX_SUCCESS;
}

// Write `triples` as a feed; returns the status, the text in *out.
static LdxStatus
write_feed(LdxWorld*          world,
           const T*           triples,
           size_t             n,
           const char*        lang,
           const char* const* params,
           MemOut*            out,
           size_t             buffer)
{
  const LdxFormat*       ics  = ldx_format_by_name("ics");
  LdxWriter*             w    = NULL;
  const LdxWriterOptions opts = { NULL, lang, params };
  LdxStatus              st =
    ldxi_writer_new_config(world, ics, mem_stream(out), &opts, buffer, &w);
  if (!st) {
    st = send(ldx_writer_sink(w), triples, n);
  }
  if (!st) {
    st = ldx_writer_finish(w);
  }
  ldx_writer_free(w);
  return st;
}

static char*
feed(const T* triples, size_t n, const char* lang, const char* const* params)
{
  int       errors = 0;
  LdxWorld* world  = ldx_world_new(NULL);
  ldx_world_set_diag_func(world, quiet, &errors);
  MemOut out = { NULL, 0, 0, SIZE_MAX };
  assert(!write_feed(world, triples, n, lang, params, &out, 0));
  assert(!errors);
  ldx_world_free(world);
  return out.data;
}

// The feed unfolded (CRLF SPACE removed), CRLF turned into LF.
static char*
unfold(const char* text)
{
  size_t n   = strlen(text);
  char*  out = (char*)malloc(n + 1);
  size_t o   = 0;
  for (size_t i = 0; i < n; ++i) {
    if (text[i] == '\r' && text[i + 1] == '\n' && text[i + 2] == ' ') {
      i += 2;
      continue;
    }
    if (text[i] == '\r' && text[i + 1] == '\n') {
      continue;
    }
    out[o++] = text[i];
  }
  out[o] = '\0';
  return out;
}

static bool
has_line(const char* feed_text, const char* line)
{
  char*  u    = unfold(feed_text);
  size_t len  = strlen(line);
  bool   seen = false;
  for (const char* p = u; p && *p && !seen;) {
    const char* nl = strchr(p, '\n');
    size_t      n  = nl ? (size_t)(nl - p) : strlen(p);
    seen           = n == len && !memcmp(p, line, len);
    p              = nl ? nl + 1 : NULL;
  }
  free(u);
  return seen;
}

static size_t
count(const char* hay, const char* needle)
{
  size_t n = 0;
  for (const char* p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
    ++n;
  }
  return n;
}

// libical reads the feed back without errors, and its restriction check
// (on a copy: it inserts error properties) passes.
static void
libical_accepts(const char* text)
{
  icalcomponent* cal = icalparser_parse_string(text);
  assert(cal);
  assert(icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT);
  assert(icalcomponent_count_errors(cal) == 0);
  icalcomponent* copy = icalcomponent_new_clone(cal);
  assert(icalrestriction_check(copy) == 1);
  assert(icalcomponent_count_errors(copy) == 0);
  icalcomponent_free(copy);
  icalcomponent_free(cal);
}

// Octet rules: CRLF, <= 75 octets, folds on UTF-8 boundaries, no controls.
static void
lines_ok(const char* text)
{
  size_t start = 0;
  size_t n     = strlen(text);
  for (size_t i = 0; i < n; ++i) {
    if (text[i] != '\n') {
      continue;
    }
    assert(i > start && text[i - 1] == '\r');
    size_t len = i - 1 - start;
    assert(len <= 75);
    if (text[start] == ' ') {
      assert(((unsigned char)text[start + 1] & 0xC0) != 0x80);
    }
    for (size_t k = start; k < i - 1; ++k) {
      unsigned char c = (unsigned char)text[k];
      assert(c >= 0x20 || c == '\t');
      assert(c != 0x7F);
    }
    start = i + 1;
  }
  assert(start == n);
}

// --- Units
// ---------------------------------------------------------------------------

static void
test_civil(void)
{
  LdxiCivil c;
  assert(ldxi_civil_parse("2025-12-08", 10, &c) == LDXI_TEMPORAL_DATE);
  assert(c.year == 2025 && c.month == 12 && c.day == 8 && !c.has_offset);
  assert(ldxi_civil_parse("2025-12-08+01:00", 16, &c) == LDXI_TEMPORAL_DATE);
  assert(!c.has_offset); // a date's offset does not move the day
  const char* dt = "2025-03-30T02:30:15.250-04:30";
  assert(ldxi_civil_parse(dt, strlen(dt), &c) == LDXI_TEMPORAL_DATE_TIME);
  assert(c.hour == 2 && c.minute == 30 && c.second == 15);
  assert(c.has_offset && c.offset == -(4 * 3600 + 1800));
  assert(ldxi_civil_parse("2025-03-30T02:30Z", 17, &c) ==
         LDXI_TEMPORAL_DATE_TIME);
  assert(c.has_offset && c.offset == 0 && c.second == 0);
  assert(ldxi_civil_parse("2025-12-31T24:00:00", 19, &c) ==
         LDXI_TEMPORAL_DATE_TIME);
  assert(c.year == 2026 && c.month == 1 && c.day == 1 && c.hour == 0);
  assert(ldxi_civil_parse("2024", 4, &c) == LDXI_TEMPORAL_YEAR);
  assert(ldxi_civil_parse("2024-05", 7, &c) == LDXI_TEMPORAL_YEAR_MONTH);
  assert(ldxi_civil_parse("19:00:00", 8, &c) == LDXI_TEMPORAL_TIME);
  assert(ldxi_civil_parse("19:00+02:00", 11, &c) == LDXI_TEMPORAL_TIME);
  const char* bad[] = { "",
                        "2025-02-29",
                        "2024-13-01",
                        "2025-1-01",
                        "25-01-01",
                        "2025-01-01T25:00:00",
                        "0000",
                        "2025-01-01T10:00:00+15:00",
                        "2025-01-01 10:00",
                        "next week",
                        "2025-01-01T10:61",
                        "24:00:00" };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    assert(ldxi_civil_parse(bad[i], strlen(bad[i]), &c) ==
           LDXI_TEMPORAL_INVALID);
  }
  assert(ldxi_civil_parse("2024-02-29", 10, &c) == LDXI_TEMPORAL_DATE);

  // Day numbers, both ways, across centuries.
  assert(ldxi_days_from_civil(1970, 1, 1) == 0);
  assert(ldxi_days_from_civil(2000, 3, 1) == 11017);
  for (int64_t d = -800000; d < 3000000; d += 997) {
    int y = 0, m = 0, day = 0;
    ldxi_civil_from_days(d, &y, &m, &day);
    assert(ldxi_days_from_civil(y, m, day) == d);
  }
  // Months clamp the day; a year is twelve months.
  ldxi_civil_parse("2025-01-31T10:00:00", 19, &c);
  ldxi_civil_add_months(&c, 1);
  assert(c.month == 2 && c.day == 28);
  ldxi_civil_parse("2024-01-31", 10, &c);
  ldxi_civil_add_months(&c, 13);
  assert(c.year == 2025 && c.month == 2 && c.day == 28);
  ldxi_civil_add_months(&c, -14);
  assert(c.year == 2023 && c.month == 12 && c.day == 28);
  LdxiCivil t;
  memset(&t, 0, sizeof(t));
  ldxi_civil_from_seconds(-1, &t);
  assert(t.year == 1969 && t.month == 12 && t.day == 31 && t.hour == 23 &&
         t.minute == 59 && t.second == 59);
}

static void
test_duration(void)
{
  LdxiDuration d;
  assert(ldxi_duration_parse("PT2H30M", 7, &d) && d.hours == 2 &&
         d.minutes == 30);
  assert(ldxi_duration_is_exact(&d));
  assert(ldxi_duration_parse("P1W", 3, &d) && d.weeks == 1 &&
         ldxi_duration_is_exact(&d));
  assert(ldxi_duration_parse("P1M", 3, &d) && d.months == 1 &&
         !ldxi_duration_is_exact(&d));
  assert(ldxi_duration_parse("P1Y2M3DT4H5M6.5S", 16, &d));
  assert(d.years == 1 && d.months == 2 && d.days == 3 && d.hours == 4 &&
         d.minutes == 5 && d.seconds == 6 && d.fraction);
  assert(ldxi_duration_parse("-P1D", 4, &d) && d.negative &&
         !ldxi_duration_is_exact(&d));
  assert(ldxi_duration_parse("PT0S", 4, &d) && !ldxi_duration_is_exact(&d));
  const char* bad[] = { "",      "P",  "PT",    "P1H", "PT1D",
                        "P1D2M", "1D", "P1.5D", "PTH" };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    assert(!ldxi_duration_parse(bad[i], strlen(bad[i]), &d));
  }
  LdxiCivil c;
  ldxi_civil_parse("2025-01-31T23:30:00", 19, &c);
  ldxi_duration_parse("P1M1DT1H", 8, &d);
  ldxi_civil_add_duration(&c, &d);
  assert(c.year == 2025 && c.month == 3 && c.day == 2 && c.hour == 0 &&
         c.minute == 30);
}

static void
hex(const uint8_t* d, size_t n, char* out)
{
  for (size_t i = 0; i < n; ++i) {
    snprintf(out + 2 * i, 3, "%02x", d[i]);
  }
}

static void
test_uid(void)
{
  // FIPS 180-4 examples.
  uint8_t d[20];
  char    h[41];
  ldxi_sha1("abc", 3, d);
  hex(d, 20, h);
  assert(!strcmp(h, "a9993e364706816aba3e25717850c26c9cd0d89d"));
  ldxi_sha1("", 0, d);
  hex(d, 20, h);
  assert(!strcmp(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  const char* two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  ldxi_sha1(two, strlen(two), d);
  hex(d, 20, h);
  assert(!strcmp(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
  // One million 'a', fed in uneven pieces.
  LdxiSha1 ctx;
  char     a[997];
  memset(a, 'a', sizeof(a));
  ldxi_sha1_init(&ctx);
  for (size_t left = 1000000; left;) {
    size_t n = left < sizeof(a) ? left : sizeof(a);
    ldxi_sha1_update(&ctx, a, n);
    left -= n;
  }
  ldxi_sha1_final(&ctx, d);
  hex(d, 20, h);
  assert(!strcmp(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"));

  // uuid.uuid5(uuid.NAMESPACE_URL, ...) in Python.
  char uuid[LDXI_UUID_STRLEN];
  ldxi_uuid5(ldxi_uuid_ns_url, "https://example.org/x", 21, uuid);
  assert(!strcmp(uuid, "fdb420ba-c7a0-5bc0-b348-39fd508cc82c"));
  const char* iri = "https://example.org/dimash/id/iom-council-session";
  ldxi_uuid5(ldxi_uuid_ns_url, iri, strlen(iri), uuid);
  assert(!strcmp(uuid, "956f20f0-83d4-5d2a-a57b-17b09dc36d7b"));
}

static void
test_text(void)
{
  LdxiBuf b;
  ldxi_buf_init(&b, NULL, 0);
  const char in[] = "  a\x01"
                    "b\r\nc\rd\te\x7f"
                    "f\xc2\x85g\xff\xc3h\xe2\x82\xac\n ";
  assert(!ldxi_ics_clean_text(&b, in, sizeof(in) - 1, true));
  assert(!strcmp(ldxi_buf_cstr(&b),
                 "ab\nc\nd\tefg\xef\xbf\xbd\xef\xbf\xbdh\xe2\x82\xac"));
  ldxi_buf_clear(&b);
  // Overlong forms and surrogates are ill-formed.
  const char bad[] = "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80";
  assert(!ldxi_ics_clean_text(&b, bad, sizeof(bad) - 1, false));
  assert(count(ldxi_buf_cstr(&b), "\xef\xbf\xbd") == 9);
  ldxi_buf_clear(&b);
  assert(!ldxi_ics_iri_to_uri(&b, "https://ex.org/caf\xc3\xa9?q=a b\"", 27));
  assert(!strcmp(ldxi_buf_cstr(&b), "https://ex.org/caf%C3%A9?q=a%20b%22"));
  ldxi_buf_clear(&b);
  assert(!ldxi_ics_base64(&b, "foobar", 6) &&
         !strcmp(ldxi_buf_cstr(&b), "Zm9vYmFy"));
  ldxi_buf_clear(&b);
  assert(!ldxi_ics_base64(&b, "foob", 4) &&
         !strcmp(ldxi_buf_cstr(&b), "Zm9vYg=="));
  ldxi_buf_clear(&b);
  assert(!ldxi_ics_base64(&b, "fooba", 5) &&
         !strcmp(ldxi_buf_cstr(&b), "Zm9vYmE="));
  ldxi_buf_clear(&b);
  assert(!ldxi_ics_json_escape(&b, "a\"b\\c\nd\x01", 8));
  assert(!strcmp(ldxi_buf_cstr(&b), "a\\\"b\\\\c\\nd\\u0001"));
  ldxi_buf_free(&b);
}

static void
test_tz(void)
{
  assert(ldxi_ics_zone_name_ok("Europe/Zurich", 13));
  assert(ldxi_ics_zone_name_ok("Etc/GMT+5", 9));
  assert(!ldxi_ics_zone_name_ok("../etc/passwd", 13));
  assert(!ldxi_ics_zone_name_ok("/Europe/Zurich", 14));
  assert(!ldxi_ics_zone_name_ok("Europe//Zurich", 14));
  assert(!ldxi_ics_zone_name_ok("", 0));

  LdxiIcsZones zones;
  ldxi_ics_zones_init(&zones, NULL);
  size_t ny = 0, zu = 0, utc = 0, again = 0;
  assert(!ldxi_ics_zones_get(&zones, "America/New_York", 16, false, &ny));
  assert(!ldxi_ics_zones_get(&zones, "Europe/Zurich", 13, false, &zu));
  assert(!ldxi_ics_zones_get(&zones, "Etc/UTC", 7, false, &utc));
  assert(!ldxi_ics_zones_get(&zones, "Europe/Zurich", 13, false, &again) &&
         again == zu);
  assert(zones.zones[utc].utc && !zones.zones[zu].utc);
  assert(ldxi_ics_zones_get(&zones, "Mars/Olympus", 12, false, &again) ==
         LDX_FAILURE);
  assert(ldxi_ics_zones_get(&zones, "Mars/Olympus", 12, false, &again) ==
         LDX_FAILURE);

  LdxiCivil c;
  int64_t   t = 0;
  ldxi_civil_parse("2025-07-01T20:00:00", 19, &c);
  assert(ldxi_ics_zone_to_utc(&zones.zones[zu], &c, &t) == 1);
  assert(t == ldxi_days_from_civil(2025, 7, 1) * 86400 + 18 * 3600);
  // Skipped by spring forward: read with the offset before the change.
  ldxi_civil_parse("2025-03-09T02:30:00", 19, &c);
  assert(ldxi_ics_zone_to_utc(&zones.zones[ny], &c, &t) == 0);
  assert(t == ldxi_days_from_civil(2025, 3, 9) * 86400 + 7 * 3600 + 1800);
  // Repeated by fall back: the first occurrence.
  ldxi_civil_parse("2025-11-02T01:30:00", 19, &c);
  assert(ldxi_ics_zone_to_utc(&zones.zones[ny], &c, &t) == 2);
  assert(t == ldxi_days_from_civil(2025, 11, 2) * 86400 + 5 * 3600 + 1800);
  LdxiCivil back;
  memset(&back, 0, sizeof(back));
  ldxi_ics_zone_from_utc(&zones.zones[ny], t + 3600, &back);
  assert(back.hour == 1 && back.minute == 30); // the second 01:30

  // VTIMEZONE: bare TZID, truncated (a handful of sub-components).
  icalcomponent* vtz = NULL;
  assert(!ldxi_ics_vtimezone(&zones.zones[zu],
                             ldxi_days_from_civil(2025, 6, 1) * 86400,
                             ldxi_days_from_civil(2025, 6, 2) * 86400,
                             &vtz));
  icalproperty* tzid =
    icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
  assert(!strcmp(icalproperty_get_tzid(tzid), "Europe/Zurich"));
  assert(icalcomponent_count_components(vtz, ICAL_ANY_COMPONENT) <= 4);
  icalcomponent_free(vtz);
  ldxi_ics_zones_free(&zones);
}

// --- The writer
// ------------------------------------------------------------------------

static const T concert[] = {
  { EX "c1", RDF_TYPE, 'i', SCHEMA "MusicEvent", "", "" },
  { EX "c1", SCHEMA "name", 'l', "Concert", "", "en" },
  { EX "c1", SCHEMA "name", 'l', "Konzert", "", "de" },
  { EX "c1",
    SCHEMA "startDate",
    'l',
    "2025-07-01T20:00:00",
    XSD "dateTime",
    "" },
  { EX "c1", SCHEMA "endDate", 'l', "2025-07-01T22:00:00", XSD "dateTime", "" },
  { EX "c1", SCHEMA "location", 'i', EX "hall", "", "" },
  { EX "c1", SCHEMA "url", 'l', "https://example.org/c1?x=1,2", "", "" },
  { EX "c1", SCHEMA "image", 'i', "https://example.org/c1.png", "", "" },
  { EX "c1", SCHEMA "keywords", 'l', "jazz, live,jazz", "", "" },
  { EX "c1", SCHEMA "genre", 'l', "Swing", "", "" },
  { EX "c1", SCHEMA "eventStatus", 'i', SCHEMA "EventPostponed", "", "" },
  { EX "c1",
    SCHEMA "previousStartDate",
    'l',
    "2025-06-01T20:00:00",
    XSD "dateTime",
    "" },
  { EX "c1", SCHEMA "performer", 'i', EX "role1", "", "" },
  { EX "c1", SCHEMA "performer", 'i', EX "ann", "", "" },
  { EX "role1", RDF_TYPE, 'i', SCHEMA "PerformanceRole", "", "" },
  { EX "role1", SCHEMA "performer", 'i', EX "bob", "", "" },
  { EX "role1", SCHEMA "roleName", 'l', "piano", "", "" },
  { EX "ann", SCHEMA "name", 'l', "Ann", "", "" },
  { EX "bob", SCHEMA "name", 'l', "Bob", "", "" },
  { EX "c1", SCHEMA "organizer", 'i', EX "org", "", "" },
  { EX "org", SCHEMA "name", 'l', "Jazz Club", "", "" },
  { EX "org", SCHEMA "email", 'l', "club@example.org", "", "" },
  { EX "tour", SCHEMA "subEvent", 'i', EX "c1", "", "" },
  { EX "hall", SCHEMA "name", 'l', "Hall", "", "" },
  { EX "hall", SCHEMA "geo", 'b', "_:g", "", "" },
  { "_:g", SCHEMA "latitude", 'l', "47.5", XSD "decimal", "" },
  { "_:g", SCHEMA "longitude", 'l', "8.25", XSD "decimal", "" },
  { EX "hall", SCHEMA "containedInPlace", 'i', EX "city", "", "" },
  { EX "city", RDF_TYPE, 'i', SCHEMA "City", "", "" },
  { EX "city", SCHEMA "name", 'l', "Basel", "", "" },
  { EX "city",
    "http://www.w3.org/2002/12/cal/ical#tzid",
    'l',
    "Europe/Zurich",
    "",
    "" },
  { EX "feed", RDF_TYPE, 'i', SCHEMA "DataFeed", "", "" },
  { EX "feed", SCHEMA "name", 'l', "Konzerte", "", "de" },
};
#define N_CONCERT (sizeof(concert) / sizeof(concert[0]))

static void
test_mapping(void)
{
  char* text = feed(concert, N_CONCERT, NULL, NULL);
  lines_ok(text);
  libical_accepts(text);
  char uid[LDXI_UUID_STRLEN];
  ldxi_uuid5(ldxi_uuid_ns_url, EX "c1", strlen(EX "c1"), uid);
  char line[128];
  snprintf(line, sizeof(line), "UID:%s", uid);
  assert(has_line(text, line));
  char parent[LDXI_UUID_STRLEN];
  ldxi_uuid5(ldxi_uuid_ns_url, EX "tour", strlen(EX "tour"), parent);
  snprintf(line, sizeof(line), "RELATED-TO;RELTYPE=PARENT:%s", parent);
  assert(has_line(text, line));
  assert(has_line(text, "NAME;LANGUAGE=de:Konzerte"));
  assert(has_line(text, "X-WR-CALNAME:Konzerte"));
  assert(has_line(text, "DTSTART;TZID=Europe/Zurich:20250701T200000"));
  assert(has_line(text, "DTEND;TZID=Europe/Zurich:20250701T220000"));
  assert(has_line(text, "SUMMARY;LANGUAGE=en:Concert"));
  assert(has_line(
    text, "LOCATION;ALTREP=\"https://example.org/t/hall\":Hall\\, Basel"));
  assert(has_line(text, "GEO:47.500000;8.250000"));
  assert(has_line(text, "STATUS:TENTATIVE"));
  assert(has_line(text, "URL:https://example.org/c1?x=1,2"));
  assert(has_line(text, "IMAGE;VALUE=URI:https://example.org/c1.png"));
  assert(has_line(text, "CATEGORIES:jazz,live,Swing"));
  assert(
    has_line(text, "CONTACT;ALTREP=\"https://example.org/t/org\":Jazz Club"));
  assert(has_line(text,
                  "DESCRIPTION:Postponed: the new date is not known yet.\\n"
                  "Previously scheduled: 2025-06-01T20:00:00\\n"
                  "Performers: Ann\\, Bob (piano)"));
  assert(!strstr(text, "ORGANIZER") && !strstr(text, "METHOD"));
  assert(count(text, "BEGIN:VTIMEZONE") == 1);
  free(text);

  // --lang de, METHOD:PUBLISH with the organizer's e-mail.
  const char* const publish[] = { "method=publish", NULL };
  text                        = feed(concert, N_CONCERT, "de", publish);
  libical_accepts(text); // PUBLISH: ORGANIZER, SUMMARY... required
  assert(has_line(text, "SUMMARY;LANGUAGE=de:Konzert"));
  assert(has_line(text, "METHOD:PUBLISH"));
  assert(has_line(text, "ORGANIZER;CN=Jazz Club:mailto:club@example.org"));
  free(text);

  // The same data in another order, with http://schema.org/: same feed.
  T    reordered[N_CONCERT];
  char iris[N_CONCERT][2][96];
  for (size_t i = 0; i < N_CONCERT; ++i) {
    reordered[i] = concert[N_CONCERT - 1 - i];
    for (int k = 0; k < 2; ++k) {
      const char* v = k ? reordered[i].o : reordered[i].p;
      if (!strncmp(v, "https://schema.org/", 19)) {
        snprintf(
          iris[i][k], sizeof(iris[i][k]), "http://schema.org/%s", v + 19);
        if (k) {
          reordered[i].o = iris[i][k];
        } else {
          reordered[i].p = iris[i][k];
        }
      }
    }
  }
  char* a = feed(concert, N_CONCERT, NULL, NULL);
  char* b = feed(reordered, N_CONCERT, NULL, NULL);
  assert(!strcmp(a, b));
  free(a);
  free(b);
}

static void
test_escaping(void)
{
  // Long text: CJK, emoji, combining marks, TEXT specials, controls.
  char name[2048];
  snprintf(
    name,
    sizeof(name),
    "%s",
    "Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac\xe5\xa4\xa7\xe4\xbc\x9a "
    "\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb6\xf0\x9f\x8e\xb7 e\xcc\x81\xcc\x81 "
    "a,b;c\\d\x01\x02\x1b[0m\xc2\x85 \xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1"
    "\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d"
    "\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xf0\x9f\x8e\xb5\xf0\x9f\x8e"
    "\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5"
    "\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5");
  const T ev[] = {
    { EX "e", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "e", SCHEMA "name", 'l', name, "", "" },
    { EX "e",
      SCHEMA "description",
      'l',
      "line 1\r\nline 2\rline 3\nend",
      "",
      "" },
    { EX "e", SCHEMA "startDate", 'l', "2025-12-08", XSD "date", "" },
  };
  char* text = feed(ev, 4, NULL, NULL);
  lines_ok(text);
  libical_accepts(text);
  assert(has_line(text, "DESCRIPTION:line 1\\nline 2\\nline 3\\nend"));
  // The SUMMARY reads back as the cleaned text.
  icalcomponent* cal = icalparser_parse_string(text);
  icalcomponent* e =
    icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  const char* s = icalcomponent_get_summary(e);
  assert(s && strstr(s, "a,b;c\\d[0m "));
  assert(!strchr(s, '\x01') && !strchr(s, '\x1b') && !strstr(s, "\xc2\x85"));
  assert(strstr(s, "\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5\xf0\x9f\x8e\xb5"));
  icalcomponent_free(cal);
  // Folds happened, at 75 octets at most.
  assert(count(text, "\r\n ") >= 2);
  free(text);
}

static void
test_uids_and_skips(void)
{
  // Blank-node events: named by content; another labelling and order of
  // the same content gives the same UID, another date another UID.
  const T one[] = {
    { "_:x", RDF_TYPE, 'i', SCHEMA "MusicEvent", "", "" },
    { "_:x", SCHEMA "name", 'l', "Tour stop", "", "" },
    { "_:x", SCHEMA "startDate", 'l', "2025-05-01", XSD "date", "" },
    { "_:x", SCHEMA "location", 'b', "_:p", "", "" },
    { "_:p", SCHEMA "name", 'l', "Berlin", "", "" },
    { "_:y", RDF_TYPE, 'i', SCHEMA "MusicEvent", "", "" },
    { "_:y", SCHEMA "name", 'l', "Tour stop", "", "" },
    { "_:y", SCHEMA "startDate", 'l', "2025-05-03", XSD "date", "" },
    { "_:y", SCHEMA "location", 'b', "_:q", "", "" },
    { "_:q", SCHEMA "name", 'l', "London", "", "" },
  };
  const T two[] = {
    { "_:b2", SCHEMA "name", 'l', "London", "", "" },
    { "_:a2", SCHEMA "location", 'b', "_:b2", "", "" },
    { "_:a2", SCHEMA "startDate", 'l', "2025-05-03", XSD "date", "" },
    { "_:a2", SCHEMA "name", 'l', "Tour stop", "", "" },
    { "_:a2", RDF_TYPE, 'i', SCHEMA "MusicEvent", "", "" },
    // Rescheduling statements do not rename it.
    { "_:a2", SCHEMA "eventStatus", 'i', SCHEMA "EventScheduled", "", "" },
  };
  char* a = feed(one, 10, NULL, NULL);
  char* b = feed(two, 6, NULL, NULL);
  assert(count(a, "BEGIN:VEVENT") == 2);
  const char* ua1 = strstr(a, "UID:");
  const char* ua2 = strstr(ua1 + 1, "UID:");
  const char* ub  = strstr(b, "UID:");
  assert(memcmp(ua1, ua2, 40)); // distinct tour dates, distinct UIDs
  assert(!memcmp(ua2, ub, 40)); // London, by content (ordered by start)
  libical_accepts(a);
  free(a);
  free(b);

  // What cannot be placed on a day is left out, and nothing else.
  const T skips[] = {
    { EX "y", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "y", SCHEMA "startDate", 'l', "2024", XSD "gYear", "" },
    { EX "m", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "m", SCHEMA "startDate", 'l', "2024-05", XSD "gYearMonth", "" },
    { EX "n", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "z", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "z",
      SCHEMA "startDate",
      'l',
      "2025-01-01T10:00:00",
      XSD "dateTime",
      "" },
    { EX "w", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "w", SCHEMA "startDate", 'l', "soon", "", "" },
    { EX "p", RDF_TYPE, 'i', SCHEMA "Person", "", "" },
    { EX "p", SCHEMA "startDate", 'l', "2024-05-01", XSD "date", "" },
    // Several starts: the most precise, then the earliest.
    { EX "k", RDF_TYPE, 'i', SCHEMA "Event", "", "" },
    { EX "k", SCHEMA "startDate", 'l', "2025", XSD "gYear", "" },
    { EX "k", SCHEMA "startDate", 'l', "2025-06-02", XSD "date", "" },
    { EX "k", SCHEMA "startDate", 'l', "2025-06-01", XSD "date", "" },
    { EX "k", SCHEMA "endDate", 'l', "2025-05-01", XSD "date", "" }, // before
    { EX "k", SCHEMA "duration", 'l', "P2D", "", "" },
  };
  a = feed(skips, sizeof(skips) / sizeof(skips[0]), NULL, NULL);
  assert(count(a, "BEGIN:VEVENT") == 1);
  assert(has_line(a, "DTSTART;VALUE=DATE:20250601"));
  assert(has_line(a, "DTEND;VALUE=DATE:20250602")); // a bad end: one day
  free(a);
  const char* const tz[] = { "tz=Asia/Tokyo", NULL };
  a = feed(skips, sizeof(skips) / sizeof(skips[0]), NULL, tz);
  assert(count(a, "BEGIN:VEVENT") == 2);
  assert(has_line(a, "DTSTART;TZID=Asia/Tokyo:20250101T100000"));
  assert(has_line(a, "X-WR-TIMEZONE:Asia/Tokyo"));
  libical_accepts(a);
  free(a);
}

// --- Failures
// ---------------------------------------------------------------------------

static void
test_settings(void)
{
  int       errors = 0;
  LdxWorld* world  = ldx_world_new(NULL);
  ldx_world_set_diag_func(world, quiet, &errors);
  const char* const bad[][2] = {
    { "tz=Nowhere/Place", NULL },
    { "colour=red", NULL },
    { "method=request", NULL },
    { "refresh=P1M", NULL },
    { "structured-data=maybe", NULL },
    { "url=relative", NULL },
    { "previous=/nonexistent/old.ics", NULL },
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    MemOut    out = { NULL, 0, 0, SIZE_MAX };
    LdxStatus st  = write_feed(world, concert, 1, NULL, bad[i], &out, 0);
    assert(st == LDX_BAD_ARG || st == LDX_BAD_READ);
    free(out.data);
  }
  assert(errors == (int)(sizeof(bad) / sizeof(bad[0])));
  ldx_world_free(world);
}

static void
test_alloc_failures(void)
{
  const char* const params[] = { "tz=Europe/Zurich",
                                 "calname=Konzerte",
                                 "refresh=PT6H",
                                 "url=https://example.org/",
                                 NULL };
  // Count the allocations of a good run, then fail each in turn.
  FailAlloc    fa     = { 0, SIZE_MAX, 0 };
  LdxAllocator al     = { fa_malloc, fa_calloc, fa_realloc, fa_free, &fa };
  int          errors = 0;
  LdxWorld*    world  = ldx_world_new(&al);
  ldx_world_set_diag_func(world, quiet, &errors);
  MemOut good = { NULL, 0, 0, SIZE_MAX };
  assert(!write_feed(world, concert, N_CONCERT, "en", params, &good, 0));
  ldx_world_free(world);
  const size_t total = fa.n_allocs;
  assert(total > 20 && fa.n_live == 0);
  for (size_t i = 0; i < total; ++i) {
    FailAlloc    f  = { 0, i, 0 };
    LdxAllocator a2 = { fa_malloc, fa_calloc, fa_realloc, fa_free, &f };
    LdxWorld*    w  = ldx_world_new(&a2);
    if (!w) {
      assert(f.n_live == 0);
      continue;
    }
    ldx_world_set_diag_func(w, quiet, &errors);
    MemOut    out = { NULL, 0, 0, SIZE_MAX };
    LdxStatus st  = write_feed(w, concert, N_CONCERT, "en", params, &out, 0);
    assert(st == LDX_BAD_ALLOC ||
           (st == LDX_SUCCESS && !strcmp(out.data, good.data)));
    ldx_world_free(w);
    assert(f.n_live == 0);
    free(out.data);
  }
  // Again with the previous feed: its reading fails at each allocation too.
  char path[] = "/tmp/ldx-test-ics-XXXXXX";
  int  fd     = mkstemp(path);
  assert(fd >= 0);
  FILE* f = fdopen(fd, "wb");
  assert(f && fwrite(good.data, 1, good.len, f) == good.len && !fclose(f));
  char previous[64];
  snprintf(previous, sizeof(previous), "previous=%s", path);
  const char* const with_prev[] = {
    "tz=Europe/Zurich",         "calname=Konzerte", "refresh=PT6H",
    "url=https://example.org/", previous,           NULL
  };
  fa    = (FailAlloc){ 0, SIZE_MAX, 0 };
  world = ldx_world_new(&al);
  ldx_world_set_diag_func(world, quiet, &errors);
  MemOut again = { NULL, 0, 0, SIZE_MAX };
  assert(!write_feed(world, concert, N_CONCERT, "en", with_prev, &again, 0));
  assert(!strcmp(again.data, good.data)); // nothing changed: same bytes
  ldx_world_free(world);
  const size_t total2 = fa.n_allocs;
  for (size_t i = 0; i < total2; ++i) {
    FailAlloc    f2 = { 0, i, 0 };
    LdxAllocator a3 = { fa_malloc, fa_calloc, fa_realloc, fa_free, &f2 };
    LdxWorld*    w  = ldx_world_new(&a3);
    if (!w) {
      continue;
    }
    ldx_world_set_diag_func(w, quiet, &errors);
    MemOut    out = { NULL, 0, 0, SIZE_MAX };
    LdxStatus st  = write_feed(w, concert, N_CONCERT, "en", with_prev, &out, 0);
    assert(st == LDX_BAD_ALLOC ||
           (st == LDX_SUCCESS && !strcmp(out.data, good.data)));
    ldx_world_free(w);
    assert(f2.n_live == 0);
    free(out.data);
  }
  remove(path);
  free(again.data);
  free(good.data);
}

static void
test_write_failures(void)
{
  int       errors = 0;
  LdxWorld* world  = ldx_world_new(NULL);
  ldx_world_set_diag_func(world, quiet, &errors);
  MemOut good = { NULL, 0, 0, SIZE_MAX };
  assert(!write_feed(world, concert, N_CONCERT, NULL, NULL, &good, 0));
  // A small buffer, so that the writer flushes many times.
  for (size_t at = 0; at < good.len; at += 7) {
    MemOut    out = { NULL, 0, 0, at };
    LdxStatus st  = write_feed(world, concert, N_CONCERT, NULL, NULL, &out, 64);
    assert(st == LDX_BAD_WRITE);
    assert(out.len == at);
    free(out.data);
  }
  MemOut    out = { NULL, 0, 0, good.len };
  LdxStatus st  = write_feed(world, concert, N_CONCERT, NULL, NULL, &out, 64);
  assert(!st && !strcmp(out.data, good.data));
  free(out.data);
  free(good.data);
  ldx_world_free(world);
}

int
main(void)
{
  setenv("SOURCE_DATE_EPOCH", "1764547200", 1);
  test_civil();
  test_duration();
  test_uid();
  test_text();
  test_tz();
  test_mapping();
  test_escaping();
  test_uids_and_skips();
  test_settings();
  test_alloc_failures();
  test_write_failures();
  puts("test_ics: ok");
  return 0;
}
