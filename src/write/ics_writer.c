// SPDX-License-Identifier: MIT
// The iCalendar (RFC 5545) writer: a feed of the schema.org events in the
// data, for Google Calendar, Apple Calendar, Outlook and Thunderbird.
//
// The writer keeps the dataset in memory (an event needs its place, its
// performers, its parent event) and writes everything at finish: the
// calendar's properties, one VTIMEZONE per zone used, then the events in
// order of their start, each built as a libical VEVENT, serialized (libical
// escapes and folds) and freed before the next, so the output never exists
// as one tree or string.  Settings (--set NAME=VALUE) are listed in
// `params` below and in docs/architecture.md.
#include "write/ics_event.h"
#include "write/ics_previous.h"
#include "write/ics_text.h"
#include "write/ics_tz.h"
#include "write/text_out.h"
#include "write/writer_impl.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/try.h"
#include "graph/memgraph.h"
#include "rdf/iri.h"
#include "rdf/langtag.h"

#include "ldexport.h"

#include <libical/ical.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Event IRIs listed one by one among the skipped; the rest are counted.
#define MAX_LISTED 100

static const char* const ics_params[] = {
  "tz",       "floating", "method",          "organizer",
  "previous", "calname",  "caldesc",         "url",
  "source",   "refresh",  "structured-data", "tz-property",
  NULL,
};

typedef struct {
  LdxiTermId id;
  int64_t    start;
} EventRef;

typedef struct {
  LdxiTermId  id;
  LdxiIcsSkip why;
} Skipped;

typedef struct {
  LdxWorld*               world;
  LdxiTextOut             out;
  LdxiMemGraph*           graph;
  LdxiIcsZones            zones;
  LdxiIcsSettings         settings;
  char**                  langs;
  char*                   tz;          // the tz setting (owned)
  char*                   organizer;   // URI (owned)
  char*                   tz_property; // IRI (owned)
  char*                   calname;
  char*                   caldesc;
  char*                   url;    // URI (owned)
  char*                   source; // URI (owned)
  bool                    has_refresh;
  struct icaldurationtype refresh;
  bool                    has_previous;
  LdxiIcsPrevious         previous;
  int64_t now; // generation time (SOURCE_DATE_EPOCH or the clock)
} IcsWriter;

static void
ics_free(void* impl)
{
  IcsWriter* w = (IcsWriter*)impl;
  if (!w) {
    return;
  }
  LdxWorld* world = w->world;
  for (size_t i = 0; w->langs && i < w->settings.n_langs; ++i) {
    ldxi_free(world, w->langs[i]);
  }
  ldxi_free(world, w->langs);
  char* strings[] = { w->tz,      w->organizer, w->tz_property, w->calname,
                      w->caldesc, w->url,       w->source };
  for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); ++i) {
    ldxi_free(world, strings[i]);
  }
  if (w->has_previous) {
    ldxi_ics_previous_free(&w->previous);
  }
  ldxi_ics_zones_free(&w->zones);
  ldxi_memgraph_free(w->graph);
  ldxi_text_out_free(&w->out);
  ldxi_free(world, w);
}

static LdxStatus
bad_setting(LdxWorld*   world,
            const char* name,
            const char* value,
            const char* why)
{
  return ldxi_error(
    world, LDX_BAD_ARG, NULL, "ics: bad setting %s=%s: %s", name, value, why);
}

// yes/no settings.
static LdxStatus
flag(LdxWorld* world, const char* name, const char* value, bool* out)
{
  if (!value) {
    return LDX_SUCCESS;
  }
  static const char* const yes[] = { "yes", "true", "1", "on" };
  static const char* const no[]  = { "no", "false", "0", "off" };
  for (size_t i = 0; i < 4; ++i) {
    if (!strcmp(value, yes[i]) || !strcmp(value, no[i])) {
      *out = !strcmp(value, yes[i]);
      return LDX_SUCCESS;
    }
  }
  return bad_setting(world, name, value, "expected yes or no");
}

