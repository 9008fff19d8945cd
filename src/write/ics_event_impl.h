// SPDX-License-Identifier: MIT
// What ics_event.c (reading events: views of nodes, languages, dates,
// places, zones, UIDs) shares with ics_vevent.c (building VEVENTs).
// Internal to the iCalendar writer.
#ifndef LDX_WRITE_ICS_EVENT_IMPL_H
#define LDX_WRITE_ICS_EVENT_IMPL_H

#include "write/ics_event.h"

#include "ldexport/term.h"

#include <stdbool.h>
#include <stddef.h>

// The properties we read (schema.org, plus two of the W3C RDF Calendar).
enum {
  P_NAME,
  P_DESCRIPTION,
  P_START_DATE,
  P_END_DATE,
  P_DURATION,
  P_LOCATION,
  P_GEO,
  P_LATITUDE,
  P_LONGITUDE,
  P_ADDRESS,
  P_STREET,
  P_LOCALITY,
  P_REGION,
  P_POSTAL_CODE,
  P_COUNTRY,
  P_CONTAINED_IN,
  P_URL,
  P_IMAGE,
  P_CONTENT_URL,
  P_EVENT_STATUS,
  P_PREVIOUS_START,
  P_ORGANIZER,
  P_PERFORMER,
  P_ROLE_NAME,
  P_SUPER_EVENT,
  P_SUB_EVENT,
  P_KEYWORDS,
  P_GENRE,
  P_EVENT_SCHEDULE,
  P_SCHEDULE_TZ,
  P_REPEAT_FREQUENCY,
  P_REPEAT_COUNT,
  P_BY_DAY,
  P_BY_MONTH,
  P_BY_MONTH_DAY,
  P_BY_MONTH_WEEK,
  P_EXCEPT_DATE,
  P_START_TIME,
  P_END_TIME,
  P_DATE_MODIFIED,
  P_EMAIL,
  P_TZ,       // ical:tzid or the tz-property setting: an IANA zone name
  P_SEQUENCE, // ical:sequence
  N_PROPS
};

// The objects of one node, by property.
typedef struct {
  int        prop;
  LdxiTermId obj;
} LdxiIcsPair;

typedef struct {
  LdxiTermId   id;
  LdxiIcsPair* pairs;
  size_t       n;
} LdxiIcsView;

// Longest chain of containing places followed.
#define MAX_CHAIN 6

int
ldxi_icsv_prop_of(const LdxiIcsEvents* ev, LdxiTermId pred);

LdxStatus
ldxi_icsv_view_load(LdxiIcsEvents* ev, LdxiTermId id, LdxiIcsView* v);

// The objects of `prop`: returns their number, *first the first pair.
size_t
ldxi_icsv_view_get(const LdxiIcsView* v, int prop, const LdxiIcsPair** first);

const LdxTerm*
ldxi_icsv_term(const LdxiIcsEvents* ev, LdxiTermId id);

bool
ldxi_icsv_is_node(const LdxTerm* t);

// Copy into the arena; NULL (and the sticky oom flag) without memory.
char*
ldxi_icsv_arena_copy(LdxiIcsEvents* ev, const char* s, size_t len);

char*
ldxi_icsv_arena_str(LdxiIcsEvents* ev, LdxStr s);

// True if node `id` has an rdf:type that is schema.org `ancestor` or below.
bool
ldxi_icsv_has_type(const LdxiIcsEvents* ev,
                   LdxiTermId           id,
                   const char*          ancestor);

// The schema.org local name of an IRI term, or NULL.
const char*
ldxi_icsv_schema_local_of(const LdxTerm* t, size_t* len);

bool
ldxi_icsv_local_is(const char* local, size_t len, const char* name);

bool
ldxi_icsv_tag_equal(LdxStr a, const char* b, size_t blen);

// Rank of a literal's language: lower is better.  The requested languages
// in order (an exact tag before the same primary language), then untagged
// text, then English, then any other.
unsigned
ldxi_icsv_lang_rank(const LdxiIcsEvents* ev, const LdxTerm* t);

// The literal of `prop` in the best language (ties: term order), or NULL.
const LdxTerm*
ldxi_icsv_pick_literal(const LdxiIcsEvents* ev, const LdxiIcsView* v, int prop);

// The cleaned text of a literal, in the arena; "" if none.
char*
ldxi_icsv_clean(LdxiIcsEvents* ev, LdxStr s);

// A node's name in the best language, cleaned; NULL if none (or no memory,
// which the caller cannot tell: names are optional).
char*
ldxi_icsv_name_of(LdxiIcsEvents* ev, LdxiTermId id, const char** lang);

// The most precise (then earliest) date of `prop`; kind INVALID with
// *found set if there are values but none is a date.
LdxiTemporalKind
ldxi_icsv_best_date(const LdxiIcsEvents* ev,
                    const LdxiIcsView*   v,
                    int                  prop,
                    LdxiCivil*           out,
                    const LdxTerm**      chosen,
                    bool*                found);

// A non-negative integer literal of `prop`, or -1.
long
ldxi_icsv_int_of(const LdxiIcsEvents* ev, const LdxiIcsView* v, int prop);

// The place and its parents: ids[0] = place; returns the count.
size_t
ldxi_icsv_place_chain(LdxiIcsEvents* ev,
                      LdxiTermId     place,
                      LdxiTermId     ids[MAX_CHAIN]);

// The location nodes of an event, the most specific first (longest chain
// of parents, then term order); literals are not in the list.
size_t
ldxi_icsv_event_places(LdxiIcsEvents*     ev,
                       const LdxiIcsView* event,
                       LdxiTermId**       out);

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
                        int64_t*             instant);

#endif // LDX_WRITE_ICS_EVENT_IMPL_H
