// SPDX-License-Identifier: MIT
// `ldexport check`: the vocabulary checks and Google Search's event rules
// (developers.google.com/search/docs/appearance/structured-data/event, as
// of 2026-09; see docs/architecture.md).
//
// The document is read into nodes merged by @id across all graphs
// (jsonld_node.c), so an event described in several provenance graphs is
// checked once, as the union of what the graphs say.
#include "write/jsonld_check.h"

#include "write/jsonld_node.h"
#include "write/jsonld_util.h"

#include "core/diag.h"
#include "rdf/iri.h"
#include "vocab/schemaorg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  LdxWorld*               world;
  const LdxiCheckOptions* opts;
  LdxiCheckStats*         stats;
  json_t*                 index;
  LdxStatus               st;
} Checker;

LDX_LOG_FUNC(4, 5)
static void
emit(Checker* c, LdxLevel level, const char* path, const char* fmt, ...)
{
  char    message[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(message, sizeof message, fmt, args);
  va_end(args);
  const LdxDiag d = { level == LDX_LEVEL_ERROR ? LDX_BAD_DATA : LDX_SUCCESS,
                      level,
                      { c->opts->file, c->opts->line, 0, 0 },
                      path,
                      message,
                      { NULL, 0, 0, 0 },
                      NULL };
  ldxi_report(c->world, &d);
  if (level == LDX_LEVEL_ERROR) {
    ++c->stats->errors;
  } else if (level == LDX_LEVEL_WARNING) {
    ++c->stats->warnings;
  } else {
    ++c->stats->notes;
  }
}

static void
on_reader(void* handle, int level, const char* path, const char* message)
{
  emit((Checker*)handle,
       level ? LDX_LEVEL_WARNING : LDX_LEVEL_ERROR,
       path,
       "%s",
       message);
}

// "<iri>", "_:b0" or "(no @id)" for messages.
static void
node_name(const char* id, char* buf, size_t size)
{
  if (!strncmp(id, "_:#", 3)) {
    snprintf(buf, size, "(no @id)");
  } else if (!strncmp(id, "_:", 2)) {
    snprintf(buf, size, "%.200s", id);
  } else {
    snprintf(buf, size, "<%.200s>", id);
  }
}

static const char*
local(const char* iri, size_t* len)
{
  return ldxi_schema_local(iri, strlen(iri), len);
}

// True if some type of `rec` is the schema.org type `ancestor` or below.
static bool
has_type(const json_t* rec, const char* ancestor)
{
  size_t        i = 0;
  const json_t* t = NULL;
  json_array_foreach(json_object_get(rec, "types"), i, t)
  {
    size_t      n = 0;
    const char* l = local(json_string_value(t), &n);
    if (l && ldxi_schema_is_subtype_of(l, n, ancestor)) {
      return true;
    }
  }
  return false;
}

// True if `rec` has a schema.org type known to the vocabulary.
static bool
has_known_type(const json_t* rec)
{
  size_t        i = 0;
  const json_t* t = NULL;
  json_array_foreach(json_object_get(rec, "types"), i, t)
  {
    size_t      n = 0;
    const char* l = local(json_string_value(t), &n);
    if (l && ldxi_schema_is_type(l, n)) {
      return true;
    }
  }
  return false;
}

// The values of the schema.org property `name` (http or https), as a new
// array.
static json_t*
values_of(const json_t* rec, const char* name)
{
  json_t*       out = json_array();
  const char*   k   = NULL;
  const json_t* v   = NULL;
  json_object_foreach(json_object_get(rec, "props"), k, v)
  {
    size_t      n = 0;
    const char* l = local(k, &n);
    if (out && l && n == strlen(name) && !memcmp(l, name, n) &&
        json_array_extend(out, (json_t*)v)) {
      json_decref(out);
      return NULL;
    }
  }
  return out;
}

static const json_t*
node_of(const Checker* c, const json_t* value)
{
  const json_t* id = json_object_get(value, "node");
  return id ? json_object_get(c->index, json_string_value(id)) : NULL;
}

// The string of a literal value (plain or @value), or NULL.
static const char*
string_of(const json_t* value)
{
  return json_string_value(json_object_get(value, "value"));
}

// ---- Vocabulary
// --------------------------------------------------------------------

static void
join_names(const char* const* names, size_t n, char* buf, size_t size)
{
  buf[0]    = '\0';
  size_t at = 0;
  for (size_t i = 0; i < n && at + 1 < size; ++i) {
    int w = snprintf(buf + at,
                     size - at,
                     "%s%s",
                     i == 0       ? ""
                     : i + 1 == n ? " or "
                                  : ", ",
                     names[i]);
    if (w < 0) {
      break;
    }
    at += (size_t)w;
  }
}

static void
check_types(Checker* c, const json_t* rec)
{
  const char*   path = json_string_value(json_object_get(rec, "path"));
  size_t        i    = 0;
  const json_t* t    = NULL;
  json_array_foreach(json_object_get(rec, "types"), i, t)
  {
    size_t      n = 0;
    const char* l = local(json_string_value(t), &n);
    if (!l) {
      continue; // other vocabularies are not schema.org's business
    }
    if (!ldxi_schema_is_type(l, n)) {
      if (ldxi_schema_is_property(l, n) || ldxi_schema_is_member(l, n)) {
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "'%.*s' is not a schema.org type",
             (int)n,
             l);
      } else {
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "unknown type '%.*s' (not in schema.org %s)",
             (int)n,
             l,
             ldxi_schema_version());
      }
      continue;
    }
    const char* by = ldxi_schema_superseded_by(l, n);
    if (by) {
      emit(c,
           LDX_LEVEL_ERROR,
           path,
           "type '%.*s' is superseded by '%s' in schema.org",
           (int)n,
           l,
           by);
    }
  }
}