// An absolute IRI setting, kept as a URI.
static LdxStatus
uri_setting(LdxWorld* world, const char* name, const char* value, char** out)
{
  if (!value) {
    return LDX_SUCCESS;
  }
  size_t len = strlen(value);
  if (!ldxi_iri_has_scheme(value, len) || !ldxi_iri_is_valid(value, len)) {
    return bad_setting(world, name, value, "expected an absolute IRI");
  }
  LdxiBuf b;
  ldxi_buf_init(&b, world, 0);
  LdxStatus st = ldxi_ics_iri_to_uri(&b, value, len);
  if (!st) {
    *out = ldxi_strndup(world, ldxi_buf_cstr(&b), b.len);
    st   = *out ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  ldxi_buf_free(&b);
  return st;
}

static LdxStatus
text_setting(LdxWorld* world, const char* value, char** out)
{
  if (!value) {
    return LDX_SUCCESS;
  }
  LdxiBuf b;
  ldxi_buf_init(&b, world, 0);
  LdxStatus st = ldxi_ics_clean_text(&b, value, strlen(value), true);
  if (!st) {
    *out = ldxi_strndup(world, ldxi_buf_cstr(&b), b.len);
    st   = *out ? LDX_SUCCESS : LDX_BAD_ALLOC;
  }
  ldxi_buf_free(&b);
  return st;
}

// --lang: one tag or a comma-separated list of fallbacks.
static LdxStatus
parse_langs(IcsWriter* w, const char* lang)
{
  if (!lang || !*lang) {
    return LDX_SUCCESS;
  }
  size_t n = 1;
  for (const char* p = lang; *p; ++p) {
    n += *p == ',';
  }
  w->langs = (char**)ldxi_calloc(w->world, n, sizeof(char*));
  if (!w->langs) {
    return LDX_BAD_ALLOC;
  }
  const char* p = lang;
  for (size_t i = 0; i < n; ++i) {
    const char* end = strchr(p, ',');
    size_t      len = end ? (size_t)(end - p) : strlen(p);
    while (len && *p == ' ') {
      ++p;
      --len;
    }
    while (len && p[len - 1] == ' ') {
      --len;
    }
    if (!ldxi_langtag_is_valid(p, len)) {
      return ldxi_error(w->world,
                        LDX_BAD_ARG,
                        NULL,
                        "ics: '%.*s' is not a language tag (BCP 47)",
                        len > 40 ? 40 : (int)len,
                        p);
    }
    if (!(w->langs[w->settings.n_langs++] = ldxi_strndup(w->world, p, len))) {
      return LDX_BAD_ALLOC;
    }
    p = end ? end + 1 : p + len;
  }
  w->settings.langs = (const char* const*)w->langs;
  return LDX_SUCCESS;
}

// The generation time: SOURCE_DATE_EPOCH (reproducible builds) or now.
static LdxStatus
generation_time(LdxWorld* world, int64_t* now)
{
  const char* epoch = getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) {
    *now = (int64_t)time(NULL);
    return LDX_SUCCESS;
  }
  int64_t v = 0;
  for (const char* p = epoch; *p; ++p) {
    if (*p < '0' || *p > '9' || v > 253402300799 / 10) {
      return ldxi_error(world,
                        LDX_BAD_ARG,
                        NULL,
                        "SOURCE_DATE_EPOCH is not a number of seconds: '%s'",
                        epoch);
    }
    v = v * 10 + (*p - '0');
  }
  if (v > 253402300799) { // after 9999-12-31T23:59:59Z
    return ldxi_error(
      world, LDX_BAD_ARG, NULL, "SOURCE_DATE_EPOCH is too large");
  }
  *now = v;
  return LDX_SUCCESS;
}

