// SPDX-License-Identifier: MIT
// schema.org → iCalendar, one event at a time (see ics_event.h).
#include "write/ics_event.h"
#include "write/ics_event_impl.h"

#include "write/ics_text.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/try.h"
#include "rdf/iri.h"
#include "vocab/schemaorg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------
// Vocabulary

// schema.org local names, in the order of the enum (up to P_EMAIL).
static const char* const schema_props[] = {
  "name",
  "description",
  "startDate",
  "endDate",
  "duration",
  "location",
  "geo",
  "latitude",
  "longitude",
  "address",
  "streetAddress",
  "addressLocality",
  "addressRegion",
  "postalCode",
  "addressCountry",
  "containedInPlace",
  "url",
  "image",
  "contentUrl",
  "eventStatus",
  "previousStartDate",
  "organizer",
  "performer",
  "roleName",
  "superEvent",
  "subEvent",
  "keywords",
  "genre",
  "eventSchedule",
  "scheduleTimezone",
  "repeatFrequency",
  "repeatCount",
  "byDay",
  "byMonth",
  "byMonthDay",
  "byMonthWeek",
  "exceptDate",
  "startTime",
  "endTime",
  "dateModified",
  "email",
};

_Static_assert(sizeof(schema_props) / sizeof(schema_props[0]) == P_TZ,
               "one schema.org name per property up to P_TZ");

#define ICAL_NS "http://www.w3.org/2002/12/cal/ical#"
#define ICALTZD_NS "http://www.w3.org/2002/12/cal/tzd/"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

// Statements that reschedule or revise an event: left out of the content
// that names a blank-node event, so its UID survives them.
static bool
is_volatile(int prop)
{
  return prop == P_EVENT_STATUS || prop == P_PREVIOUS_START ||
         prop == P_DATE_MODIFIED || prop == P_SEQUENCE;
}