// What a literal can stand for, by its JSON kind, @type and lexical form.
static bool
literal_fits(const json_t* value, const char* range)
{
  const json_t* v    = json_object_get(value, "value");
  const char*   type = json_string_value(json_object_get(value, "type"));
  if (ldxi_schema_is_subtype_of(range, strlen(range), "Text") &&
      strcmp(range, "URL") && json_is_string(v)) {
    return true; // Text, and its other subtypes
  }
  if (!strcmp(range, "URL")) {
    return json_is_string(v) &&
           ldxi_iri_is_valid(json_string_value(v), json_string_length(v));
  }
  if (!strcmp(range, "Number") || !strcmp(range, "Float") ||
      !strcmp(range, "Integer")) {
    if (json_is_number(v)) {
      return strcmp(range, "Integer") || json_is_integer(v);
    }
    if (!json_is_string(v)) {
      return false;
    }
    const char* s = json_string_value(v);
    size_t      i = s[0] == '-' || s[0] == '+';
    bool        d = false;
    for (; s[i]; ++i) {
      if (s[i] >= '0' && s[i] <= '9') {
        d = true;
      } else if (s[i] != '.' && s[i] != 'e' && s[i] != 'E' && s[i] != '-' &&
                 s[i] != '+') {
        return false;
      }
    }
    return d;
  }
  if (!strcmp(range, "Boolean")) {
    const char* s = json_string_value(v);
    return json_is_boolean(v) ||
           (s &&
            (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "True") ||
             !strcmp(s, "False") || !strcmp(s, "https://schema.org/True") ||
             !strcmp(s, "https://schema.org/False") ||
             !strcmp(s, "http://schema.org/True") ||
             !strcmp(s, "http://schema.org/False")));
  }
  if (!strcmp(range, "Date") || !strcmp(range, "DateTime") ||
      !strcmp(range, "Time")) {
    const char* s = json_string_value(v);
    if (!s) {
      return false;
    }
    const LdxiDateShape shape = ldxi_date_shape(s, strlen(s));
    if (!strcmp(range, "Time")) {
      return shape == LDXI_DATE_TIME || shape == LDXI_DATE_TIME_ZONE;
    }
    if (!strcmp(range, "DateTime")) {
      return shape == LDXI_DATE_DATETIME || shape == LDXI_DATE_DATETIME_ZONE;
    }
    return shape >= LDXI_DATE_YEAR && shape <= LDXI_DATE_DAY;
  }
  // An enumeration: a member's IRI as a string.
  const char* s = json_string_value(v);
  size_t      n = 0;
  const char* l = s ? local(s, &n) : NULL;
  (void)type;
  if (l && ldxi_schema_is_member(l, n)) {
    char name[128];
    if (n < sizeof name) {
      memcpy(name, l, n);
      name[n] = '\0';
      return ldxi_schema_is_member_of(name, n, range);
    }
  }
  return false;
}