static LdxStatus
configure(IcsWriter* w, const LdxiWriterConfig* config)
{
  LdxWorld*   world = w->world;
  LdxStatus   st    = LDX_SUCCESS;
  const char* v     = NULL;
  TRY(st, parse_langs(w, config->lang));
  if ((v = ldxi_writer_param(config, "tz"))) {
    size_t zone = 0;
    st          = ldxi_ics_zones_get(&w->zones, v, strlen(v), false, &zone);
    if (st == LDX_FAILURE) {
      return bad_setting(world,
                         "tz",
                         v,
                         "not a time zone of the tz database (IANA names "
                         "such as Europe/Zurich)");
    }
    TRY(st, st);
    w->settings.default_zone = zone;
    TRY(st, text_setting(world, v, &w->tz));
  }
  TRY(st,
      flag(world,
           "floating",
           ldxi_writer_param(config, "floating"),
           &w->settings.floating));
  TRY(st,
      flag(world,
           "structured-data",
           ldxi_writer_param(config, "structured-data"),
           &w->settings.structured));
  if ((v = ldxi_writer_param(config, "method"))) {
    if (!strcmp(v, "publish") || !strcmp(v, "PUBLISH")) {
      w->settings.publish = true;
    } else if (strcmp(v, "none") && *v) {
      return bad_setting(world, "method", v, "expected publish or none");
    }
  }
  TRY(st,
      uri_setting(world,
                  "organizer",
                  ldxi_writer_param(config, "organizer"),
                  &w->organizer));
  w->settings.organizer = w->organizer;
  if ((v = ldxi_writer_param(config, "tz-property"))) {
    if (!ldxi_iri_is_valid(v, strlen(v))) {
      return bad_setting(world, "tz-property", v, "expected an absolute IRI");
    }
    TRY(st, text_setting(world, v, &w->tz_property));
    w->settings.tz_property = w->tz_property;
  }
  TRY(st,
      text_setting(world, ldxi_writer_param(config, "calname"), &w->calname));
  TRY(st,
      text_setting(world, ldxi_writer_param(config, "caldesc"), &w->caldesc));
  TRY(st, uri_setting(world, "url", ldxi_writer_param(config, "url"), &w->url));
  TRY(st,
      uri_setting(
        world, "source", ldxi_writer_param(config, "source"), &w->source));
  if ((v = ldxi_writer_param(config, "refresh"))) {
    LdxiDuration d;
    if (!ldxi_duration_parse(v, strlen(v), &d) || !ldxi_duration_is_exact(&d)) {
      return bad_setting(world,
                         "refresh",
                         v,
                         "expected a duration in weeks, days, hours, minutes "
                         "or seconds, e.g. PT12H");
    }
    w->has_refresh     = true;
    w->refresh         = icaldurationtype_null_duration();
    w->refresh.days    = (unsigned)(d.weeks * 7 + d.days);
    w->refresh.hours   = (unsigned)d.hours;
    w->refresh.minutes = (unsigned)d.minutes;
    w->refresh.seconds = (unsigned)d.seconds;
  }
  TRY(st, generation_time(world, &w->now));
  if ((v = ldxi_writer_param(config, "previous"))) {
    TRY(st, ldxi_ics_previous_load(world, v, &w->previous));
    w->has_previous = true;
  }
  return st;
}

static LdxStatus
ics_new(const LdxiWriterConfig* config, void** impl)
{
  LdxWorld*  world = config->world;
  IcsWriter* w     = (IcsWriter*)ldxi_calloc(world, 1, sizeof(IcsWriter));
  if (!w) {
    return LDX_BAD_ALLOC;
  }
  w->world                 = world;
  w->settings.default_zone = SIZE_MAX;
  ldxi_ics_zones_init(&w->zones, world);
  LdxStatus st =
    ldxi_text_out_init(&w->out, world, config->out, config->buffer_size);
  if (!st) {
    st = ldxi_memgraph_new(world, &w->graph);
  }
  if (!st) {
    st = configure(w, config);
  }
  if (st) {
    ics_free(w);
    return st;
  }
  *impl = w;
  return LDX_SUCCESS;
}