static int
cmp_pred(const void* a, const void* b)
{
  const LdxiIcsPred* x = (const LdxiIcsPred*)a;
  const LdxiIcsPred* y = (const LdxiIcsPred*)b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static LdxStatus
add_pred(LdxiIcsEvents* ev, size_t* cap, const char* iri, int prop)
{
  LdxiTermId id = ldxi_memgraph_iri(ev->graph, iri);
  if (!id) {
    return LDX_SUCCESS;
  }
  if (ldxi_grow(ev->world,
                (void**)&ev->preds,
                cap,
                ev->n_preds + 1,
                sizeof(LdxiIcsPred))) {
    return LDX_BAD_ALLOC;
  }
  ev->preds[ev->n_preds].id   = id;
  ev->preds[ev->n_preds].prop = prop;
  ++ev->n_preds;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ics_events_init(LdxiIcsEvents*         ev,
                     LdxWorld*              world,
                     const LdxiMemGraph*    graph,
                     const LdxiIcsSettings* settings,
                     LdxiIcsZones*          zones)
{
  memset(ev, 0, sizeof(*ev));
  ev->world    = world;
  ev->graph    = graph;
  ev->settings = *settings;
  ev->zones    = zones;
  ldxi_arena_init(&ev->arena, world, 0);
  ldxi_buf_init(&ev->text, world, 0);
  ev->rdf_type = ldxi_memgraph_iri(graph, RDF_TYPE);
  // The namespace of content-named (blank node) events.
  static const char blank_ns_name[] = "urn:ldexport:ics:blank-event";
  ldxi_uuid5_bytes(
    ldxi_uuid_ns_url, blank_ns_name, sizeof(blank_ns_name) - 1, ev->blank_ns);

  size_t    cap = 0;
  LdxStatus st  = LDX_SUCCESS;
  char      iri[96];
  for (int p = 0; p < P_TZ; ++p) {
    snprintf(iri, sizeof(iri), "https://schema.org/%s", schema_props[p]);
    TRY(st, add_pred(ev, &cap, iri, p));
    snprintf(iri, sizeof(iri), "http://schema.org/%s", schema_props[p]);
    TRY(st, add_pred(ev, &cap, iri, p));
  }
  TRY(st, add_pred(ev, &cap, ICAL_NS "tzid", P_TZ));
  TRY(st, add_pred(ev, &cap, ICAL_NS "sequence", P_SEQUENCE));
  if (settings->tz_property) {
    TRY(st, add_pred(ev, &cap, settings->tz_property, P_TZ));
  }
  if (ev->n_preds) {
    qsort(ev->preds, ev->n_preds, sizeof(LdxiIcsPred), cmp_pred);
  }
  return LDX_SUCCESS;
}

void
ldxi_ics_events_free(LdxiIcsEvents* ev)
{
  ldxi_free(ev->world, ev->preds);
  ldxi_arena_free(&ev->arena);
  ldxi_buf_free(&ev->text);
  memset(ev, 0, sizeof(*ev));
}

int
ldxi_icsv_prop_of(const LdxiIcsEvents* ev, LdxiTermId pred)
{
  size_t lo = 0;
  size_t hi = ev->n_preds;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ev->preds[mid].id < pred) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < ev->n_preds && ev->preds[lo].id == pred ? ev->preds[lo].prop : -1;
}

// ---------------------------------------------------------------------------
// Views of nodes: the objects of each property we read, in term order.

static int
cmp_pair(const void* a, const void* b)
{
  const LdxiIcsPair* x = (const LdxiIcsPair*)a;
  const LdxiIcsPair* y = (const LdxiIcsPair*)b;
  if (x->prop != y->prop) {
    return x->prop < y->prop ? -1 : 1;
  }
  return x->obj < y->obj ? -1 : x->obj > y->obj;
}

LdxStatus
ldxi_icsv_view_load(LdxiIcsEvents* ev, LdxiTermId id, LdxiIcsView* v)
{
  const LdxiMemQuad* q = NULL;
  size_t n = id ? ldxi_memgraph_by_subject(ev->graph, id, 0, &q) : 0;
  v->id    = id;
  v->n     = 0;
  v->pairs = NULL;
  if (!n) {
    return LDX_SUCCESS;
  }
  v->pairs =
    (LdxiIcsPair*)ldxi_arena_alloc(&ev->arena, n * sizeof(LdxiIcsPair));
  if (!v->pairs) {
    ev->oom = true;
    return LDX_BAD_ALLOC;
  }
  for (size_t i = 0; i < n; ++i) {
    int prop = ldxi_icsv_prop_of(ev, q[i].p);
    if (prop >= 0) {
      v->pairs[v->n].prop  = prop;
      v->pairs[v->n++].obj = q[i].o;
    }
  }
  qsort(v->pairs, v->n, sizeof(LdxiIcsPair), cmp_pair);
  size_t out = 0; // the same object in several graphs, or by http and https
  for (size_t i = 0; i < v->n; ++i) {
    if (!out || cmp_pair(&v->pairs[out - 1], &v->pairs[i])) {
      v->pairs[out++] = v->pairs[i];
    }
  }
  v->n = out;
  return LDX_SUCCESS;
}

// The objects of `prop`: returns their number, *first the first pair.
size_t
ldxi_icsv_view_get(const LdxiIcsView* v, int prop, const LdxiIcsPair** first)
{
  size_t i = 0;
  while (i < v->n && v->pairs[i].prop < prop) {
    ++i;
  }
  size_t j = i;
  while (j < v->n && v->pairs[j].prop == prop) {
    ++j;
  }
  *first = v->pairs + i;
  return j - i;
}

const LdxTerm*
ldxi_icsv_term(const LdxiIcsEvents* ev, LdxiTermId id)
{
  return ldxi_memgraph_term(ev->graph, id);
}

bool
ldxi_icsv_is_node(const LdxTerm* t)
{
  return t && (t->type == LDX_TERM_IRI || t->type == LDX_TERM_BLANK);
}

// Copy into the arena; NULL (and the sticky oom flag) without memory.
char*
ldxi_icsv_arena_copy(LdxiIcsEvents* ev, const char* s, size_t len)
{
  char* r = ldxi_arena_strndup(&ev->arena, s ? s : "", len);
  ev->oom |= !r;
  return r;
}

char*
ldxi_icsv_arena_str(LdxiIcsEvents* ev, LdxStr s)
{
  return ldxi_icsv_arena_copy(ev, s.buf, s.len);
}

// True if node `id` has an rdf:type that is schema.org `ancestor` or below.
bool
ldxi_icsv_has_type(const LdxiIcsEvents* ev, LdxiTermId id, const char* ancestor)
{
  const LdxiMemQuad* q = NULL;
  size_t             n = ev->rdf_type
                           ? ldxi_memgraph_by_subject(ev->graph, id, ev->rdf_type, &q)
                           : 0;
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t     = ldxi_icsv_term(ev, q[i].o);
    size_t         len   = 0;
    const char*    local = t && t->type == LDX_TERM_IRI
                             ? ldxi_schema_local(t->value.buf, t->value.len, &len)
                             : NULL;
    if (local && ldxi_schema_is_subtype_of(local, len, ancestor)) {
      return true;
    }
  }
  return false;
}

bool
ldxi_ics_is_event(LdxiIcsEvents* ev, LdxiTermId id)
{
  return ldxi_icsv_is_node(ldxi_icsv_term(ev, id)) &&
         ldxi_icsv_has_type(ev, id, "Event");
}

// The schema.org local name of an IRI term, or NULL.
const char*
ldxi_icsv_schema_local_of(const LdxTerm* t, size_t* len)
{
  if (!t || t->type != LDX_TERM_IRI) {
    return NULL;
  }
  return ldxi_schema_local(t->value.buf, t->value.len, len);
}