// True if node `rec` (a value) fits `range`.
static bool
node_fits(const json_t* rec, const char* range)
{
  return has_type(rec, range);
}

static void
check_range(Checker*      c,
            const char*   prop,
            size_t        plen,
            const char*   key,
            const json_t* value)
{
  const char*  ranges[64];
  const size_t n = ldxi_schema_ranges(prop, plen, ranges, 64);
  if (!n || n > 64) {
    return;
  }
  const char*   path = json_string_value(json_object_get(value, "path"));
  const json_t* id   = json_object_get(value, "node");
  if (id) {
    const json_t* rec = node_of(c, value);
    const char*   sid = json_string_value(id);
    size_t        ml  = 0;
    const char*   m   = local(sid, &ml);
    if (!rec) {
      // A reference to a node described elsewhere: an enumeration member
      // or a URL is fine; anything else cannot be checked here.
      if (m && ldxi_schema_is_member(m, ml)) {
        for (size_t i = 0; i < n; ++i) {
          if (ldxi_schema_is_member_of(m, ml, ranges[i])) {
            return;
          }
        }
        char expected[512];
        join_names(ranges, n, expected, sizeof expected);
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "'%s' expects %s, not '%.*s'",
             key,
             expected,
             (int)ml,
             m);
      }
      return;
    }
    if (!has_known_type(rec) || has_type(rec, "Role")) {
      return; // untyped, or the Role pattern, which fits every property
    }
    for (size_t i = 0; i < n; ++i) {
      if (node_fits(rec, ranges[i])) {
        return;
      }
    }
    char expected[512];
    join_names(ranges, n, expected, sizeof expected);
    const json_t* t  = json_array_get(json_object_get(rec, "types"), 0);
    size_t        tl = 0;
    const char*   tn = local(json_string_value(t), &tl);
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "'%s' expects %s, not a %.*s",
         key,
         expected,
         tn ? (int)tl : 0,
         tn ? tn : "");
    return;
  }
  // "Role and URL can be used with all properties" (schema.org data
  // model), unless the URL names an enumeration member of schema.org: then
  // it must be a member of the range.
  const json_t* lit = json_object_get(value, "value");
  size_t        ml  = 0;
  if (json_is_string(lit) &&
      ldxi_iri_is_valid(json_string_value(lit), json_string_length(lit))) {
    const char* m = local(json_string_value(lit), &ml);
    if (!m || !ldxi_schema_is_member(m, ml)) {
      return;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (literal_fits(value, ranges[i])) {
      return;
    }
  }
  char expected[512];
  join_names(ranges, n, expected, sizeof expected);
  const json_t* v = json_object_get(value, "value");
  if (json_is_string(v)) {
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "'%s' expects %s, not the text \"%.80s\"",
         key,
         expected,
         json_string_value(v));
  } else {
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "'%s' expects %s, not a %s",
         key,
         expected,
         json_is_boolean(v) ? "boolean" : "number");
  }
}

