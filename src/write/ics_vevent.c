// SPDX-License-Identifier: MIT
// Building the VEVENT of an event placed in time (see ics_event.h): the
// mapping table of README.md, "iCalendar feeds".
#include "write/ics_event.h"
#include "write/ics_event_impl.h"
#include "write/ics_text.h"

#include "core/alloc.h"
#include "core/try.h"
#include "rdf/iri.h"
#include "vocab/schemaorg.h"

#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------
// Building the VEVENT

typedef struct {
  LdxiIcsEvents* ev;
  icalcomponent* vevent;
  LdxStatus      st;
} Build;

// Add a property libical made (NULL = no memory).
static void
add(Build* b, icalproperty* prop)
{
  if (!prop) {
    b->st = LDX_BAD_ALLOC;
    return;
  }
  icalcomponent_add_property(b->vevent, prop);
}

static void
param(Build* b, icalproperty* prop, icalparameter* par)
{
  if (!prop) {
    return;
  }
  if (!par) {
    b->st = LDX_BAD_ALLOC;
    return;
  }
  icalproperty_add_parameter(prop, par);
}

static struct icaltimetype
ical_time(const LdxiCivil* c, bool is_date, bool utc)
{
  struct icaltimetype tt = icaltime_null_time();
  tt.year                = c->year;
  tt.month               = c->month;
  tt.day                 = c->day;
  tt.is_date             = is_date;
  if (!is_date) {
    tt.hour   = c->hour;
    tt.minute = c->minute;
    tt.second = c->second;
  }
  if (utc) {
    tt.zone = icaltimezone_get_utc_timezone();
  }
  return tt;
}

// A date or date-time property in a form; `make` is icalproperty_new_dtstart
// and the like.
static icalproperty*
time_prop(Build* b,
          icalproperty* (*make)(struct icaltimetype),
          LdxiIcsForm      form,
          size_t           zone,
          const LdxiCivil* value)
{
  icalproperty* p =
    make(ical_time(value, form == LDXI_FORM_DATE, form == LDXI_FORM_UTC));
  if (p && form == LDXI_FORM_ZONED) {
    LdxiIcsZone* z = &b->ev->zones->zones[zone];
    z->used        = true;
    param(b, p, icalparameter_new_tzid(z->name));
  }
  add(b, p);
  return p;
}

// Add a TEXT property with an optional LANGUAGE.
static icalproperty*
text_prop(Build* b,
          icalproperty* (*make)(const char*),
          const char* text,
          const char* lang)
{
  if (!text || !*text) {
    return NULL;
  }
  icalproperty* p = make(text);
  if (p && lang && *lang) {
    param(b, p, icalparameter_new_language(lang));
  }
  add(b, p);
  return p;
}

// A URI from an IRI term or a literal holding an absolute IRI; NULL if none.
static char*
uri_of(LdxiIcsEvents* ev, const LdxTerm* t)
{
  if (!t || (t->type != LDX_TERM_IRI && t->type != LDX_TERM_LITERAL)) {
    return NULL;
  }
  LdxStr v = t->value;
  if (t->type == LDX_TERM_LITERAL) {
    while (v.len && (v.buf[0] == ' ' || v.buf[0] == '\t')) {
      ++v.buf;
      --v.len;
    }
    while (v.len && (v.buf[v.len - 1] == ' ' || v.buf[v.len - 1] == '\t')) {
      --v.len;
    }
    if (!ldxi_iri_has_scheme(v.buf, v.len)) {
      return NULL;
    }
  }
  ldxi_buf_clear(&ev->text);
  if (ldxi_ics_iri_to_uri(&ev->text, v.buf, v.len)) {
    ev->oom = true;
    return NULL;
  }
  return ldxi_icsv_arena_copy(ev, ldxi_buf_cstr(&ev->text), ev->text.len);
}

// The first URI among the objects of `prop` (IRIs, URL literals, or nodes
// with a url / contentUrl).
static char*
first_uri(LdxiIcsEvents* ev, const LdxiIcsView* v, int prop)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(v, prop, &p);
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    char*          u = NULL;
    if (t->type == LDX_TERM_BLANK ||
        (t->type == LDX_TERM_IRI && prop == P_IMAGE)) {
      // An ImageObject: its contentUrl or url; an image IRI is the image
      // unless it describes one.
      LdxiIcsView node;
      if (!ldxi_icsv_view_load(ev, p[i].obj, &node) && node.n) {
        u = first_uri(ev, &node, P_CONTENT_URL);
        if (!u) {
          u = first_uri(ev, &node, P_URL);
        }
      }
    }
    if (!u && t->type != LDX_TERM_BLANK) {
      u = uri_of(ev, t);
    }
    if (u) {
      return u;
    }
  }
  return NULL;
}

// Append ", " and text to the scratch list in `out`.
static LdxStatus
join(LdxiBuf* out, const char* sep, const char* text)
{
  LdxStatus st = LDX_SUCCESS;
  if (!text || !*text) {
    return st;
  }
  if (out->len) {
    TRY(st, ldxi_buf_puts(out, sep));
  }
  return ldxi_buf_puts(out, text);
}

// The text of a literal property of a node, picked and cleaned, or NULL.
static char*
text_of(LdxiIcsEvents* ev, const LdxiIcsView* v, int prop, const char** lang)
{
  const LdxTerm* t = ldxi_icsv_pick_literal(ev, v, prop);
  if (lang) {
    *lang = t && t->language.len ? ldxi_icsv_arena_str(ev, t->language) : NULL;
  }
  char* s = t ? ldxi_icsv_clean(ev, t->value) : NULL;
  return s && *s ? s : NULL;
}