bool
ldxi_icsv_local_is(const char* local, size_t len, const char* name)
{
  return local && strlen(name) == len && !memcmp(local, name, len);
}

// ---------------------------------------------------------------------------
// Languages

static char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool
ldxi_icsv_tag_equal(LdxStr a, const char* b, size_t blen)
{
  if (a.len != blen) {
    return false;
  }
  for (size_t i = 0; i < blen; ++i) {
    if (lower(a.buf[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

static size_t
primary_len(const char* tag, size_t len)
{
  size_t i = 0;
  while (i < len && tag[i] != '-') {
    ++i;
  }
  return i;
}

// Rank of a literal's language: lower is better.  The requested languages
// in order (an exact tag before the same primary language), then untagged
// text, then English, then any other.
unsigned
ldxi_icsv_lang_rank(const LdxiIcsEvents* ev, const LdxTerm* t)
{
  const size_t n = ev->settings.n_langs;
  LdxStr       l = t->language;
  for (size_t i = 0; i < n; ++i) {
    const char* want = ev->settings.langs[i];
    size_t      wlen = strlen(want);
    if (ldxi_icsv_tag_equal(l, want, wlen)) {
      return (unsigned)(2 * i);
    }
    size_t lp = primary_len(l.buf, l.len);
    size_t wp = primary_len(want, wlen);
    if (l.len && lp == wp &&
        ldxi_icsv_tag_equal((LdxStr){ l.buf, lp }, want, wp)) {
      return (unsigned)(2 * i + 1);
    }
  }
  if (!l.len) {
    return (unsigned)(2 * n);
  }
  if (primary_len(l.buf, l.len) == 2 &&
      ldxi_icsv_tag_equal((LdxStr){ l.buf, 2 }, "en", 2)) {
    return (unsigned)(2 * n + 1);
  }
  return (unsigned)(2 * n + 2);
}

// The literal of `prop` in the best language (ties: term order), or NULL.
const LdxTerm*
ldxi_icsv_pick_literal(const LdxiIcsEvents* ev, const LdxiIcsView* v, int prop)
{
  const LdxiIcsPair* p    = NULL;
  size_t             n    = ldxi_icsv_view_get(v, prop, &p);
  const LdxTerm*     best = NULL;
  unsigned           rank = 0;
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (!t || t->type != LDX_TERM_LITERAL || !t->value.len) {
      continue;
    }
    unsigned r = ldxi_icsv_lang_rank(ev, t);
    if (!best || r < rank) {
      best = t;
      rank = r;
    }
  }
  return best;
}

// The cleaned text of a literal, in the arena; "" if none.
char*
ldxi_icsv_clean(LdxiIcsEvents* ev, LdxStr s)
{
  ldxi_buf_clear(&ev->text);
  if (ldxi_ics_clean_text(&ev->text, s.buf, s.len, true)) {
    ev->oom = true;
    return NULL;
  }
  return ldxi_icsv_arena_copy(ev, ldxi_buf_cstr(&ev->text), ev->text.len);
}

// A node's name in the best language, cleaned; NULL if none (or no memory,
// which the caller cannot tell: names are optional).
char*
ldxi_icsv_name_of(LdxiIcsEvents* ev, LdxiTermId id, const char** lang)
{
  LdxiIcsView v;
  if (ldxi_icsv_view_load(ev, id, &v)) {
    return NULL;
  }
  const LdxTerm* t = ldxi_icsv_pick_literal(ev, &v, P_NAME);
  if (lang) {
    *lang = t && t->language.len ? ldxi_icsv_arena_str(ev, t->language) : NULL;
  }
  char* s = t ? ldxi_icsv_clean(ev, t->value) : NULL;
  return s && *s ? s : NULL;
}

const char*
ldxi_ics_node_label(LdxiIcsEvents* ev, LdxiTermId id)
{
  return ldxi_icsv_name_of(ev, id, NULL);
}

// ---------------------------------------------------------------------------
// Dates

static int
kind_rank(LdxiTemporalKind k)
{
  switch (k) {
    case LDXI_TEMPORAL_DATE_TIME:
      return 5;
    case LDXI_TEMPORAL_DATE:
      return 4;
    case LDXI_TEMPORAL_YEAR_MONTH:
      return 3;
    case LDXI_TEMPORAL_YEAR:
      return 2;
    case LDXI_TEMPORAL_TIME:
    case LDXI_TEMPORAL_INVALID:
      break;
  }
  return 1;
}

// The most precise (then earliest) date of `prop`; kind INVALID with
// *found set if there are values but none is a date.
LdxiTemporalKind
ldxi_icsv_best_date(const LdxiIcsEvents* ev,
                    const LdxiIcsView*   v,
                    int                  prop,
                    LdxiCivil*           out,
                    const LdxTerm**      chosen,
                    bool*                found)
{
  const LdxiIcsPair* p    = NULL;
  size_t             n    = ldxi_icsv_view_get(v, prop, &p);
  int                best = 0;
  *found                  = false;
  *chosen                 = NULL;
  memset(out, 0, sizeof(*out));
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (!t || t->type != LDX_TERM_LITERAL) {
      continue;
    }
    *found = true;
    LdxiCivil        c;
    LdxiTemporalKind k = ldxi_civil_parse(t->value.buf, t->value.len, &c);
    int              r = kind_rank(k);
    if (k == LDXI_TEMPORAL_TIME) {
      continue;
    }
    bool earlier =
      r == best && *chosen && ldxi_civil_instant(&c) < ldxi_civil_instant(out);
    if (r > best || earlier) {
      best    = r;
      *out    = c;
      *chosen = t;
    }
  }
  return *chosen ? out->kind : LDXI_TEMPORAL_INVALID;
}

// The first time of day of `prop` (a TIME, or the clock of a DATE_TIME).
static bool
best_time(const LdxiIcsEvents* ev,
          const LdxiIcsView*   v,
          int                  prop,
          LdxiCivil*           out)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(v, prop, &p);
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (t && t->type == LDX_TERM_LITERAL) {
      LdxiTemporalKind k = ldxi_civil_parse(t->value.buf, t->value.len, out);
      if (k == LDXI_TEMPORAL_TIME || k == LDXI_TEMPORAL_DATE_TIME) {
        return true;
      }
    }
  }
  return false;
}

static bool
best_duration(const LdxiIcsEvents* ev, const LdxiIcsView* v, LdxiDuration* out)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(v, P_DURATION, &p);
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (t && t->type == LDX_TERM_LITERAL &&
        ldxi_duration_parse(t->value.buf, t->value.len, out) &&
        !out->negative) {
      return true;
    }
  }
  return false;
}

