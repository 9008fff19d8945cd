// SPDX-License-Identifier: MIT
#include "write/ics_previous.h"

#include "write/ics_uid.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool
is_material(icalproperty_kind kind)
{
  switch (kind) {
    case ICAL_DTSTART_PROPERTY:
    case ICAL_DTEND_PROPERTY:
    case ICAL_DURATION_PROPERTY:
    case ICAL_RRULE_PROPERTY:
    case ICAL_RDATE_PROPERTY:
    case ICAL_EXDATE_PROPERTY:
    case ICAL_LOCATION_PROPERTY:
    case ICAL_GEO_PROPERTY:
    case ICAL_STATUS_PROPERTY:
      return true;
    default:
      return false;
  }
}

static bool
fingerprint_component(icalcomponent* c,
                      uint8_t        material[20],
                      uint8_t        content[20])
{
  LdxiSha1 m;
  LdxiSha1 all;
  ldxi_sha1_init(&m);
  ldxi_sha1_init(&all);
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY);
       p;
       p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
    icalproperty_kind kind = icalproperty_isa(p);
    if (kind == ICAL_DTSTAMP_PROPERTY || kind == ICAL_SEQUENCE_PROPERTY) {
      continue;
    }
    char* s = icalproperty_as_ical_string_r(p);
    if (!s) {
      return false;
    }
    size_t len = strlen(s) + 1; // the NUL separates properties
    ldxi_sha1_update(&all, s, len);
    if (is_material(kind)) {
      ldxi_sha1_update(&m, s, len);
    }
    icalmemory_free_buffer(s);
  }
  ldxi_sha1_final(&m, material);
  ldxi_sha1_final(&all, content);
  return true;
}

bool
ldxi_ics_fingerprint(const char* text,
                     uint8_t     material[20],
                     uint8_t     content[20])
{
  icalcomponent* c = icalparser_parse_string(text);
  if (!c) {
    icalerror_clear_errno();
    return false;
  }
  icalcomponent* e =
    icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT
      ? c
      : icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
  bool ok = e && fingerprint_component(e, material, content);
  icalcomponent_free(c);
  icalerror_clear_errno();
  return ok;
}

static size_t
hash_str(const char* s)
{
  size_t h = 1469598103934665603u; // FNV-1a
  for (; *s; ++s) {
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  }
  return h;
}

const LdxiIcsPrevEvent*
ldxi_ics_previous_find(const LdxiIcsPrevious* prev, const char* uid)
{
  if (!prev->n_slots) {
    return NULL;
  }
  size_t mask = prev->n_slots - 1;
  for (size_t i = hash_str(uid) & mask; prev->slots[i]; i = (i + 1) & mask) {
    const LdxiIcsPrevEvent* e = &prev->events[prev->slots[i] - 1];
    if (!strcmp(e->uid, uid)) {
      return e;
    }
  }
  return NULL;
}

static LdxStatus
rehash(LdxiIcsPrevious* prev)
{
  size_t  n     = prev->n_slots ? prev->n_slots * 2 : 64;
  size_t* slots = (size_t*)ldxi_calloc(prev->world, n, sizeof(size_t));
  if (!slots) {
    return LDX_BAD_ALLOC;
  }
  for (size_t k = 0; k < prev->n; ++k) {
    size_t i = hash_str(prev->events[k].uid) & (n - 1);
    while (slots[i]) {
      i = (i + 1) & (n - 1);
    }
    slots[i] = k + 1;
  }
  ldxi_free(prev->world, prev->slots);
  prev->slots   = slots;
  prev->n_slots = n;
  return LDX_SUCCESS;
}