// A PostalAddress (node or text) as one line.
static LdxStatus
address_text(LdxiIcsEvents* ev, const LdxiIcsView* place, LdxiBuf* out)
{
  const LdxiIcsPair* p  = NULL;
  size_t             n  = ldxi_icsv_view_get(place, P_ADDRESS, &p);
  LdxStatus          st = LDX_SUCCESS;
  for (size_t i = 0; i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (t->type == LDX_TERM_LITERAL) {
      return join(out, ", ", ldxi_icsv_clean(ev, t->value));
    }
    LdxiIcsView a;
    TRY(st, ldxi_icsv_view_load(ev, p[i].obj, &a));
    char* street   = text_of(ev, &a, P_STREET, NULL);
    char* code     = text_of(ev, &a, P_POSTAL_CODE, NULL);
    char* locality = text_of(ev, &a, P_LOCALITY, NULL);
    char* region   = text_of(ev, &a, P_REGION, NULL);
    char* country  = text_of(ev, &a, P_COUNTRY, NULL);
    if (!country) {
      const LdxiIcsPair* c = NULL;
      if (ldxi_icsv_view_get(&a, P_COUNTRY, &c) &&
          ldxi_icsv_is_node(ldxi_icsv_term(ev, c[0].obj))) {
        country = ldxi_icsv_name_of(ev, c[0].obj, NULL);
      }
    }
    TRY(st, join(out, ", ", street));
    if (code && locality) {
      TRY(st, ldxi_buf_puts(out, out->len ? ", " : ""));
      TRY(st, ldxi_buf_printf(out, "%s %s", code, locality));
    } else {
      TRY(st, join(out, ", ", code));
      TRY(st, join(out, ", ", locality));
    }
    TRY(st, join(out, ", ", region));
    TRY(st, join(out, ", ", country));
    return st;
  }
  return st;
}

// LOCATION (with ALTREP = the place's IRI), GEO, and the names of the other
// places for the description.
static LdxStatus
build_location(Build* b, const LdxiIcsView* event, LdxiBuf* others)
{
  LdxiIcsEvents* ev     = b->ev;
  LdxStatus      st     = LDX_SUCCESS;
  LdxiTermId*    places = NULL;
  size_t         n      = ldxi_icsv_event_places(ev, event, &places);
  LdxiBuf        text;
  ldxi_buf_init(&text, ev->world, 0);
  const char* lang = NULL;
  if (n) {
    LdxiTermId  chain[MAX_CHAIN];
    size_t      d = ldxi_icsv_place_chain(ev, places[0], chain);
    LdxiIcsView place;
    st = ldxi_icsv_view_load(ev, places[0], &place);
    if (!st) {
      st = join(&text, ", ", ldxi_icsv_name_of(ev, places[0], &lang));
    }
    size_t before = text.len;
    if (!st) {
      st = address_text(ev, &place, &text);
    }
    // Without an address, the places it is in say where it is.
    for (size_t k = 1; !st && text.len == before && k < d; ++k) {
      while (!st && k < d) {
        st = join(&text, ", ", ldxi_icsv_name_of(ev, chain[k++], NULL));
      }
    }
    // GEO: the place's coordinates, or those of the nearest parent.
    for (size_t k = 0; !st && k < d; ++k) {
      LdxiIcsView        node;
      const LdxiIcsPair* g = NULL;
      st                   = ldxi_icsv_view_load(ev, chain[k], &node);
      if (st) {
        break;
      }
      LdxiIcsView coords = node;
      if (ldxi_icsv_view_get(&node, P_GEO, &g) &&
          ldxi_icsv_is_node(ldxi_icsv_term(ev, g[0].obj))) {
        st = ldxi_icsv_view_load(ev, g[0].obj, &coords);
      }
      const LdxTerm* lat = ldxi_icsv_pick_literal(ev, &coords, P_LATITUDE);
      const LdxTerm* lon = ldxi_icsv_pick_literal(ev, &coords, P_LONGITUDE);
      if (!st && lat && lon) {
        char  nb[64];
        char  eb[64];
        char* end1 = NULL;
        char* end2 = NULL;
        snprintf(nb,
                 sizeof(nb),
                 "%.*s",
                 (int)(lat->value.len < 63 ? lat->value.len : 63),
                 lat->value.buf);
        snprintf(eb,
                 sizeof(eb),
                 "%.*s",
                 (int)(lon->value.len < 63 ? lon->value.len : 63),
                 lon->value.buf);
        struct icalgeotype geo;
        memset(&geo, 0, sizeof(geo));
        geo.lat = strtod(nb, &end1);
        geo.lon = strtod(eb, &end2);
        if (*nb && *eb && !*end1 && !*end2 && geo.lat >= -90 && geo.lat <= 90 &&
            geo.lon >= -180 && geo.lon <= 180) {
          add(b, icalproperty_new_geo(geo));
          break;
        }
      }
    }
    if (!st && text.len) {
      icalproperty* p =
        text_prop(b, icalproperty_new_location, ldxi_buf_cstr(&text), lang);
      const LdxTerm* pt = ldxi_icsv_term(ev, places[0]);
      if (p && pt->type == LDX_TERM_IRI) {
        char* uri = uri_of(ev, pt);
        if (uri) {
          param(b, p, icalparameter_new_altrep(uri));
        }
      }
    }
    for (size_t i = 1; !st && i < n; ++i) {
      st = join(others, "; ", ldxi_icsv_name_of(ev, places[i], NULL));
    }
  } else {
    const LdxTerm* t = ldxi_icsv_pick_literal(ev, event, P_LOCATION);
    if (t) {
      char* s = ldxi_icsv_clean(ev, t->value);
      text_prop(b,
                icalproperty_new_location,
                s,
                t->language.len ? ldxi_icsv_arena_str(ev, t->language) : NULL);
    }
  }
  ldxi_buf_free(&text);
  return st;
}

// Performers, with the role names of schema:Role nodes ("Amy Pope
// (speaker)"), in name order.
typedef struct {
  LdxiTermId person;
  char*      name;
  LdxiBuf*   roles;
} Performer;

static int
cmp_performer(const void* a, const void* b)
{
  const Performer* x = (const Performer*)a;
  const Performer* y = (const Performer*)b;
  int              c = strcmp(x->name, y->name);
  return c ? c : (x->person < y->person ? -1 : x->person > y->person);
}

static LdxStatus
add_performer(LdxiIcsEvents* ev,
              Performer*     list,
              size_t*        n,
              LdxiTermId     person,
              const char*    role)
{
  size_t i = 0;
  while (i < *n && list[i].person != person) {
    ++i;
  }
  if (i == *n) {
    char* name = ldxi_icsv_name_of(ev, person, NULL);
    if (!name) {
      return LDX_SUCCESS; // nobody we can name
    }
    list[i].person = person;
    list[i].name   = name;
    list[i].roles  = NULL;
    ++*n;
  }
  if (!role || !*role) {
    return LDX_SUCCESS;
  }
  if (!list[i].roles) {
    list[i].roles = (LdxiBuf*)ldxi_arena_alloc(&ev->arena, sizeof(LdxiBuf));
    if (!list[i].roles) {
      return LDX_BAD_ALLOC;
    }
    ldxi_buf_init(list[i].roles, ev->world, 0);
  }
  return join(list[i].roles, ", ", role);
}