// A non-negative integer literal of `prop`, or -1.
long
ldxi_icsv_int_of(const LdxiIcsEvents* ev, const LdxiIcsView* v, int prop)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(v, prop, &p);
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (!t || t->type != LDX_TERM_LITERAL || !t->value.len ||
        t->value.len > 9) {
      continue;
    }
    long   val = 0;
    size_t k   = 0;
    while (k < t->value.len && t->value.buf[k] >= '0' &&
           t->value.buf[k] <= '9') {
      val = val * 10 + (t->value.buf[k++] - '0');
    }
    if (k == t->value.len) {
      return val;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Places

// The parent of a place to follow for addresses and zones: one typed as an
// administrative area (a city, a country) if any, else the first.
static LdxStatus
parent_place(LdxiIcsEvents* ev, const LdxiIcsView* place, LdxiTermId* parent)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(place, P_CONTAINED_IN, &p);
  *parent              = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!ldxi_icsv_is_node(ldxi_icsv_term(ev, p[i].obj)) ||
        p[i].obj == place->id) {
      continue;
    }
    if (ldxi_icsv_has_type(ev, p[i].obj, "AdministrativeArea")) {
      *parent = p[i].obj;
      return LDX_SUCCESS;
    }
    if (!*parent) {
      *parent = p[i].obj;
    }
  }
  return LDX_SUCCESS;
}

// The place and its parents: ids[0] = place; returns the count.
size_t
ldxi_icsv_place_chain(LdxiIcsEvents* ev,
                      LdxiTermId     place,
                      LdxiTermId     ids[MAX_CHAIN])
{
  size_t n = 0;
  while (place && n < MAX_CHAIN) {
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] == place) {
        return n; // a cycle
      }
    }
    ids[n++] = place;
    LdxiIcsView v;
    if (ldxi_icsv_view_load(ev, place, &v) || parent_place(ev, &v, &place)) {
      break;
    }
  }
  return n;
}

// The location nodes of an event, the most specific first (longest chain
// of parents, then term order); literals are not in the list.
size_t
ldxi_icsv_event_places(LdxiIcsEvents*     ev,
                       const LdxiIcsView* event,
                       LdxiTermId**       out)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(event, P_LOCATION, &p);
  *out =
    (LdxiTermId*)ldxi_arena_alloc(&ev->arena, (n + 1) * sizeof(LdxiTermId));
  size_t* depth =
    (size_t*)ldxi_arena_alloc(&ev->arena, (n + 1) * sizeof(size_t));
  if (!*out || !depth) {
    ev->oom = true;
    return 0;
  }
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!ldxi_icsv_is_node(ldxi_icsv_term(ev, p[i].obj))) {
      continue;
    }
    LdxiTermId chain[MAX_CHAIN];
    size_t     d = ldxi_icsv_place_chain(ev, p[i].obj, chain);
    size_t     k = count++;
    while (k > 0 && depth[k - 1] < d) { // stable: term order among equals
      (*out)[k] = (*out)[k - 1];
      depth[k]  = depth[k - 1];
      --k;
    }
    (*out)[k] = p[i].obj;
    depth[k]  = d;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Time zones