static void
check_properties(Checker* c, const json_t* rec)
{
  const char*   path  = json_string_value(json_object_get(rec, "path"));
  const json_t* keys  = json_object_get(rec, "keys");
  const bool    typed = has_known_type(rec) && !has_type(rec, "Role");
  const char*   k     = NULL;
  const json_t* vals  = NULL;
  json_object_foreach(json_object_get(rec, "props"), k, vals)
  {
    size_t      n   = 0;
    const char* l   = local(k, &n);
    const char* key = json_string_value(json_object_get(keys, k));
    if (!l) {
      continue;
    }
    if (!ldxi_schema_is_property(l, n)) {
      if (ldxi_schema_is_type(l, n) || ldxi_schema_is_member(l, n)) {
        emit(
          c, LDX_LEVEL_WARNING, path, "'%s' is not a schema.org property", key);
      } else {
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "unknown property '%s' (not in schema.org %s)",
             key,
             ldxi_schema_version());
      }
      continue;
    }
    const char* by = ldxi_schema_superseded_by(l, n);
    if (by) {
      emit(c,
           LDX_LEVEL_ERROR,
           path,
           "property '%s' is superseded by '%s' in schema.org",
           key,
           by);
    }
    const char*  doms[64];
    const size_t nd = ldxi_schema_domains(l, n, doms, 64);
    if (typed && nd && nd <= 64) {
      bool ok = false;
      for (size_t i = 0; i < nd && !ok; ++i) {
        ok = has_type(rec, doms[i]);
      }
      if (!ok) {
        char expected[512];
        join_names(doms, nd, expected, sizeof expected);
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "'%s' is a property of %s in schema.org, not of this node's "
             "types",
             key,
             expected);
      }
    }
    size_t        i = 0;
    const json_t* v = NULL;
    json_array_foreach(vals, i, v)
    {
      check_range(c, l, n, key, v);
    }
  }
}

// ---- Google Search: events
// --------------------------------------------------------

// Report a missing requirement: an error in strict mode, else a warning.
static LdxLevel
required(const Checker* c)
{
  return c->opts->strict ? LDX_LEVEL_ERROR : LDX_LEVEL_WARNING;
}

// Check a date value of an event property; returns its shape.
static LdxiDateShape
check_date(Checker* c, const char* what, const char* prop, const json_t* value)
{
  const char* path = json_string_value(json_object_get(value, "path"));
  const char* s    = string_of(value);
  if (!s) {
    emit(c, LDX_LEVEL_ERROR, path, "%s: %s is not a date", what, prop);
    return LDXI_DATE_NONE;
  }
  const LdxiDateShape shape = ldxi_date_shape(s, strlen(s));
  switch (shape) {
    case LDXI_DATE_NONE:
      emit(c,
           LDX_LEVEL_ERROR,
           path,
           "%s: %s \"%.80s\" is not an ISO 8601 date or date-time",
           what,
           prop,
           s);
      break;
    case LDXI_DATE_TIME:
    case LDXI_DATE_TIME_ZONE:
      emit(c,
           LDX_LEVEL_ERROR,
           path,
           "%s: %s \"%.80s\" is a time without a date",
           what,
           prop,
           s);
      break;
    case LDXI_DATE_DATETIME:
      emit(c,
           LDX_LEVEL_ERROR,
           path,
           "%s: %s \"%.80s\" gives a time without a UTC offset (Google "
           "Search would read it in the venue's time zone; add Z or +hh:mm)",
           what,
           prop,
           s);
      break;
    case LDXI_DATE_DATETIME_ZONE:
      if (ldxi_date_is_midnight(s, strlen(s))) {
        emit(c,
             LDX_LEVEL_WARNING,
             path,
             "%s: %s \"%.80s\" is midnight: if the time is not known, give "
             "the date only",
             what,
             prop,
             s);
      }
      break;
    case LDXI_DATE_YEAR:
    case LDXI_DATE_YEAR_MONTH:
      emit(c,
           LDX_LEVEL_WARNING,
           path,
           "%s: %s \"%.80s\" does not give the day (Google Search needs a "
           "date)",
           what,
           prop,
           s);
      break;
    case LDXI_DATE_DAY:
      break;
  }
  return shape;
}