static LdxStatus
performers_text(LdxiIcsEvents* ev, const LdxiIcsView* event, LdxiBuf* out)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(event, P_PERFORMER, &p);
  if (!n) {
    return LDX_SUCCESS;
  }
  size_t     max = n * 4 + 1;
  Performer* list =
    (Performer*)ldxi_arena_alloc(&ev->arena, max * sizeof(Performer));
  size_t    count = 0;
  LdxStatus st    = list ? LDX_SUCCESS : LDX_BAD_ALLOC;
  for (size_t i = 0; !st && i < n; ++i) {
    if (!ldxi_icsv_is_node(ldxi_icsv_term(ev, p[i].obj))) {
      continue;
    }
    if (!ldxi_icsv_has_type(ev, p[i].obj, "Role")) {
      st = add_performer(ev, list, &count, p[i].obj, NULL);
      continue;
    }
    LdxiIcsView role;
    st                     = ldxi_icsv_view_load(ev, p[i].obj, &role);
    const LdxiIcsPair* who = NULL;
    size_t k  = st ? 0 : ldxi_icsv_view_get(&role, P_PERFORMER, &who);
    char*  rn = st ? NULL : text_of(ev, &role, P_ROLE_NAME, NULL);
    for (size_t j = 0; !st && j < k && count < max; ++j) {
      if (who[j].obj != p[i].obj &&
          ldxi_icsv_is_node(ldxi_icsv_term(ev, who[j].obj))) {
        st = add_performer(ev, list, &count, who[j].obj, rn);
      }
    }
  }
  if (!st && count) {
    qsort(list, count, sizeof(Performer), cmp_performer);
    st = ldxi_buf_puts(out, count == 1 ? "Performer: " : "Performers: ");
    for (size_t i = 0; !st && i < count; ++i) {
      st = ldxi_buf_printf(out, "%s%s", i ? ", " : "", list[i].name);
      if (!st && list[i].roles) {
        st = ldxi_buf_printf(out, " (%s)", ldxi_buf_cstr(list[i].roles));
      }
    }
  }
  for (size_t i = 0; list && i < count; ++i) {
    if (list[i].roles) {
      ldxi_buf_free(list[i].roles);
    }
  }
  return st;
}

// STATUS from schema:eventStatus; a note for the description.
static void
build_status(Build* b, const LdxiIcsView* event, const char** note)
{
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(event, P_EVENT_STATUS, &p);
  *note                = NULL;
  for (size_t i = 0; i < n; ++i) {
    size_t      len = 0;
    const char* local =
      ldxi_icsv_schema_local_of(ldxi_icsv_term(b->ev, p[i].obj), &len);
    if (!local) {
      const LdxTerm* t =
        ldxi_icsv_term(b->ev, p[i].obj); // "EventCancelled" as text
      if (t->type == LDX_TERM_LITERAL) {
        local = t->value.buf;
        len   = t->value.len;
      }
    }
    enum icalproperty_status s = ICAL_STATUS_NONE;
    if (ldxi_icsv_local_is(local, len, "EventCancelled")) {
      s     = ICAL_STATUS_CANCELLED;
      *note = "Cancelled.";
    } else if (ldxi_icsv_local_is(local, len, "EventPostponed")) {
      s     = ICAL_STATUS_TENTATIVE;
      *note = "Postponed: the new date is not known yet.";
    } else if (ldxi_icsv_local_is(local, len, "EventRescheduled")) {
      s     = ICAL_STATUS_CONFIRMED;
      *note = "Rescheduled.";
    } else if (ldxi_icsv_local_is(local, len, "EventMovedOnline")) {
      s     = ICAL_STATUS_CONFIRMED;
      *note = "Moved online.";
    } else if (ldxi_icsv_local_is(local, len, "EventScheduled")) {
      s = ICAL_STATUS_CONFIRMED;
    }
    if (s != ICAL_STATUS_NONE) {
      add(b, icalproperty_new_status(s));
      return;
    }
  }
}

static LdxStatus
build_description(Build*             b,
                  const LdxiIcsView* event,
                  LdxiBuf*           others,
                  const char*        note)
{
  LdxiIcsEvents* ev   = b->ev;
  LdxStatus      st   = LDX_SUCCESS;
  const char*    lang = NULL;
  char*          desc = text_of(ev, event, P_DESCRIPTION, &lang);
  LdxiBuf        out;
  LdxiBuf        extra;
  ldxi_buf_init(&out, ev->world, 0);
  ldxi_buf_init(&extra, ev->world, 0);
  st = join(&out, "", desc);
  if (!st && note) {
    st = join(&extra, "\n", note);
  }
  // Earlier dates of a rescheduled event, as the data writes them.
  const LdxiIcsPair* p = NULL;
  size_t             n = ldxi_icsv_view_get(event, P_PREVIOUS_START, &p);
  for (size_t i = 0; !st && i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (t->type == LDX_TERM_LITERAL) {
      char* s = ldxi_icsv_clean(ev, t->value);
      st      = s ? ldxi_buf_printf(
                 &extra, "%sPreviously scheduled: %s", extra.len ? "\n" : "", s)
                  : LDX_BAD_ALLOC;
    }
  }
  LdxiBuf perf;
  ldxi_buf_init(&perf, ev->world, 0);
  if (!st) {
    st = performers_text(ev, event, &perf);
  }
  if (!st && perf.len) {
    st = join(&extra, "\n", ldxi_buf_cstr(&perf));
  }
  ldxi_buf_free(&perf);
  if (!st && others->len) {
    st = ldxi_buf_printf(
      &extra, "%sAlso at: %s", extra.len ? "\n" : "", ldxi_buf_cstr(others));
  }
  if (!st && extra.len) {
    st = join(&out, "\n\n", ldxi_buf_cstr(&extra));
  }
  if (!st && out.len) {
    text_prop(b, icalproperty_new_description, ldxi_buf_cstr(&out), lang);
  }
  ldxi_buf_free(&out);
  ldxi_buf_free(&extra);
  return st;
}