static LdxStatus
zone_named(LdxiIcsEvents* ev, LdxStr name, size_t* zone)
{
  return ldxi_ics_zones_get(ev->zones, name.buf, name.len, true, zone);
}

// A zone named on node `v` (ical:tzid, schema:scheduleTimezone, the
// tz-property setting): LDX_FAILURE if none is valid.
static LdxStatus
zone_of_view(LdxiIcsEvents* ev, const LdxiIcsView* v, size_t* zone)
{
  static const int props[] = { P_TZ, P_SCHEDULE_TZ };
  for (size_t k = 0; k < 2; ++k) {
    const LdxiIcsPair* p = NULL;
    size_t             n = ldxi_icsv_view_get(v, props[k], &p);
    for (size_t i = 0; i < n; ++i) {
      const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
      if (t && t->type == LDX_TERM_LITERAL) {
        LdxStatus st = zone_named(ev, t->value, zone);
        if (st != LDX_FAILURE) {
          return st;
        }
      }
    }
  }
  return LDX_FAILURE;
}

// The zone of a literal typed with the W3C RDF Calendar tz datatypes
// (<http://www.w3.org/2002/12/cal/tzd/Europe/Zurich#tz>).
static LdxStatus
zone_of_datatype(LdxiIcsEvents* ev, const LdxTerm* lit, size_t* zone)
{
  const size_t plen = sizeof(ICALTZD_NS) - 1;
  LdxStr       dt   = lit ? lit->datatype : (LdxStr){ NULL, 0 };
  if (dt.len > plen + 3 && !memcmp(dt.buf, ICALTZD_NS, plen) &&
      !memcmp(dt.buf + dt.len - 3, "#tz", 3)) {
    return zone_named(ev, (LdxStr){ dt.buf + plen, dt.len - plen - 3 }, zone);
  }
  return LDX_FAILURE;
}

// The zone of an event: its start's datatype, the event, its schedule, its
// places and their parents, then the tz setting.  LDX_FAILURE if none.
static LdxStatus
event_zone(LdxiIcsEvents*     ev,
           const LdxiIcsView* event,
           const LdxTerm*     start,
           const LdxiIcsView* schedule,
           size_t*            zone)
{
  LdxStatus st = zone_of_datatype(ev, start, zone);
  if (st != LDX_FAILURE) {
    return st;
  }
  if (schedule && (st = zone_of_view(ev, schedule, zone)) != LDX_FAILURE) {
    return st;
  }
  if ((st = zone_of_view(ev, event, zone)) != LDX_FAILURE) {
    return st;
  }
  LdxiTermId* places = NULL;
  size_t      n      = ldxi_icsv_event_places(ev, event, &places);
  for (size_t i = 0; i < n; ++i) {
    LdxiTermId chain[MAX_CHAIN];
    size_t     d = ldxi_icsv_place_chain(ev, places[i], chain);
    for (size_t k = 0; k < d; ++k) {
      LdxiIcsView v;
      TRY(st, ldxi_icsv_view_load(ev, chain[k], &v));
      if ((st = zone_of_view(ev, &v, zone)) != LDX_FAILURE) {
        return st;
      }
    }
  }
  if (ev->settings.default_zone != SIZE_MAX) {
    *zone = ev->settings.default_zone;
    return LDX_SUCCESS;
  }
  return LDX_FAILURE;
}

// ---------------------------------------------------------------------------
// Placing an event in time

const char*
ldxi_ics_skip_text(LdxiIcsSkip skip)
{
  switch (skip) {
    case LDXI_ICS_KEEP:
      break;
    case LDXI_ICS_SKIP_NO_DATE:
      return "no start date";
    case LDXI_ICS_SKIP_YEAR:
      return "only the year of its start is known";
    case LDXI_ICS_SKIP_MONTH:
      return "only the month of its start is known";
    case LDXI_ICS_SKIP_INVALID:
      return "its start is not a date";
    case LDXI_ICS_SKIP_NO_ZONE:
      return "its start is a local time and no time zone is known "
             "(set tz=ZONE)";
  }
  return "kept";
}