static bool
is_member_value(const json_t* value, const char* member)
{
  const char* s = json_string_value(json_object_get(value, "node"));
  if (!s) {
    s = string_of(value);
  }
  size_t      n = 0;
  const char* l = s ? local(s, &n) : NULL;
  if (!l && s) {
    l = s; // a bare name
    n = strlen(s);
  }
  return l && n == strlen(member) && !memcmp(l, member, n);
}

// For each node value of `prop` of the event (Role values stand for their
// target and are skipped), a note listing which of `wanted` it lacks; an
// offer's priceCurrency must be an ISO 4217 code and its validFrom a date.
static void
check_parts(Checker*           c,
            const char*        who,
            const json_t*      rec,
            const char*        prop,
            const char* const* wanted)
{
  json_t* vals = values_of(rec, prop);
  if (!vals) {
    c->st = LDX_BAD_ALLOC;
    return;
  }
  size_t        i = 0;
  const json_t* v = NULL;
  json_array_foreach(vals, i, v)
  {
    const json_t* part = node_of(c, v);
    const char*   path = json_string_value(json_object_get(v, "path"));
    if (!part || has_type(part, "Role")) {
      continue;
    }
    char   missing[256] = "";
    size_t at           = 0;
    for (const char* const* w = wanted; *w && !c->st; ++w) {
      json_t* pv = values_of(part, *w);
      if (!pv) {
        c->st = LDX_BAD_ALLOC;
        break;
      }
      if (!json_array_size(pv) && at < sizeof missing) {
        int n = snprintf(missing + at,
                         sizeof missing - at,
                         "%s%s.%s",
                         at ? ", " : "",
                         prop,
                         *w);
        at += n > 0 ? (size_t)n : 0;
      }
      size_t        k = 0;
      const json_t* x = NULL;
      json_array_foreach(pv, k, x)
      {
        const char* s = string_of(x);
        if (!strcmp(*w, "priceCurrency") &&
            (!s || strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
             s[1] > 'Z' || s[2] < 'A' || s[2] > 'Z')) {
          emit(c,
               LDX_LEVEL_WARNING,
               json_string_value(json_object_get(x, "path")),
               "%s: priceCurrency \"%.40s\" is not an ISO 4217 code (e.g. "
               "CHF, EUR, USD)",
               who,
               s ? s : "?");
        } else if (!strcmp(*w, "validFrom")) {
          check_date(c, who, "offers.validFrom", x);
        }
      }
      json_decref(pv);
    }
    if (at) {
      emit(c,
           LDX_LEVEL_NOTE,
           path,
           "%s: Google Search recommends %s",
           who,
           missing);
    }
  }
  json_decref(vals);
}