// CONTACT for each organizer (ORGANIZER too with METHOD:PUBLISH).
static LdxStatus
build_organizer(Build* b, const LdxiIcsView* event)
{
  LdxiIcsEvents*     ev        = b->ev;
  const LdxiIcsPair* p         = NULL;
  size_t             n         = ldxi_icsv_view_get(event, P_ORGANIZER, &p);
  bool               organizer = false;
  LdxStatus          st        = LDX_SUCCESS;
  for (size_t i = 0; !st && i < n; ++i) {
    const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
    if (t->type == LDX_TERM_LITERAL) {
      text_prop(
        b, icalproperty_new_contact, ldxi_icsv_clean(ev, t->value), NULL);
      continue;
    }
    LdxiIcsView org;
    TRY(st, ldxi_icsv_view_load(ev, p[i].obj, &org));
    const char* lang = NULL;
    char*       name = ldxi_icsv_name_of(ev, p[i].obj, &lang);
    char*       url  = first_uri(ev, &org, P_URL);
    if (!url && t->type == LDX_TERM_IRI) {
      url = uri_of(ev, t);
    }
    icalproperty* c = text_prop(b, icalproperty_new_contact, name, lang);
    if (c && url) {
      param(b, c, icalparameter_new_altrep(url));
    }
    if (ev->settings.publish && !organizer) {
      const LdxTerm* mail = ldxi_icsv_pick_literal(ev, &org, P_EMAIL);
      char*          addr = NULL;
      if (mail) {
        char* m = ldxi_icsv_clean(ev, mail->value);
        ldxi_buf_clear(&ev->text);
        LdxStatus pst =
          m && *m
            ? ldxi_buf_printf(
                &ev->text, "%s%s", strncmp(m, "mailto:", 7) ? "mailto:" : "", m)
            : LDX_FAILURE;
        ev->oom |= pst == LDX_BAD_ALLOC;
        if (!pst) {
          addr =
            ldxi_icsv_arena_copy(ev, ldxi_buf_cstr(&ev->text), ev->text.len);
        }
      }
      if (!addr) {
        addr = ev->settings.organizer ? (char*)ev->settings.organizer : url;
      }
      if (addr) {
        icalproperty* o = icalproperty_new_organizer(addr);
        if (o && name) {
          param(b, o, icalparameter_new_cn(name));
        }
        add(b, o);
        organizer = true;
      }
    }
  }
  if (!st && ev->settings.publish && !organizer && ev->settings.organizer) {
    add(b, icalproperty_new_organizer(ev->settings.organizer));
  }
  return st;
}

// RELATED-TO;RELTYPE=PARENT for each event this one is part of.
static LdxStatus
build_parents(Build* b, LdxiTermId id, const LdxiIcsView* event)
{
  LdxiIcsEvents*     ev = b->ev;
  const LdxiIcsPair* p  = NULL;
  size_t             n  = ldxi_icsv_view_get(event, P_SUPER_EVENT, &p);
  LdxiTermId*        parents =
    (LdxiTermId*)ldxi_arena_alloc(&ev->arena, (n + 1) * sizeof(LdxiTermId));
  if (!parents) {
    return LDX_BAD_ALLOC;
  }
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (ldxi_icsv_is_node(ldxi_icsv_term(ev, p[i].obj)) && p[i].obj != id) {
      parents[count++] = p[i].obj;
    }
  }
  // ... and those that list it with schema:subEvent.
  const LdxiMemQuad* q = NULL;
  size_t             m = ldxi_memgraph_by_object(ev->graph, id, &q);
  for (size_t i = 0; i < m; ++i) {
    if (ldxi_icsv_prop_of(ev, q[i].p) != P_SUB_EVENT || q[i].s == id) {
      continue;
    }
    bool seen = false;
    for (size_t k = 0; k < count && !seen; ++k) {
      seen = parents[k] == q[i].s;
    }
    if (!seen) {
      LdxiTermId* grown = (LdxiTermId*)ldxi_arena_alloc(
        &ev->arena, (count + 1) * sizeof(LdxiTermId));
      if (!grown) {
        return LDX_BAD_ALLOC;
      }
      memcpy(grown, parents, count * sizeof(LdxiTermId));
      parents          = grown;
      parents[count++] = q[i].s;
    }
  }
  for (size_t i = 0; i < count; ++i) {
    char      uid[LDXI_UUID_STRLEN];
    LdxStatus st = ldxi_ics_uid(ev, parents[i], uid);
    if (st) {
      return st;
    }
    icalproperty* r = icalproperty_new_relatedto(uid);
    param(b, r, icalparameter_new_reltype(ICAL_RELTYPE_PARENT));
    add(b, r);
  }
  return LDX_SUCCESS;
}

