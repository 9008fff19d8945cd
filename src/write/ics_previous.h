// SPDX-License-Identifier: MIT
// The last published feed (the `previous` setting): what each of its
// events was, so that a new feed raises SEQUENCE only for events whose
// time, place or status changed, and keeps the DTSTAMP of events that did
// not change at all.  The exporter itself keeps no state.
//
// An event is compared by two fingerprints (SHA-1 of its properties as
// libical writes them after parsing, so both feeds go through the same
// path): `material` covers DTSTART, DTEND, DURATION, RRULE, RDATE, EXDATE,
// LOCATION, GEO and STATUS; `content` every property but DTSTAMP and
// SEQUENCE.
#ifndef LDX_WRITE_ICS_PREVIOUS_H
#define LDX_WRITE_ICS_PREVIOUS_H

#include "ldexport/status.h"
#include "ldexport/world.h"

#include <libical/ical.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char*               uid;
  int                 sequence;
  bool                has_dtstamp;
  struct icaltimetype dtstamp;
  uint8_t             material[20];
  uint8_t             content[20];
} LdxiIcsPrevEvent;

typedef struct {
  LdxWorld*         world;
  LdxiIcsPrevEvent* events;
  size_t            n;
  size_t            cap;
  size_t*           slots; // open addressing: index + 1, 0 = empty
  size_t            n_slots;
} LdxiIcsPrevious;

// Read the VEVENTs of the feed at `path`, one at a time (bounded memory).
// Events without a UID, and overrides (RECURRENCE-ID), are ignored.
// Errors: LDX_BAD_READ (reported with the path), LDX_BAD_ALLOC.
LdxStatus
ldxi_ics_previous_load(LdxWorld* world, const char* path, LdxiIcsPrevious* out);

void
ldxi_ics_previous_free(LdxiIcsPrevious* prev);

// The previous event with this UID, or NULL.
const LdxiIcsPrevEvent*
ldxi_ics_previous_find(const LdxiIcsPrevious* prev, const char* uid);

// Fingerprints of a VEVENT given as text ("BEGIN:VEVENT...END:VEVENT").
// Returns false if libical cannot parse it.
bool
ldxi_ics_fingerprint(const char* text,
                     uint8_t     material[20],
                     uint8_t     content[20]);

#endif // LDX_WRITE_ICS_PREVIOUS_H