// Remember one VEVENT of the old feed.
static LdxStatus
add_event(LdxiIcsPrevious* prev, const char* text)
{
  icalcomponent* c = icalparser_parse_string(text);
  icalerror_clear_errno();
  if (!c) {
    return LDX_SUCCESS;
  }
  LdxStatus   st  = LDX_SUCCESS;
  const char* uid = icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT
                      ? icalcomponent_get_uid(c)
                      : NULL;
  if (uid && *uid &&
      !icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY) &&
      !ldxi_ics_previous_find(prev, uid)) {
    LdxiIcsPrevEvent e;
    memset(&e, 0, sizeof(e));
    if (!fingerprint_component(c, e.material, e.content)) {
      icalcomponent_free(c);
      return LDX_SUCCESS;
    }
    e.sequence = icalcomponent_get_sequence(c);
    if (e.sequence < 0) {
      e.sequence = 0;
    }
    icalproperty* stamp =
      icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY);
    if (stamp) {
      e.dtstamp = icalproperty_get_dtstamp(stamp);
      e.has_dtstamp =
        !icaltime_is_null_time(e.dtstamp) && icaltime_is_utc(e.dtstamp);
    }
    e.uid = ldxi_strdup(prev->world, uid);
    if (!e.uid || (prev->n + 1) * 2 > prev->n_slots) {
      st = e.uid ? rehash(prev) : LDX_BAD_ALLOC;
    }
    if (!st && ldxi_grow(prev->world,
                         (void**)&prev->events,
                         &prev->cap,
                         prev->n + 1,
                         sizeof(LdxiIcsPrevEvent))) {
      st = LDX_BAD_ALLOC;
    }
    if (st) {
      ldxi_free(prev->world, e.uid);
    } else {
      size_t mask = prev->n_slots - 1;
      size_t i    = hash_str(e.uid) & mask;
      while (prev->slots[i]) {
        i = (i + 1) & mask;
      }
      prev->events[prev->n] = e;
      prev->slots[i]        = ++prev->n;
    }
  }
  icalcomponent_free(c);
  icalerror_clear_errno();
  return st;
}

static bool
line_is(const char* line, size_t len, const char* word)
{
  size_t n = strlen(word);
  if (len != n) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    char c = line[i];
    if (c >= 'a' && c <= 'z') {
      c = (char)(c - 'a' + 'A');
    }
    if (c != word[i]) {
      return false;
    }
  }
  return true;
}

// One line of the old feed (without its LF): collect VEVENT blocks.
static LdxStatus
on_line(LdxiIcsPrevious* prev, LdxiBuf* line, LdxiBuf* block, bool* in_event)
{
  size_t len = line->len;
  if (len && line->data[len - 1] == '\r') {
    --len;
  }
  const char* text = ldxi_buf_cstr(line);
  LdxStatus   st   = LDX_SUCCESS;
  if (!*in_event && line_is(text, len, "BEGIN:VEVENT")) {
    *in_event = true;
    ldxi_buf_clear(block);
  }
  if (*in_event) {
    st = ldxi_buf_append(block, text, len);
    if (!st) {
      st = ldxi_buf_append(block, "\r\n", 2);
    }
    if (!st && line_is(text, len, "END:VEVENT")) {
      *in_event = false;
      st        = add_event(prev, ldxi_buf_cstr(block));
    }
  }
  ldxi_buf_clear(line);
  return st;
}

LdxStatus
ldxi_ics_previous_load(LdxWorld* world, const char* path, LdxiIcsPrevious* out)
{
  memset(out, 0, sizeof(*out));
  out->world = world;
  FILE* in   = fopen(path, "rb");
  if (!in) {
    return ldxi_error(world,
                      LDX_BAD_READ,
                      NULL,
                      "cannot open the previous feed '%s': %s",
                      path,
                      strerror(errno));
  }
  LdxiBuf   line;
  LdxiBuf   block;
  LdxStatus st       = LDX_SUCCESS;
  bool      in_event = false;
  ldxi_buf_init(&line, world, 0);
  ldxi_buf_init(&block, world, 0);
  char chunk[1 << 14];
  for (;;) {
    size_t got   = fread(chunk, 1, sizeof(chunk), in);
    size_t start = 0;
    for (size_t i = 0; !st && i < got; ++i) {
      if (chunk[i] == '\n') {
        st = ldxi_buf_append(&line, chunk + start, i - start);
        if (!st) {
          st = on_line(out, &line, &block, &in_event);
        }
        start = i + 1;
      }
    }
    if (!st && start < got) {
      st = ldxi_buf_append(&line, chunk + start, got - start);
    }
    if (st || got == 0) {
      break;
    }
  }
  if (!st && line.len) {
    st = on_line(out, &line, &block, &in_event);
  }
  if (!st && ferror(in)) {
    st = ldxi_error(world,
                    LDX_BAD_READ,
                    NULL,
                    "cannot read the previous feed '%s': %s",
                    path,
                    strerror(errno));
  }
  fclose(in);
  ldxi_buf_free(&line);
  ldxi_buf_free(&block);
  if (st) {
    ldxi_ics_previous_free(out);
  }
  return st;
}

void
ldxi_ics_previous_free(LdxiIcsPrevious* prev)
{
  for (size_t i = 0; i < prev->n; ++i) {
    ldxi_free(prev->world, prev->events[i].uid);
  }
  ldxi_free(prev->world, prev->events);
  ldxi_free(prev->world, prev->slots);
  LdxWorld* world = prev->world;
  memset(prev, 0, sizeof(*prev));
  prev->world = world;
}