// Write a date-time value given with or without an offset in the event's
// form; *form receives the form actually used (UTC for a local time that
// occurs twice or never in the zone).
void
ldxi_icsv_place_instant(const LdxiIcsEvents* ev,
                        const LdxiCivil*     value,
                        bool                 have_zone,
                        size_t               zone,
                        LdxiIcsForm*         form,
                        LdxiCivil*           out,
                        int64_t*             instant)
{
  const LdxiIcsZone* z = have_zone ? &ev->zones->zones[zone] : NULL;
  *out                 = *value;
  out->has_offset      = false;
  out->offset          = 0;
  if (value->has_offset) {
    *instant = ldxi_civil_instant(value);
    if (z && !z->utc) {
      LdxiCivil local;
      memset(&local, 0, sizeof(local));
      ldxi_ics_zone_from_utc(z, *instant, &local);
      int64_t back = 0;
      if (ldxi_ics_zone_to_utc(z, &local, &back) == 1 && back == *instant) {
        local.kind = LDXI_TEMPORAL_DATE_TIME;
        *out       = local;
        *form      = LDXI_FORM_ZONED;
        return;
      }
    }
  } else if (z && !z->utc) {
    int n = ldxi_ics_zone_to_utc(z, value, instant);
    if (n == 1) {
      *form = LDXI_FORM_ZONED;
      return;
    }
  } else if (z) {
    *instant = ldxi_civil_seconds(value);
  } else {
    *instant = ldxi_civil_seconds(value); // floating: read as UTC to order
    *form    = LDXI_FORM_FLOATING;
    return;
  }
  ldxi_civil_from_seconds(*instant, out);
  out->kind = LDXI_TEMPORAL_DATE_TIME;
  *form     = LDXI_FORM_UTC;
}

// Does the schedule repeat?
static bool
schedule_repeats(const LdxiIcsView* s)
{
  const LdxiIcsPair* p = NULL;
  return ldxi_icsv_view_get(s, P_REPEAT_FREQUENCY, &p) ||
         ldxi_icsv_view_get(s, P_BY_DAY, &p) ||
         ldxi_icsv_view_get(s, P_BY_MONTH_DAY, &p) ||
         ldxi_icsv_view_get(s, P_BY_MONTH, &p);
}

// The end of a timed event from an end date-time or date.
static void
timed_end(LdxiIcsEvents*   ev,
          LdxiIcsTimes*    t,
          const LdxiCivil* end,
          bool             have_zone,
          size_t           zone)
{
  LdxiCivil e = *end;
  if (e.kind == LDXI_TEMPORAL_DATE) { // the end of that day
    ldxi_civil_add_days(&e, 1);
    e.kind = LDXI_TEMPORAL_DATE_TIME;
  }
  if (!e.has_offset && t->form == LDXI_FORM_UTC && !have_zone) {
    return; // a local end for a start known only by its offset
  }
  LdxiIcsForm form    = t->form;
  int64_t     instant = 0;
  LdxiCivil   out;
  ldxi_icsv_place_instant(ev, &e, have_zone, zone, &form, &out, &instant);
  if (instant <= t->start_utc) {
    return;
  }
  t->has_end  = true;
  t->end_form = form;
  t->end      = out;
  t->end_utc  = instant;
}