// CATEGORIES from keywords and genres in the best language (and untagged
// ones); comma-separated keywords are split, as schema.org writes them.
static LdxStatus
build_categories(Build* b, const LdxiIcsView* event)
{
  LdxiIcsEvents*   ev      = b->ev;
  static const int props[] = { P_KEYWORDS, P_GENRE };
  // The best language among the tagged values.
  unsigned best = ~0u;
  LdxStr   btag = { NULL, 0 };
  for (size_t k = 0; k < 2; ++k) {
    const LdxiIcsPair* p = NULL;
    size_t             n = ldxi_icsv_view_get(event, props[k], &p);
    for (size_t i = 0; i < n; ++i) {
      const LdxTerm* t = ldxi_icsv_term(ev, p[i].obj);
      if (t->type == LDX_TERM_LITERAL && t->language.len) {
        unsigned r = ldxi_icsv_lang_rank(ev, t);
        if (r < best) {
          best = r;
          btag = t->language;
        }
      }
    }
  }
  LdxiBuf   list;
  LdxStatus st = LDX_SUCCESS;
  ldxi_buf_init(&list, ev->world, 0);
  for (size_t k = 0; !st && k < 2; ++k) {
    const LdxiIcsPair* p = NULL;
    size_t             n = ldxi_icsv_view_get(event, props[k], &p);
    for (size_t i = 0; !st && i < n; ++i) {
      const LdxTerm* t    = ldxi_icsv_term(ev, p[i].obj);
      char*          text = NULL;
      if (t->type == LDX_TERM_LITERAL) {
        if (t->language.len &&
            !ldxi_icsv_tag_equal(t->language, btag.buf, btag.len)) {
          continue;
        }
        text = ldxi_icsv_clean(ev, t->value);
      } else {
        text = ldxi_icsv_name_of(ev, p[i].obj, NULL); // a DefinedTerm
      }
      // Split at commas; drop empty and repeated entries.
      for (char* s = text; s && *s && !st;) {
        char* comma = strchr(s, ',');
        char* end   = comma ? comma : s + strlen(s);
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\n')) {
          ++s;
        }
        char* e = end;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n')) {
          --e;
        }
        if (e > s) {
          size_t      len  = (size_t)(e - s);
          const char* hay  = ldxi_buf_cstr(&list);
          bool        seen = false;
          for (const char* h = hay; *h && !seen;) {
            const char* c2 = strchr(h, ',');
            size_t      hl = c2 ? (size_t)(c2 - h) : strlen(h);
            seen           = hl == len && !memcmp(h, s, len);
            h += hl + (c2 ? 1 : 0);
          }
          if (!seen) {
            if (list.len) {
              st = ldxi_buf_putc(&list, ',');
            }
            if (!st) {
              st = ldxi_buf_append(&list, s, len);
            }
          }
        }
        s = comma ? comma + 1 : end;
      }
    }
  }
  if (!st && list.len) {
    char* lang = btag.len ? ldxi_icsv_arena_str(ev, btag) : NULL;
    text_prop(b, icalproperty_new_categories, ldxi_buf_cstr(&list), lang);
  }
  ldxi_buf_free(&list);
  return st;
}

// The iCalendar day code of a DayOfWeek IRI or text, or NULL.
static const char*
day_code(const LdxTerm* t)
{
  static const char* const names[7][2] = {
    { "Monday", "MO" },   { "Tuesday", "TU" }, { "Wednesday", "WE" },
    { "Thursday", "TH" }, { "Friday", "FR" },  { "Saturday", "SA" },
    { "Sunday", "SU" },
  };
  LdxStr v = t->value;
  if (t->type == LDX_TERM_IRI) { // schema:Monday, gr:Monday, ...
    size_t i = v.len;
    while (i && v.buf[i - 1] != '/' && v.buf[i - 1] != '#') {
      --i;
    }
    v.buf += i;
    v.len -= i;
  }
  for (int d = 0; d < 7; ++d) {
    if (ldxi_icsv_tag_equal(v, names[d][0], strlen(names[d][0])) ||
        ldxi_icsv_tag_equal(v, names[d][1], 2)) {
      return names[d][1];
    }
  }
  return NULL;
}

