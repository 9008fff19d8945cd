// SPDX-License-Identifier: MIT
// Time zones of an iCalendar feed: IANA names checked and looked up in the
// system tz database through libical, wall-clock <-> UTC conversion, and
// the VTIMEZONE of each zone used.
//
// libical 3.0.16 names its zones "/freeassociation.sourceforge.net/NAME"
// and cannot drop that prefix (icaltimezone_set_tzid_prefix("") restores
// it); Thunderbird and node-ical misread it.  We never change libical's
// global prefix: VTIMEZONEs are clones whose TZID is rewritten to the bare
// IANA name, and TZID parameters are written from the name.
#ifndef LDX_WRITE_ICS_TZ_H
#define LDX_WRITE_ICS_TZ_H

#include "write/ics_time.h"

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <libical/ical.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char*         name; // IANA name as written in TZID parameters (owned)
  icaltimezone* zone; // libical's builtin zone (borrowed, cached by libical)
  bool          utc;  // UTC by another name: times are written with Z
  bool          used; // some emitted property refers to it
} LdxiIcsZone;

typedef struct {
  LdxWorld*    world;
  LdxiIcsZone* zones;
  size_t       n;
  size_t       cap;
  char**       unknown; // names already reported as unknown
  size_t       n_unknown;
  size_t       cap_unknown;
} LdxiIcsZones;

void
ldxi_ics_zones_init(LdxiIcsZones* zones, LdxWorld* world);

void
ldxi_ics_zones_free(LdxiIcsZones* zones);

// Find or load the zone `name`; sets *index.  Returns LDX_FAILURE if the
// name is not an IANA zone of the system tz database (reported once per
// name as a warning when `report` is set), LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_zones_get(LdxiIcsZones* zones,
                   const char*   name,
                   size_t        len,
                   bool          report,
                   size_t*       index);

// True if `name` has the shape of a tz database name (no path tricks).
bool
ldxi_ics_zone_name_ok(const char* name, size_t len);

// The instant of a wall-clock time in a zone, as RFC 5545 section 3.3.5
// reads it: a time that occurs twice (clocks set back) is its first
// occurrence, a time skipped by a change is read with the offset before
// the change.  Returns how many instants have that wall-clock time: 1, 2
// (repeated) or 0 (skipped).  libical reads both cases differently (it
// takes the offset after the change), and so may other clients: the
// writer puts such times in UTC.
int
ldxi_ics_zone_to_utc(const LdxiIcsZone* zone,
                     const LdxiCivil*   local,
                     int64_t*           instant);

// The wall-clock time of an instant in a zone.
void
ldxi_ics_zone_from_utc(const LdxiIcsZone* zone, int64_t t, LdxiCivil* local);

// A VTIMEZONE for `zone` with TZID = its IANA name, truncated to the
// instants [start, end] (whole years are kept around them; no end when
// `end` is INT64_MAX) in the Outlook-compatible form (RRULE onsets kept).
// Ownership: the caller frees *out with icalcomponent_free().
// Errors: LDX_BAD_ALLOC (libical could not build it).
LdxStatus
ldxi_ics_vtimezone(const LdxiIcsZone* zone,
                   int64_t            start,
                   int64_t            end,
                   icalcomponent**    out);

#endif // LDX_WRITE_ICS_TZ_H