static LdxStatus
event_times(LdxiIcsEvents* ev,
            LdxiTermId     id,
            LdxiIcsTimes*  t,
            LdxiIcsSkip*   skip)
{
  LdxStatus st = LDX_SUCCESS;
  memset(t, 0, sizeof(*t));
  *skip = LDXI_ICS_KEEP;
  LdxiIcsView event;
  TRY(st, ldxi_icsv_view_load(ev, id, &event));

  // The schedule the event repeats by (the first that has a start or a
  // rule), if any.
  LdxiIcsView        sched;
  const LdxiIcsView* schedule = NULL;
  const LdxiIcsPair* sp       = NULL;
  size_t n_sched = ldxi_icsv_view_get(&event, P_EVENT_SCHEDULE, &sp);
  for (size_t i = 0; i < n_sched && !schedule; ++i) {
    if (ldxi_icsv_is_node(ldxi_icsv_term(ev, sp[i].obj))) {
      TRY(st, ldxi_icsv_view_load(ev, sp[i].obj, &sched));
      schedule    = &sched;
      t->schedule = sp[i].obj;
    }
  }

  LdxiCivil        start;
  const LdxTerm*   start_term = NULL;
  bool             found      = false;
  LdxiTemporalKind kind =
    ldxi_icsv_best_date(ev, &event, P_START_DATE, &start, &start_term, &found);
  if (schedule) {
    LdxiCivil        sd;
    const LdxTerm*   sd_term  = NULL;
    bool             sd_found = false;
    LdxiTemporalKind sk =
      ldxi_icsv_best_date(ev, schedule, P_START_DATE, &sd, &sd_term, &sd_found);
    if (kind_rank(sk) >= 4 && kind_rank(sk) >= kind_rank(kind)) {
      start      = sd;
      start_term = sd_term;
      kind       = sk;
    }
    found |= sd_found;
    LdxiCivil clock;
    if ((kind == LDXI_TEMPORAL_DATE || kind == LDXI_TEMPORAL_DATE_TIME) &&
        best_time(ev, schedule, P_START_TIME, &clock)) {
      start.hour       = clock.hour;
      start.minute     = clock.minute;
      start.second     = clock.second;
      start.has_offset = clock.has_offset;
      start.offset     = clock.offset;
      start.kind = kind = LDXI_TEMPORAL_DATE_TIME;
    }
    // A series may run for years past its first date: its zones keep
    // their rules open-ended (no end to the VTIMEZONE).
    t->open_ended = schedule_repeats(schedule);
    if (!t->open_ended) {
      t->schedule = 0;
    }
  }

  switch (kind) {
    case LDXI_TEMPORAL_DATE:
    case LDXI_TEMPORAL_DATE_TIME:
      break;
    case LDXI_TEMPORAL_YEAR_MONTH:
      *skip = LDXI_ICS_SKIP_MONTH;
      return LDX_SUCCESS;
    case LDXI_TEMPORAL_YEAR:
      *skip = LDXI_ICS_SKIP_YEAR;
      return LDX_SUCCESS;
    case LDXI_TEMPORAL_TIME:
    case LDXI_TEMPORAL_INVALID:
      *skip = found ? LDXI_ICS_SKIP_INVALID : LDXI_ICS_SKIP_NO_DATE;
      return LDX_SUCCESS;
  }

  LdxiDuration dur;
  bool         has_dur = best_duration(ev, &event, &dur);
  if (!has_dur && schedule) {
    has_dur = best_duration(ev, schedule, &dur);
  }
  LdxiCivil        end;
  const LdxTerm*   end_term  = NULL;
  bool             end_found = false;
  LdxiTemporalKind ek =
    ldxi_icsv_best_date(ev, &event, P_END_DATE, &end, &end_term, &end_found);
  if (t->schedule) {
    ek = LDXI_TEMPORAL_INVALID; // a repeating event's endDate ends the series
  }

  if (kind == LDXI_TEMPORAL_DATE) {
    t->form      = LDXI_FORM_DATE;
    t->start     = start;
    t->start_utc = ldxi_civil_seconds(&start);
    t->has_end   = true;
    t->end_form  = LDXI_FORM_DATE;
    t->end       = start;
    int64_t days = 1;
    if (ek == LDXI_TEMPORAL_DATE || ek == LDXI_TEMPORAL_DATE_TIME) {
      int64_t d = ldxi_days_from_civil(end.year, end.month, end.day) -
                  ldxi_days_from_civil(start.year, start.month, start.day) + 1;
      if (d >= 1) {
        days = d;
      }
    } else if (has_dur && !dur.negative &&
               (dur.years || dur.months || dur.weeks || dur.days)) {
      LdxiCivil    e     = start;
      LdxiDuration whole = dur; // the clock part has no meaning for a date
      whole.hours = whole.minutes = whole.seconds = 0;
      ldxi_civil_add_duration(&e, &whole);
      days = ldxi_days_from_civil(e.year, e.month, e.day) -
             ldxi_days_from_civil(start.year, start.month, start.day);
      if (days < 1) {
        days = 1;
      }
    }
    ldxi_civil_add_days(&t->end, days);
    t->end.kind = LDXI_TEMPORAL_DATE;
    t->end_utc  = ldxi_civil_seconds(&t->end);
    return LDX_SUCCESS;
  }

  // A date-time: find its zone.
  size_t zone      = 0;
  bool   have_zone = false;
  st               = event_zone(ev, &event, start_term, schedule, &zone);
  if (st == LDX_SUCCESS) {
    have_zone = true;
  } else if (st != LDX_FAILURE) {
    return st;
  }
  st = LDX_SUCCESS;
  if (!have_zone && !start.has_offset && !ev->settings.floating) {
    *skip = LDXI_ICS_SKIP_NO_ZONE;
    return LDX_SUCCESS;
  }
  t->form = LDXI_FORM_UTC;
  ldxi_icsv_place_instant(
    ev, &start, have_zone, zone, &t->form, &t->start, &t->start_utc);
  t->zone     = zone;
  t->end_form = t->form;

  if (t->schedule) {
    LdxiCivil clock;
    if (best_time(ev, schedule, P_END_TIME, &clock)) {
      LdxiCivil e  = start;
      e.hour       = clock.hour;
      e.minute     = clock.minute;
      e.second     = clock.second;
      e.has_offset = clock.has_offset || start.has_offset;
      e.offset     = clock.has_offset ? clock.offset : start.offset;
      if (ldxi_civil_compare(&e, &start) <= 0) {
        ldxi_civil_add_days(&e, 1);
      }
      timed_end(ev, t, &e, have_zone, zone);
    }
  } else if (ek == LDXI_TEMPORAL_DATE || ek == LDXI_TEMPORAL_DATE_TIME) {
    if (ek == LDXI_TEMPORAL_DATE_TIME && !end.has_offset && start.has_offset &&
        !have_zone) {
      end.has_offset = true; // a local end beside an offset start: same offset
      end.offset     = start.offset;
    }
    timed_end(ev, t, &end, have_zone, zone);
  }
  if (!t->has_end && has_dur) {
    if (ldxi_duration_is_exact(&dur)) {
      t->has_duration = true;
      t->duration     = dur;
      int64_t secs    = (dur.weeks * 7 + dur.days) * 86400 + dur.hours * 3600 +
                     dur.minutes * 60 + dur.seconds;
      t->end_utc = t->start_utc + secs;
    } else if (!dur.negative) {
      // Years and months: add them on the calendar of the start's clock.
      LdxiCivil e = t->start;
      ldxi_civil_add_duration(&e, &dur);
      e.has_offset = false;
      if (t->form == LDXI_FORM_ZONED || t->form == LDXI_FORM_FLOATING) {
        timed_end(ev, t, &e, t->form == LDXI_FORM_ZONED, zone);
      } else {
        e.has_offset = true; // UTC clock
        e.offset     = 0;
        timed_end(ev, t, &e, false, 0);
      }
    }
  }
  if (!t->has_end && !t->has_duration) {
    t->end_utc = t->start_utc;
  }
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ics_event_times(LdxiIcsEvents* ev,
                     LdxiTermId     id,
                     LdxiIcsTimes*  t,
                     LdxiIcsSkip*   skip)
{
  ev->oom      = false;
  LdxStatus st = event_times(ev, id, t, skip);
  return !st && ev->oom ? LDX_BAD_ALLOC : st;
}

// ---------------------------------------------------------------------------
// UIDs

static int
cmp_cstr(const void* a, const void* b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// The canonical content of a node: one line per statement we read and
// keep (sorted), blank objects by their own content.
static LdxStatus
node_content(LdxiIcsEvents* ev, LdxiTermId id, int depth, LdxiBuf* out)
{
  const LdxiMemQuad* q = NULL;
  size_t             n = ldxi_memgraph_by_subject(ev->graph, id, 0, &q);
  char** lines = (char**)ldxi_arena_alloc(&ev->arena, (n + 1) * sizeof(char*));
  if (!lines) {
    return LDX_BAD_ALLOC;
  }
  size_t    count = 0;
  LdxStatus st    = LDX_SUCCESS;
  LdxiBuf   line;
  ldxi_buf_init(&line, ev->world, 0);
  for (size_t i = 0; !st && i < n; ++i) {
    int prop = ldxi_icsv_prop_of(ev, q[i].p);
    if (prop >= 0 && is_volatile(prop)) {
      continue;
    }
    const LdxTerm* p = ldxi_icsv_term(ev, q[i].p);
    const LdxTerm* o = ldxi_icsv_term(ev, q[i].o);
    ldxi_buf_clear(&line);
    st = ldxi_buf_append(&line, p->value.buf, p->value.len);
    if (!st) {
      st = ldxi_buf_putc(&line, '\t');
    }
    if (!st && o->type == LDX_TERM_BLANK) {
      st = depth < 4 ? ldxi_buf_putc(&line, '[') : LDX_SUCCESS;
      if (!st && depth < 4) {
        st = node_content(ev, q[i].o, depth + 1, &line);
      }
      if (!st && depth < 4) {
        st = ldxi_buf_putc(&line, ']');
      }
    } else if (!st) {
      st = ldxi_buf_printf(&line,
                           "%c%.*s\t%.*s\t%.*s",
                           o->type == LDX_TERM_IRI ? '<' : '"',
                           (int)o->value.len,
                           o->value.buf,
                           (int)o->datatype.len,
                           o->datatype.buf ? o->datatype.buf : "",
                           (int)o->language.len,
                           o->language.buf ? o->language.buf : "");
    }
    if (!st) {
      lines[count] = ldxi_icsv_arena_copy(ev, ldxi_buf_cstr(&line), line.len);
      st           = lines[count] ? LDX_SUCCESS : LDX_BAD_ALLOC;
      ++count;
    }
  }
  ldxi_buf_free(&line);
  if (st) {
    return st;
  }
  qsort(lines, count, sizeof(char*), cmp_cstr);
  for (size_t i = 0; !st && i < count; ++i) {
    st = ldxi_buf_puts(out, lines[i]);
    if (!st) {
      st = ldxi_buf_putc(out, '\n');
    }
  }
  return st;
}

LdxStatus
ldxi_ics_uid(LdxiIcsEvents* ev, LdxiTermId id, char out[LDXI_UUID_STRLEN])
{
  const LdxTerm* t = ldxi_icsv_term(ev, id);
  if (t->type == LDX_TERM_IRI) {
    ldxi_uuid5(ldxi_uuid_ns_url, t->value.buf, t->value.len, out);
    return LDX_SUCCESS;
  }
  LdxiBuf content;
  ldxi_buf_init(&content, ev->world, 0);
  LdxStatus st = node_content(ev, id, 0, &content);
  if (!st) {
    ldxi_uuid5(ev->blank_ns, ldxi_buf_cstr(&content), content.len, out);
  }
  ldxi_buf_free(&content);
  return st;
}