// RRULE and EXDATE from a schema:Schedule.
static LdxStatus
build_schedule(Build* b, const LdxiIcsTimes* t)
{
  LdxiIcsEvents* ev = b->ev;
  LdxiIcsView    s;
  LdxStatus      st = ldxi_icsv_view_load(ev, t->schedule, &s);
  if (st) {
    return st;
  }
  LdxiBuf rule;
  ldxi_buf_init(&rule, ev->world, 0);
  const char*        freq     = NULL;
  int64_t            interval = 1;
  const LdxiIcsPair* p        = NULL;
  size_t             n        = ldxi_icsv_view_get(&s, P_REPEAT_FREQUENCY, &p);
  for (size_t i = 0; i < n && !freq; ++i) {
    const LdxTerm* f = ldxi_icsv_term(ev, p[i].obj);
    LdxiDuration   d;
    if (f->type != LDX_TERM_LITERAL) {
      continue;
    }
    if (ldxi_duration_parse(f->value.buf, f->value.len, &d) && !d.negative &&
        !d.fraction) {
      const int64_t      v[7]    = { d.years, d.months,  d.weeks,  d.days,
                                     d.hours, d.minutes, d.seconds };
      static const char* f7[7]   = { "YEARLY", "MONTHLY",  "WEEKLY",  "DAILY",
                                     "HOURLY", "MINUTELY", "SECONDLY" };
      int                nonzero = 0;
      for (int k = 0; k < 7; ++k) {
        if (v[k]) {
          ++nonzero;
          freq     = f7[k];
          interval = v[k];
        }
      }
      if (nonzero != 1) {
        freq = NULL;
      }
    } else {
      static const char* words[4][2] = { { "daily", "DAILY" },
                                         { "weekly", "WEEKLY" },
                                         { "monthly", "MONTHLY" },
                                         { "yearly", "YEARLY" } };
      for (int k = 0; k < 4 && !freq; ++k) {
        if (ldxi_icsv_tag_equal(f->value, words[k][0], strlen(words[k][0]))) {
          freq = words[k][1];
        }
      }
    }
  }
  const LdxiIcsPair* days     = NULL;
  size_t             n_days   = ldxi_icsv_view_get(&s, P_BY_DAY, &days);
  const LdxiIcsPair* mdays    = NULL;
  size_t             n_mdays  = ldxi_icsv_view_get(&s, P_BY_MONTH_DAY, &mdays);
  const LdxiIcsPair* months   = NULL;
  size_t             n_months = ldxi_icsv_view_get(&s, P_BY_MONTH, &months);
  if (!freq) {
    freq = n_days ? "WEEKLY" : n_mdays ? "MONTHLY" : n_months ? "YEARLY" : NULL;
  }
  if (!freq) {
    return LDX_SUCCESS;
  }
  st = ldxi_buf_printf(&rule, "FREQ=%s", freq);
  if (!st && interval > 1) {
    st = ldxi_buf_printf(&rule, ";INTERVAL=%lld", (long long)interval);
  }
  long week =
    ldxi_icsv_int_of(ev, &s, P_BY_MONTH_WEEK); // 1..5 (no sign read here)
  for (size_t i = 0, k = 0; !st && i < n_days; ++i) {
    const LdxTerm* d    = ldxi_icsv_term(ev, days[i].obj);
    const char*    code = day_code(d);
    if (!code) {
      continue;
    }
    st = ldxi_buf_puts(&rule, k++ ? "," : ";BYDAY=");
    if (!st && week >= 1 && week <= 5 && strcmp(freq, "WEEKLY")) {
      st = ldxi_buf_printf(&rule, "%ld", week);
    }
    if (!st) {
      st = ldxi_buf_puts(&rule, code);
    }
  }
  for (size_t i = 0, k = 0; !st && i < n_mdays; ++i) {
    const LdxTerm* d = ldxi_icsv_term(ev, mdays[i].obj);
    char           buf[8];
    snprintf(buf,
             sizeof(buf),
             "%.*s",
             (int)(d->value.len < 7 ? d->value.len : 7),
             d->value.buf);
    char* end = NULL;
    long  v   = strtol(buf, &end, 10);
    if (*buf && !*end && v != 0 && v >= -31 && v <= 31) {
      st = ldxi_buf_printf(&rule, "%s%ld", k++ ? "," : ";BYMONTHDAY=", v);
    }
  }
  for (size_t i = 0, k = 0; !st && i < n_months; ++i) {
    const LdxTerm* d = ldxi_icsv_term(ev, months[i].obj);
    char           buf[8];
    snprintf(buf,
             sizeof(buf),
             "%.*s",
             (int)(d->value.len < 7 ? d->value.len : 7),
             d->value.buf);
    char* end = NULL;
    long  v   = strtol(buf, &end, 10);
    if (*buf && !*end && v >= 1 && v <= 12) {
      st = ldxi_buf_printf(&rule, "%s%ld", k++ ? "," : ";BYMONTH=", v);
    }
  }
  // The end of the series: UNTIL (the last day), else COUNT.
  LdxiCivil        until;
  const LdxTerm*   ut    = NULL;
  bool             found = false;
  LdxiTemporalKind uk =
    ldxi_icsv_best_date(ev, &s, P_END_DATE, &until, &ut, &found);
  long count = ldxi_icsv_int_of(ev, &s, P_REPEAT_COUNT);
  if (!st && (uk == LDXI_TEMPORAL_DATE || uk == LDXI_TEMPORAL_DATE_TIME)) {
    if (t->form == LDXI_FORM_DATE) {
      st = ldxi_buf_printf(
        &rule, ";UNTIL=%04d%02d%02d", until.year, until.month, until.day);
    } else {
      if (uk == LDXI_TEMPORAL_DATE) { // through the end of that day
        until.hour   = 23;
        until.minute = 59;
        until.second = 59;
      }
      int64_t instant = 0;
      if (until.has_offset) {
        instant = ldxi_civil_instant(&until);
      } else if (t->form == LDXI_FORM_ZONED) {
        ldxi_ics_zone_to_utc(&ev->zones->zones[t->zone], &until, &instant);
      } else {
        instant = ldxi_civil_seconds(&until);
      }
      LdxiCivil u;
      memset(&u, 0, sizeof(u));
      ldxi_civil_from_seconds(instant, &u);
      if (t->form == LDXI_FORM_FLOATING && !until.has_offset) {
        u = until;
      }
      st = ldxi_buf_printf(&rule,
                           ";UNTIL=%04d%02d%02dT%02d%02d%02d%s",
                           u.year,
                           u.month,
                           u.day,
                           u.hour,
                           u.minute,
                           u.second,
                           t->form == LDXI_FORM_FLOATING ? "" : "Z");
    }
  } else if (!st && count >= 1) {
    st = ldxi_buf_printf(&rule, ";COUNT=%ld", count);
  }
  if (!st) {
    struct icalrecurrencetype r =
      icalrecurrencetype_from_string(ldxi_buf_cstr(&rule));
    if (r.freq != ICAL_NO_RECURRENCE) {
      add(b, icalproperty_new_rrule(r));
    }
    icalerror_clear_errno();
  }
  ldxi_buf_free(&rule);

  // EXDATE: dates off the schedule, at the start's time of day.
  n = ldxi_icsv_view_get(&s, P_EXCEPT_DATE, &p);
  for (size_t i = 0; !st && b->st == LDX_SUCCESS && i < n; ++i) {
    const LdxTerm*   x = ldxi_icsv_term(ev, p[i].obj);
    LdxiCivil        c;
    LdxiTemporalKind k = x->type == LDX_TERM_LITERAL
                           ? ldxi_civil_parse(x->value.buf, x->value.len, &c)
                           : LDXI_TEMPORAL_INVALID;
    if (k != LDXI_TEMPORAL_DATE && k != LDXI_TEMPORAL_DATE_TIME) {
      continue;
    }
    LdxiCivil when = t->start;
    when.year      = c.year;
    when.month     = c.month;
    when.day       = c.day;
    if (k == LDXI_TEMPORAL_DATE_TIME && t->form != LDXI_FORM_DATE) {
      LdxiIcsForm form    = t->form;
      int64_t     instant = 0;
      ldxi_icsv_place_instant(
        ev, &c, t->form == LDXI_FORM_ZONED, t->zone, &form, &when, &instant);
      if (form != t->form) {
        continue; // an EXDATE must match an occurrence's form
      }
    }
    time_prop(b, icalproperty_new_exdate, t->form, t->zone, &when);
  }
  return st;
}

// LAST-MODIFIED from schema:dateModified.
static void
build_modified(Build*              b,
               const LdxiIcsView*  event,
               const LdxiIcsTimes* t,
               LdxiIcsBuilt*       out)
{
  LdxiCivil        c;
  const LdxTerm*   ct    = NULL;
  bool             found = false;
  LdxiTemporalKind k =
    ldxi_icsv_best_date(b->ev, event, P_DATE_MODIFIED, &c, &ct, &found);
  if (k != LDXI_TEMPORAL_DATE && k != LDXI_TEMPORAL_DATE_TIME) {
    return;
  }
  int64_t instant = ldxi_civil_seconds(&c);
  if (c.has_offset) {
    instant = ldxi_civil_instant(&c);
  } else if (k == LDXI_TEMPORAL_DATE_TIME && t->form == LDXI_FORM_ZONED) {
    ldxi_ics_zone_to_utc(&b->ev->zones->zones[t->zone], &c, &instant);
  }
  LdxiCivil u;
  memset(&u, 0, sizeof(u));
  ldxi_civil_from_seconds(instant, &u);
  add(b, icalproperty_new_lastmodified(ical_time(&u, false, true)));
  out->has_modified = true;
  out->modified     = instant;
}