static LdxStatus
ics_sink(void* impl, const LdxEvent* event)
{
  IcsWriter* w = (IcsWriter*)impl;
  if (event->type == LDX_EVENT_QUAD) {
    return ldxi_memgraph_add(w->graph, &event->u.quad);
  }
  return LDX_SUCCESS; // prefixes mean nothing here; the feed is written at
                      // finish
}

// ---------------------------------------------------------------------------
// Writing

// Write a libical string and free it.
static LdxStatus
put_ical(IcsWriter* w, char* s)
{
  if (!s) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus st = ldxi_text_out_put(&w->out, s, strlen(s));
  icalmemory_free_buffer(s);
  return st;
}

// Write a property (libical escapes and folds it) and free it.
static LdxStatus
put_prop(IcsWriter* w, icalproperty* p)
{
  if (!p) {
    return LDX_BAD_ALLOC;
  }
  LdxStatus st = put_ical(w, icalproperty_as_ical_string_r(p));
  icalproperty_free(p);
  return st;
}

static icalproperty*
with_param(icalproperty* p, icalparameter* par)
{
  if (p && par) {
    icalproperty_add_parameter(p, par);
    return p;
  }
  if (p) {
    icalproperty_free(p);
  }
  if (par) {
    icalparameter_free(par);
  }
  return NULL;
}

static icalproperty*
x_prop(const char* name, const char* value)
{
  icalproperty* p = icalproperty_new_x(value);
  if (p) {
    icalproperty_set_x_name(p, name);
  }
  return p;
}

static LdxStatus
write_header(IcsWriter* w, LdxiIcsEvents* ev)
{
  LdxStatus st        = LDX_SUCCESS;
  char*     name      = NULL;
  char*     name_lang = NULL;
  char*     desc      = NULL;
  char*     url       = NULL;
  TRY(st, ldxi_ics_feed_meta(ev, &name, &name_lang, &desc, &url));
  if (w->calname) {
    ldxi_free(w->world, name);
    ldxi_free(w->world, name_lang);
    name      = NULL;
    name_lang = NULL;
  }
  const char* cal_name = w->calname ? w->calname : name;
  const char* cal_desc = w->caldesc ? w->caldesc : desc;
  const char* cal_url  = w->url ? w->url : url;
  char        prodid[96];
  snprintf(
    prodid, sizeof(prodid), "-//ldexport//ldexport %s//EN", ldx_version());

  st = ldxi_text_out_put(&w->out, "BEGIN:VCALENDAR\r\n", 17);
  if (!st) {
    st = put_prop(w, icalproperty_new_version("2.0"));
  }
  if (!st) {
    st = put_prop(w, icalproperty_new_prodid(prodid));
  }
  if (!st) {
    st = put_prop(w, icalproperty_new_calscale("GREGORIAN"));
  }
  if (!st && w->settings.publish) {
    st = put_prop(w, icalproperty_new_method(ICAL_METHOD_PUBLISH));
  }
  if (!st && cal_name && *cal_name) {
    icalproperty* p = icalproperty_new_name(cal_name);
    if (p && name_lang) {
      p = with_param(p, icalparameter_new_language(name_lang));
    }
    st = put_prop(w, p);
    if (!st) {
      st = put_prop(w, x_prop("X-WR-CALNAME", cal_name));
    }
  }
  if (!st && cal_desc && *cal_desc) {
    st = put_prop(w, icalproperty_new_description(cal_desc));
    if (!st) {
      st = put_prop(w, x_prop("X-WR-CALDESC", cal_desc));
    }
  }
  if (!st && cal_url) {
    st = put_prop(w, icalproperty_new_url(cal_url));
  }
  if (!st && w->source) {
    st = put_prop(w,
                  with_param(icalproperty_new_source(w->source),
                             icalparameter_new_value(ICAL_VALUE_URI)));
  }
  if (!st && w->has_refresh) {
    st        = put_prop(w,
                  with_param(icalproperty_new_refreshinterval(w->refresh),
                             icalparameter_new_value(ICAL_VALUE_DURATION)));
    char* ttl = icaldurationtype_as_ical_string_r(w->refresh);
    if (!st && !ttl) {
      st = LDX_BAD_ALLOC;
    }
    if (!st) {
      st = put_prop(w, x_prop("X-PUBLISHED-TTL", ttl));
    }
    icalmemory_free_buffer(ttl);
  }
  if (!st && w->tz) {
    st = put_prop(w, x_prop("X-WR-TIMEZONE", w->tz));
  }
  ldxi_free(w->world, name);
  ldxi_free(w->world, name_lang);
  ldxi_free(w->world, desc);
  ldxi_free(w->world, url);
  return st;
}