static void
check_event(Checker* c, const char* id, const json_t* rec)
{
  const char* path = json_string_value(json_object_get(rec, "path"));
  char        who[256];
  char        name[240];
  node_name(id, name, sizeof name);
  // The most specific Event type names the node in messages.
  const char*   tname = "Event";
  int           tlen  = 5;
  size_t        i     = 0;
  const json_t* t     = NULL;
  json_array_foreach(json_object_get(rec, "types"), i, t)
  {
    size_t      n = 0;
    const char* l = local(json_string_value(t), &n);
    if (l && ldxi_schema_is_subtype_of(l, n, "Event")) {
      tname = l;
      tlen  = (int)n;
    }
  }
  snprintf(who, sizeof who, "%.*s %s", tlen, tname, name);

  json_t* names    = values_of(rec, "name");
  json_t* starts   = values_of(rec, "startDate");
  json_t* ends     = values_of(rec, "endDate");
  json_t* previous = values_of(rec, "previousStartDate");
  json_t* status   = values_of(rec, "eventStatus");
  json_t* location = values_of(rec, "location");
  if (!names || !starts || !ends || !previous || !status || !location) {
    c->st = LDX_BAD_ALLOC;
  }
  if (!c->st && !json_array_size(names)) {
    emit(
      c, required(c), path, "%s has no name (Google Search requires one)", who);
  }
  LdxiDateShape start_shape = LDXI_DATE_NONE;
  if (!c->st && !json_array_size(starts)) {
    emit(c,
         required(c),
         path,
         "%s has no startDate (Google Search requires one)",
         who);
  }
  const json_t* v = NULL;
  json_array_foreach(starts, i, v)
  {
    start_shape = check_date(c, who, "startDate", v);
  }
  if (json_array_size(starts) > 1) {
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "%s has %zu different startDates (Google Search expects one; "
         "separate occurrences are separate events)",
         who,
         json_array_size(starts));
  }
  json_array_foreach(ends, i, v)
  {
    const LdxiDateShape end_shape  = check_date(c, who, "endDate", v);
    const bool          start_time = start_shape == LDXI_DATE_DATETIME ||
                            start_shape == LDXI_DATE_DATETIME_ZONE;
    const bool end_time =
      end_shape == LDXI_DATE_DATETIME || end_shape == LDXI_DATE_DATETIME_ZONE;
    if (start_shape && end_shape && start_time != end_time) {
      emit(c,
           LDX_LEVEL_WARNING,
           json_string_value(json_object_get(v, "path")),
           "%s: endDate should have the same format as startDate",
           who);
    }
  }
  bool rescheduled = false;
  json_array_foreach(status, i, v)
  {
    const char* s = json_string_value(json_object_get(v, "node"));
    if (!s) {
      s = string_of(v);
    }
    size_t      n = 0;
    const char* l = s ? local(s, &n) : NULL;
    if (!l || !ldxi_schema_is_member_of(l, n, "EventStatusType")) {
      emit(c,
           LDX_LEVEL_ERROR,
           json_string_value(json_object_get(v, "path")),
           "%s: eventStatus \"%.100s\" is not an EventStatusType "
           "(https://schema.org/EventScheduled, EventCancelled, "
           "EventMovedOnline, EventPostponed, EventRescheduled)",
           who,
           s ? s : "?");
    }
    rescheduled |= is_member_value(v, "EventRescheduled");
  }
  json_array_foreach(previous, i, v)
  {
    check_date(c, who, "previousStartDate", v);
  }
  if (json_array_size(previous) && !rescheduled) {
    emit(c,
         LDX_LEVEL_ERROR,
         path,
         "%s has a previousStartDate but its eventStatus is not "
         "EventRescheduled",
         who);
  }
  if (rescheduled && !json_array_size(previous)) {
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "%s is rescheduled but has no previousStartDate",
         who);
  }

  // location: a Place with an address.
  bool place_with_address = false;
  bool place_named        = false;
  if (!c->st && !json_array_size(location)) {
    emit(c,
         required(c),
         path,
         "%s has no location (Google Search requires a Place with an "
         "address)",
         who);
  }
  if (json_array_size(location) > 1) {
    emit(c,
         LDX_LEVEL_WARNING,
         path,
         "%s has %zu locations (Google Search expects one event per "
         "location)",
         who,
         json_array_size(location));
  }
  json_array_foreach(location, i, v)
  {
    const char*   vpath = json_string_value(json_object_get(v, "path"));
    const json_t* place = node_of(c, v);
    const json_t* ref   = json_object_get(v, "node");
    char          pname[240];
    if (!ref) {
      emit(c,
           required(c),
           vpath,
           "%s: the location is text, not a Place with an address",
           who);
      continue;
    }
    node_name(json_string_value(ref), pname, sizeof pname);
    if (!place) {
      emit(c,
           required(c),
           vpath,
           "%s: location %s is not described in this document",
           who,
           pname);
      continue;
    }
    if (!has_type(place, "Place")) {
      emit(c,
           has_type(place, "VirtualLocation") ? required(c) : LDX_LEVEL_ERROR,
           vpath,
           has_type(place, "VirtualLocation")
             ? "%s: location %s is a VirtualLocation (Google Search lists "
               "only events at a physical place)"
             : "%s: location %s is not a Place",
           who,
           pname);
      continue;
    }
    json_t* addr = values_of(place, "address");
    json_t* pn   = values_of(place, "name");
    if (!addr || !pn) {
      c->st = LDX_BAD_ALLOC;
    } else {
      place_with_address |= json_array_size(addr) > 0;
      place_named |= json_array_size(pn) > 0;
      if (!json_array_size(addr)) {
        emit(c,
             required(c),
             vpath,
             "%s: location %s has no address (Google Search requires one)",
             who,
             pname);
      }
    }
    json_decref(addr);
    json_decref(pn);
  }

  // What Google Search recommends on offers, organizers and performers.
  check_parts(
    c,
    who,
    rec,
    "offers",
    (const char* const[]){
      "availability", "price", "priceCurrency", "validFrom", "url", NULL });
  check_parts(
    c, who, rec, "organizer", (const char* const[]){ "name", "url", NULL });
  check_parts(c, who, rec, "performer", (const char* const[]){ "name", NULL });

  // Recommended properties, in one note.
  static const char* const recommended[] = { "description", "endDate",
                                             "eventStatus", "image",
                                             "offers",      "organizer",
                                             "performer" };
  char                     missing[512]  = "";
  size_t                   at            = 0;
  for (size_t k = 0; k < sizeof recommended / sizeof recommended[0]; ++k) {
    json_t* vals = values_of(rec, recommended[k]);
    if (!vals) {
      c->st = LDX_BAD_ALLOC;
      break;
    }
    if (!json_array_size(vals) && at < sizeof missing) {
      int w = snprintf(missing + at,
                       sizeof missing - at,
                       "%s%s",
                       at ? ", " : "",
                       recommended[k]);
      at += w > 0 ? (size_t)w : 0;
    }
    json_decref(vals);
  }
  if (json_array_size(location) && place_with_address && !place_named &&
      at < sizeof missing) {
    int w = snprintf(
      missing + at, sizeof missing - at, "%slocation.name", at ? ", " : "");
    at += w > 0 ? (size_t)w : 0;
  }
  if (at) {
    emit(
      c, LDX_LEVEL_NOTE, path, "%s: Google Search recommends %s", who, missing);
  }
  json_decref(names);
  json_decref(starts);
  json_decref(ends);
  json_decref(previous);
  json_decref(status);
  json_decref(location);
}

LdxStatus
ldxi_jsonld_check(LdxWorld*               world,
                  const json_t*           doc,
                  const LdxiCheckOptions* options,
                  LdxiCheckStats*         stats)
{
  memset(stats, 0, sizeof *stats);
  Checker c = { world, options, stats, NULL, LDX_SUCCESS };
  if (json_is_object(doc) && !json_object_get(doc, "@context")) {
    emit(&c,
         LDX_LEVEL_WARNING,
         "$",
         "no @context: keys are read as full IRIs only");
  }
  LdxStatus st = ldxi_jsonld_index(world, doc, on_reader, &c, &c.index);
  if (st) {
    return st;
  }
  const char*   id  = NULL;
  const json_t* rec = NULL;
  json_object_foreach(c.index, id, rec)
  {
    ++stats->nodes;
    check_types(&c, rec);
    check_properties(&c, rec);
    if (has_type(rec, "Event")) {
      ++stats->events;
      check_event(&c, id, rec);
    }
    if (c.st) {
      break;
    }
  }
  json_decref(c.index);
  return c.st;
}