// The node as JSON-LD (its own statements; other nodes by @id), for
// RFC 9073 STRUCTURED-DATA.
static LdxStatus
node_jsonld(LdxiIcsEvents* ev, LdxiTermId id, LdxiBuf* out)
{
  const LdxTerm*     self  = ldxi_icsv_term(ev, id);
  const LdxiMemQuad* q     = NULL;
  size_t             n     = ldxi_memgraph_by_subject(ev->graph, id, 0, &q);
  const char*        vocab = "https://schema.org/";
  for (size_t i = 0; i < n; ++i) { // data in http://schema.org/ stays so
    const LdxTerm* p = ldxi_icsv_term(ev, q[i].p);
    if (p->value.len > 18 && !memcmp(p->value.buf, "http://schema.org/", 18)) {
      vocab = "http://schema.org/";
      break;
    }
  }
  const size_t vlen = strlen(vocab);
  LdxStatus    st =
    ldxi_buf_printf(out, "{\"@context\":{\"@vocab\":\"%s\"},\"@id\":\"", vocab);
  if (!st && self->type == LDX_TERM_BLANK) {
    st = ldxi_buf_puts(out, "_:b");
  } else if (!st) {
    st = ldxi_ics_json_escape(out, self->value.buf, self->value.len);
  }
  if (!st) {
    st = ldxi_buf_putc(out, '"');
  }
  LdxiTermId prev = 0;
  for (size_t i = 0; !st && i < n; ++i) {
    const LdxTerm* p       = ldxi_icsv_term(ev, q[i].p);
    const LdxTerm* o       = ldxi_icsv_term(ev, q[i].o);
    bool           is_type = q[i].p == ev->rdf_type;
    if (i && q[i].p == q[i - 1].p && q[i].o == q[i - 1].o) {
      continue; // the same statement in another graph
    }
    if (q[i].p != prev) {
      st = ldxi_buf_puts(out, prev ? "],\"" : ",\"");
      if (!st && is_type) {
        st = ldxi_buf_puts(out, "@type");
      } else if (!st && p->value.len > vlen &&
                 !memcmp(p->value.buf, vocab, vlen)) {
        st =
          ldxi_ics_json_escape(out, p->value.buf + vlen, p->value.len - vlen);
      } else if (!st) {
        st = ldxi_ics_json_escape(out, p->value.buf, p->value.len);
      }
      if (!st) {
        st = ldxi_buf_puts(out, "\":[");
      }
      prev = q[i].p;
    } else {
      st = ldxi_buf_putc(out, ',');
    }
    if (st) {
      break;
    }
    if (is_type && o->type == LDX_TERM_IRI) {
      st = ldxi_buf_putc(out, '"');
      if (!st && o->value.len > vlen && !memcmp(o->value.buf, vocab, vlen)) {
        st =
          ldxi_ics_json_escape(out, o->value.buf + vlen, o->value.len - vlen);
      } else if (!st) {
        st = ldxi_ics_json_escape(out, o->value.buf, o->value.len);
      }
      if (!st) {
        st = ldxi_buf_putc(out, '"');
      }
    } else if (o->type == LDX_TERM_IRI) {
      st = ldxi_buf_puts(out, "{\"@id\":\"");
      if (!st) {
        st = ldxi_ics_json_escape(out, o->value.buf, o->value.len);
      }
      if (!st) {
        st = ldxi_buf_puts(out, "\"}");
      }
    } else if (o->type == LDX_TERM_BLANK) {
      st = ldxi_buf_puts(out, "{}"); // an anonymous node
    } else {
      st = ldxi_buf_puts(out, "{\"@value\":\"");
      if (!st) {
        st = ldxi_ics_json_escape(out, o->value.buf, o->value.len);
      }
      if (!st && o->language.len) {
        st = ldxi_buf_puts(out, "\",\"@language\":\"");
        if (!st) {
          st = ldxi_ics_json_escape(out, o->language.buf, o->language.len);
        }
      } else if (!st && o->datatype.len) {
        st = ldxi_buf_puts(out, "\",\"@type\":\"");
        if (!st) {
          st = ldxi_ics_json_escape(out, o->datatype.buf, o->datatype.len);
        }
      }
      if (!st) {
        st = ldxi_buf_puts(out, "\"}");
      }
    }
  }
  if (!st) {
    st = ldxi_buf_puts(out, prev ? "]}" : "}");
  }
  return st;
}

// STRUCTURED-DATA;VALUE=URI;FMTTYPE=application/ld+json;SCHEMA=...:
// data:application/ld+json;base64,...  libical 3.0.16 cannot write the
// TEXT form (no comma escaping in unknown properties) nor BINARY values;
// a URI value needs no escaping.
static LdxStatus
build_structured(Build* b, LdxiTermId id)
{
  LdxiIcsEvents* ev = b->ev;
  LdxiBuf        json;
  LdxiBuf        uri;
  ldxi_buf_init(&json, ev->world, 0);
  ldxi_buf_init(&uri, ev->world, 0);
  LdxStatus st = node_jsonld(ev, id, &json);
  if (!st) {
    st = ldxi_buf_puts(&uri, "data:application/ld+json;base64,");
  }
  if (!st) {
    st = ldxi_ics_base64(&uri, json.data ? json.data : "", json.len);
  }
  if (!st) {
    icalproperty* p = icalproperty_new_x(ldxi_buf_cstr(&uri));
    if (p) {
      icalproperty_set_x_name(p, "STRUCTURED-DATA");
      param(b, p, icalparameter_new_value(ICAL_VALUE_URI));
      param(b, p, icalparameter_new_fmttype("application/ld+json"));
      icalparameter* schema = icalparameter_new_x("https://schema.org/");
      if (schema) {
        icalparameter_set_xname(schema, "SCHEMA");
      }
      param(b, p, schema);
    }
    add(b, p);
  }
  ldxi_buf_free(&json);
  ldxi_buf_free(&uri);
  return st;
}