static int
cmp_ref(const void* a, const void* b)
{
  const EventRef* x = (const EventRef*)a;
  const EventRef* y = (const EventRef*)b;
  if (x->start != y->start) {
    return x->start < y->start ? -1 : 1;
  }
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_zone(const void* a, const void* b)
{
  const LdxiIcsZone* x = *(const LdxiIcsZone* const*)a;
  const LdxiIcsZone* y = *(const LdxiIcsZone* const*)b;
  return strcmp(x->name, y->name);
}

static LdxStatus
write_timezones(IcsWriter* w, int64_t first, int64_t last)
{
  LdxiIcsZone** used =
    (LdxiIcsZone**)ldxi_calloc(w->world, w->zones.n + 1, sizeof(LdxiIcsZone*));
  if (!used) {
    return LDX_BAD_ALLOC;
  }
  size_t n = 0;
  for (size_t i = 0; i < w->zones.n; ++i) {
    if (w->zones.zones[i].used && !w->zones.zones[i].utc) {
      used[n++] = &w->zones.zones[i];
    }
  }
  qsort(used, n, sizeof(LdxiIcsZone*), cmp_zone);
  LdxStatus st = LDX_SUCCESS;
  for (size_t i = 0; !st && i < n; ++i) {
    icalcomponent* vtz = NULL;
    st                 = ldxi_ics_vtimezone(used[i], first, last, &vtz);
    if (!st) {
      st = put_ical(w, icalcomponent_as_ical_string_r(vtz));
      icalcomponent_free(vtz);
    }
  }
  ldxi_free(w->world, used);
  return st;
}

static struct icaltimetype
utc_icaltime(int64_t t)
{
  LdxiCivil c;
  memset(&c, 0, sizeof(c));
  ldxi_civil_from_seconds(t, &c);
  struct icaltimetype tt = icaltime_null_time();
  tt.year                = c.year;
  tt.month               = c.month;
  tt.day                 = c.day;
  tt.hour                = c.hour;
  tt.minute              = c.minute;
  tt.second              = c.second;
  tt.zone                = icaltimezone_get_utc_timezone();
  return tt;
}

// SEQUENCE and DTSTAMP: from the data, else from the previous feed (the
// same event: its DTSTAMP and SEQUENCE; moved, re-placed or re-statused:
// SEQUENCE + 1; otherwise changed: a new DTSTAMP), else 0 and now.
static LdxStatus
stamp(IcsWriter* w, LdxiIcsBuilt* b, size_t* bumped)
{
  int                 sequence = b->data_sequence > 0 ? b->data_sequence : 0;
  struct icaltimetype dtstamp =
    utc_icaltime(b->has_modified ? b->modified : w->now);
  if (w->has_previous) {
    const char*             uid = icalcomponent_get_uid(b->vevent);
    const LdxiIcsPrevEvent* old =
      uid ? ldxi_ics_previous_find(&w->previous, uid) : NULL;
    if (old) {
      char* text = icalcomponent_as_ical_string_r(b->vevent);
      if (!text) {
        return LDX_BAD_ALLOC;
      }
      uint8_t material[20];
      uint8_t content[20];
      bool    ok = ldxi_ics_fingerprint(text, material, content);
      icalmemory_free_buffer(text);
      bool moved = !ok || memcmp(material, old->material, 20);
      int  seq   = old->sequence + (moved ? 1 : 0);
      if (seq > sequence) {
        sequence = seq;
      }
      *bumped += moved;
      if (ok && !moved && !memcmp(content, old->content, 20) &&
          old->has_dtstamp && !b->has_modified) {
        dtstamp = old->dtstamp;
      }
    }
  }
  icalproperty_set_sequence(b->sequence, sequence);
  icalproperty_set_dtstamp(b->dtstamp, dtstamp);
  return LDX_SUCCESS;
}

// Report the events left out: a count, then each IRI (up to MAX_LISTED).
static void
report_skipped(IcsWriter* w, LdxiIcsEvents* ev, const Skipped* list, size_t n)
{
  if (!n) {
    return;
  }
  ldxi_warning(w->world,
               NULL,
               "ics: %zu event%s left out of the feed: the data does not "
               "place %s on a day",
               n,
               n == 1 ? "" : "s",
               n == 1 ? "it" : "them");
  for (size_t i = 0; i < n && i < MAX_LISTED; ++i) {
    const LdxTerm* t     = ldxi_memgraph_term(w->graph, list[i].id);
    const char*    label = ldxi_ics_node_label(ev, list[i].id);
    char           msg[1024];
    snprintf(msg,
             sizeof(msg),
             "left out %s%.*s%s%s%s%s: %s",
             t->type == LDX_TERM_IRI ? "<" : "_:",
             (int)t->value.len,
             t->value.buf,
             t->type == LDX_TERM_IRI ? ">" : "",
             label ? " (\"" : "",
             label ? label : "",
             label ? "\")" : "",
             ldxi_ics_skip_text(list[i].why));
    LdxDiag d;
    memset(&d, 0, sizeof(d));
    d.status  = LDX_SUCCESS;
    d.level   = LDX_LEVEL_NOTE;
    d.message = msg;
    ldxi_report(w->world, &d);
    ldxi_arena_reset(&ev->arena);
  }
  if (n > MAX_LISTED) {
    LdxDiag d;
    memset(&d, 0, sizeof(d));
    char msg[96];
    snprintf(msg,
             sizeof(msg),
             "and %zu more events left out (not listed)",
             n - MAX_LISTED);
    d.level   = LDX_LEVEL_NOTE;
    d.message = msg;
    ldxi_report(w->world, &d);
  }
}

static LdxStatus
write_feed(IcsWriter* w, LdxiIcsEvents* ev)
{
  LdxStatus         st       = LDX_SUCCESS;
  const LdxiTermId* subjects = NULL;
  size_t            n        = ldxi_memgraph_subjects(w->graph, &subjects);
  EventRef*         refs     = NULL;
  Skipped*          skipped  = NULL;
  size_t            n_refs = 0, cap_refs = 0, n_skipped = 0, cap_skipped = 0;
  int64_t           first = INT64_MAX, last = INT64_MIN;
  bool              open = false;

  // Pass 1: which events go in, their order, the zones and the date range.
  for (size_t i = 0; !st && i < n; ++i) {
    if (!ldxi_ics_is_event(ev, subjects[i])) {
      continue;
    }
    LdxiIcsTimes t;
    LdxiIcsSkip  why = LDXI_ICS_KEEP;
    st               = ldxi_ics_event_times(ev, subjects[i], &t, &why);
    ldxi_arena_reset(&ev->arena);
    if (st) {
      break;
    }
    if (why != LDXI_ICS_KEEP) {
      if (ldxi_grow(w->world,
                    (void**)&skipped,
                    &cap_skipped,
                    n_skipped + 1,
                    sizeof(Skipped))) {
        st = LDX_BAD_ALLOC;
        break;
      }
      skipped[n_skipped].id    = subjects[i];
      skipped[n_skipped++].why = why;
      continue;
    }
    if (ldxi_grow(
          w->world, (void**)&refs, &cap_refs, n_refs + 1, sizeof(EventRef))) {
      st = LDX_BAD_ALLOC;
      break;
    }
    refs[n_refs].id      = subjects[i];
    refs[n_refs++].start = t.start_utc;
    if (t.form == LDXI_FORM_ZONED || t.end_form == LDXI_FORM_ZONED) {
      w->zones.zones[t.zone].used = true;
    }
    first = t.start_utc < first ? t.start_utc : first;
    last  = t.end_utc > last ? t.end_utc : last;
    open |= t.open_ended;
  }
  if (!st && w->settings.default_zone != SIZE_MAX && w->tz) {
    w->zones.zones[w->settings.default_zone].used = true; // X-WR-TIMEZONE
  }
  if (!st && first == INT64_MAX) { // no event: the zone of today's year
    first = last = w->now;
  }
  if (n_refs) {
    qsort(refs, n_refs, sizeof(EventRef), cmp_ref);
  }
  if (!st) {
    st = write_header(w, ev);
  }
  if (!st) {
    st = write_timezones(w, first, open ? INT64_MAX : last);
  }

  // Pass 2: one VEVENT at a time.
  size_t bumped = 0;
  for (size_t i = 0; !st && i < n_refs; ++i) {
    LdxiIcsTimes t;
    LdxiIcsSkip  why = LDXI_ICS_KEEP;
    LdxiIcsBuilt b;
    memset(&b, 0, sizeof(b));
    st = ldxi_ics_event_times(ev, refs[i].id, &t, &why);
    if (!st) {
      st = ldxi_ics_event_build(ev, refs[i].id, &t, &b);
    }
    if (!st) {
      st = stamp(w, &b, &bumped);
    }
    if (!st) {
      st = put_ical(w, icalcomponent_as_ical_string_r(b.vevent));
    }
    if (b.vevent) {
      icalcomponent_free(b.vevent);
    }
    ldxi_arena_reset(&ev->arena);
  }
  if (!st) {
    st = ldxi_text_out_put(&w->out, "END:VCALENDAR\r\n", 15);
  }
  if (!st) {
    report_skipped(w, ev, skipped, n_skipped);
  }
  if (!st && w->has_previous) {
    LdxDiag d;
    char    msg[128];
    memset(&d, 0, sizeof(d));
    snprintf(msg,
             sizeof(msg),
             "ics: SEQUENCE raised for %zu event%s whose time, place or "
             "status changed since the previous feed",
             bumped,
             bumped == 1 ? "" : "s");
    d.level   = LDX_LEVEL_NOTE;
    d.message = msg;
    ldxi_report(w->world, &d);
  }
  icalerror_clear_errno();
  ldxi_free(w->world, refs);
  ldxi_free(w->world, skipped);
  return st;
}

static LdxStatus
ics_finish(void* impl)
{
  IcsWriter*    w = (IcsWriter*)impl;
  LdxiIcsEvents ev;
  LdxStatus     st = ldxi_memgraph_index(w->graph);
  if (!st) { // events look up their sub-events and tour dates by object
    st = ldxi_memgraph_index_objects(w->graph);
  }
  if (st) {
    return st;
  }
  st = ldxi_ics_events_init(&ev, w->world, w->graph, &w->settings, &w->zones);
  if (!st) {
    st = write_feed(w, &ev);
  }
  ldxi_ics_events_free(&ev);
  if (!st) {
    st = ldxi_text_out_flush(&w->out);
  }
  return st;
}

const LdxiWriterClass ldxi_ics_writer_class = {
  "ics", ics_new, ics_sink, ics_finish, ics_free, ics_params,
};
