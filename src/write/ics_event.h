// SPDX-License-Identifier: MIT
// schema.org events of an in-memory dataset as iCalendar VEVENTs.
//
// An event is a node typed schema:Event or one of its subtypes (from the
// shipped schema.org vocabulary); it goes into a feed only when the data
// places it on a day: a start date with a day (a date or a date-time),
// from schema:startDate or its schema:eventSchedule.  Everything else is
// left out with a reason (ldxi_ics_skip_text), never given a date.
//
// Both http://schema.org/ and https://schema.org/ terms are read.
#ifndef LDX_WRITE_ICS_EVENT_H
#define LDX_WRITE_ICS_EVENT_H

#include "write/ics_time.h"
#include "write/ics_tz.h"
#include "write/ics_uid.h"

#include "core/arena.h"
#include "core/buf.h"
#include "graph/memgraph.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <libical/ical.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// How the writer was asked to write events.
typedef struct {
  const char* const* langs;        // preferred languages, in order
  size_t             n_langs;      //
  size_t             default_zone; // index in the zones, or SIZE_MAX
  bool               floating;     // local times without a zone stay floating
  bool               publish;      // METHOD:PUBLISH: write ORGANIZER
  const char*        organizer;    // ORGANIZER when an event names none
  bool               structured;   // write RFC 9073 STRUCTURED-DATA
  const char*        tz_property;  // IRI of a property naming a zone, or NULL
} LdxiIcsSettings;

// Why an event is not in the feed.
typedef enum {
  LDXI_ICS_KEEP = 0,
  LDXI_ICS_SKIP_NO_DATE, // no start date at all
  LDXI_ICS_SKIP_YEAR,    // only a year
  LDXI_ICS_SKIP_MONTH,   // only a year and a month
  LDXI_ICS_SKIP_INVALID, // a start that is not a date
  LDXI_ICS_SKIP_NO_ZONE, // a local time, and no zone known for it
} LdxiIcsSkip;

// A short English phrase for a reason ("only a year is known").
const char*
ldxi_ics_skip_text(LdxiIcsSkip skip);

// How DTSTART (and each end) is written.
typedef enum {
  LDXI_FORM_DATE,     // VALUE=DATE (all day)
  LDXI_FORM_ZONED,    // TZID=zone:local time
  LDXI_FORM_UTC,      // ...Z
  LDXI_FORM_FLOATING, // local time, no zone (only when asked)
} LdxiIcsForm;

// Where an event is in time.
typedef struct {
  LdxiIcsForm  form;
  size_t       zone;  // LDXI_FORM_ZONED: index in the zones
  LdxiCivil    start; // the date, or the time in the form's clock
  bool         has_end;
  LdxiIcsForm  end_form; // same as form, or UTC for a repeated local time
  LdxiCivil    end;      // DATE: exclusive end date
  bool         has_duration;
  LdxiDuration duration;   // exact (DURATION); only without an end
  int64_t      start_utc;  // instants for ordering and the feed's range
  int64_t      end_utc;    // (a date counts from midnight UTC)
  LdxiTermId   schedule;   // the Schedule the event repeats by, or 0
  bool         open_ended; // repeats: no end to the feed's range
} LdxiIcsTimes;

typedef struct {
  LdxiTermId id;
  int        prop;
} LdxiIcsPred;

// State shared by all events of a feed.
typedef struct {
  LdxWorld*           world;
  const LdxiMemGraph* graph;
  LdxiIcsSettings     settings;
  LdxiIcsZones*       zones;
  LdxiIcsPred*        preds; // predicate id -> property, sorted by id
  size_t              n_preds;
  LdxiTermId          rdf_type;
  LdxiArena           arena; // reset after each event
  LdxiBuf             text;  // scratch
  uint8_t             blank_ns[16];
  bool                oom; // an allocation failed where NULL means none
} LdxiIcsEvents;

// Prepare for reading `graph` (indexed).  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_events_init(LdxiIcsEvents*         ev,
                     LdxWorld*              world,
                     const LdxiMemGraph*    graph,
                     const LdxiIcsSettings* settings,
                     LdxiIcsZones*          zones);

void
ldxi_ics_events_free(LdxiIcsEvents* ev);

// True if node `id` is typed schema:Event or a subtype.
bool
ldxi_ics_is_event(LdxiIcsEvents* ev, LdxiTermId id);

// Place event `id` in time; *skip says why it cannot be (LDXI_ICS_KEEP if
// it can).  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_event_times(LdxiIcsEvents* ev,
                     LdxiTermId     id,
                     LdxiIcsTimes*  times,
                     LdxiIcsSkip*   skip);

// The UID of node `id`: the version 5 UUID of its IRI in the URL
// namespace; for a blank node, of its content (its statements, with
// blank objects by their content, except those that reschedule it).
LdxStatus
ldxi_ics_uid(LdxiIcsEvents* ev, LdxiTermId id, char out[LDXI_UUID_STRLEN]);

// A VEVENT built for a feed.
typedef struct {
  icalcomponent* vevent;        // owned by the caller
  icalproperty*  dtstamp;       // in vevent: set by the caller
  icalproperty*  sequence;      // in vevent: set by the caller
  int            data_sequence; // SEQUENCE the data gives, or -1
  bool           has_modified;  // the data gives LAST-MODIFIED
  int64_t        modified;      // it, as an instant
} LdxiIcsBuilt;

// Build the VEVENT of event `id` placed by `times`.  Every zone it names
// is marked used.  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_event_build(LdxiIcsEvents*      ev,
                     LdxiTermId          id,
                     const LdxiIcsTimes* times,
                     LdxiIcsBuilt*       out);

// Calendar metadata the data gives on a schema:DataFeed node (the first
// one): name, description and url, as new strings from ldxi_malloc (NULL
// when absent).  Errors: LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_feed_meta(LdxiIcsEvents* ev,
                   char**         name,
                   char**         name_lang,
                   char**         description,
                   char**         url);

// The picked-language text of a property for the reports, e.g. an event's
// name; NULL if none.  Borrowed until the next reset of the arena.
const char*
ldxi_ics_node_label(LdxiIcsEvents* ev, LdxiTermId id);

#endif // LDX_WRITE_ICS_EVENT_H