// SUMMARY: the name, else the name of the event it is part of and its
// place ("Stranger – Berlin").
static LdxStatus
build_summary(Build* b, const LdxiIcsView* event)
{
  LdxiIcsEvents* ev   = b->ev;
  const char*    lang = NULL;
  char*          name = text_of(ev, event, P_NAME, &lang);
  if (!name) {
    LdxiBuf            s;
    const LdxiIcsPair* p  = NULL;
    LdxStatus          st = LDX_SUCCESS;
    ldxi_buf_init(&s, ev->world, 0);
    if (ldxi_icsv_view_get(event, P_SUPER_EVENT, &p) &&
        ldxi_icsv_is_node(ldxi_icsv_term(ev, p[0].obj))) {
      st = join(&s, "", ldxi_icsv_name_of(ev, p[0].obj, &lang));
    }
    LdxiTermId* places = NULL;
    if (!st && ldxi_icsv_event_places(ev, event, &places)) {
      st = join(&s, " – ", ldxi_icsv_name_of(ev, places[0], NULL));
    }
    if (!st && s.len) {
      name = ldxi_icsv_arena_copy(ev, ldxi_buf_cstr(&s), s.len);
    }
    ldxi_buf_free(&s);
    if (st) {
      return st;
    }
  }
  text_prop(b, icalproperty_new_summary, name, lang);
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ics_event_build(LdxiIcsEvents*      ev,
                     LdxiTermId          id,
                     const LdxiIcsTimes* t,
                     LdxiIcsBuilt*       out)
{
  ev->oom = false;
  memset(out, 0, sizeof(*out));
  out->data_sequence = -1;
  Build b            = { ev, icalcomponent_new_vevent(), LDX_SUCCESS };
  if (!b.vevent) {
    return LDX_BAD_ALLOC;
  }
  LdxiIcsView event;
  LdxiBuf     others;
  LdxStatus   st = ldxi_icsv_view_load(ev, id, &event);
  ldxi_buf_init(&others, ev->world, 0);
  char uid[LDXI_UUID_STRLEN];
  if (!st) {
    st = ldxi_ics_uid(ev, id, uid);
  }
  if (!st) {
    add(&b, icalproperty_new_uid(uid));
    out->dtstamp = icalproperty_new_dtstamp(ical_time(&t->start, false, true));
    add(&b, out->dtstamp);
    out->sequence = icalproperty_new_sequence(0);
    add(&b, out->sequence);
    out->data_sequence = (int)ldxi_icsv_int_of(ev, &event, P_SEQUENCE);
    time_prop(&b, icalproperty_new_dtstart, t->form, t->zone, &t->start);
    if (t->has_end) {
      time_prop(&b, icalproperty_new_dtend, t->end_form, t->zone, &t->end);
    } else if (t->has_duration) {
      struct icaldurationtype d = icaldurationtype_null_duration();
      d.weeks                   = 0;
      d.days    = (unsigned)(t->duration.weeks * 7 + t->duration.days);
      d.hours   = (unsigned)t->duration.hours;
      d.minutes = (unsigned)t->duration.minutes;
      d.seconds = (unsigned)t->duration.seconds;
      if (!d.hours && !d.minutes && !d.seconds && d.days % 7 == 0) {
        d.weeks = d.days / 7; // P2W reads better than P14D
        d.days  = 0;
      }
      add(&b, icalproperty_new_duration(d));
    }
    if (t->schedule) {
      st = build_schedule(&b, t);
    }
  }
  if (!st) {
    st = build_summary(&b, &event);
  }
  const char* note = NULL;
  if (!st) {
    st = build_location(&b, &event, &others);
  }
  if (!st) {
    build_status(&b, &event, &note);
    st = build_description(&b, &event, &others, note);
  }
  if (!st) {
    char* url = first_uri(ev, &event, P_URL);
    if (url) {
      add(&b, icalproperty_new_url(url));
    }
    char* image = first_uri(ev, &event, P_IMAGE);
    if (image) {
      icalattach* a = icalattach_new_from_url(image);
      if (a) {
        icalproperty* p = icalproperty_new_image(a);
        icalattach_unref(a);
        param(&b, p, icalparameter_new_value(ICAL_VALUE_URI));
        add(&b, p);
      } else {
        b.st = LDX_BAD_ALLOC;
      }
    }
  }
  if (!st) {
    st = build_organizer(&b, &event);
  }
  if (!st) {
    st = build_parents(&b, id, &event);
  }
  if (!st) {
    st = build_categories(&b, &event);
  }
  if (!st) {
    build_modified(&b, &event, t, out);
  }
  if (!st && ev->settings.structured) {
    st = build_structured(&b, id);
  }
  ldxi_buf_free(&others);
  if (!st) {
    st = b.st;
  }
  if (!st && ev->oom) {
    st = LDX_BAD_ALLOC;
  }
  if (st) {
    icalcomponent_free(b.vevent);
    memset(out, 0, sizeof(*out));
    return st;
  }
  out->vevent = b.vevent;
  return LDX_SUCCESS;
}

// ---------------------------------------------------------------------------
// Calendar metadata

LdxStatus
ldxi_ics_feed_meta(LdxiIcsEvents* ev,
                   char**         name,
                   char**         name_lang,
                   char**         description,
                   char**         url)
{
  *name = *name_lang = *description = *url = NULL;
  ev->oom                                  = false;
  const LdxiTermId* subjects               = NULL;
  size_t            n = ldxi_memgraph_subjects(ev->graph, &subjects);
  for (size_t i = 0; i < n; ++i) {
    if (!ldxi_icsv_has_type(ev, subjects[i], "DataFeed")) {
      continue;
    }
    LdxiIcsView v;
    if (ldxi_icsv_view_load(ev, subjects[i], &v)) {
      return LDX_BAD_ALLOC;
    }
    const char* lang = NULL;
    const char* s    = text_of(ev, &v, P_NAME, &lang);
    const char* d    = text_of(ev, &v, P_DESCRIPTION, NULL);
    const char* u    = first_uri(ev, &v, P_URL);
    *name            = s ? ldxi_strdup(ev->world, s) : NULL;
    *name_lang       = lang ? ldxi_strdup(ev->world, lang) : NULL;
    *description     = d ? ldxi_strdup(ev->world, d) : NULL;
    *url             = u ? ldxi_strdup(ev->world, u) : NULL;
    ldxi_arena_reset(&ev->arena);
    if (ev->oom || (s && !*name) || (lang && !*name_lang) ||
        (d && !*description) || (u && !*url)) {
      char** all[4] = { name, name_lang, description, url };
      for (int k = 0; k < 4; ++k) {
        ldxi_free(ev->world, *all[k]);
        *all[k] = NULL;
      }
      return LDX_BAD_ALLOC;
    }
    return LDX_SUCCESS;
  }
  return LDX_SUCCESS;
}
