// SPDX-License-Identifier: MIT
// Dates, times and durations for the iCalendar writer: the lexical forms
// schema.org data uses (xsd:date, xsd:dateTime with or without an offset,
// xsd:gYearMonth, xsd:gYear, xsd:time, ISO 8601 / xsd:duration) and
// proleptic Gregorian arithmetic on them.  No time zones here (ics_tz.h).
#ifndef LDX_WRITE_ICS_TIME_H
#define LDX_WRITE_ICS_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  LDXI_TEMPORAL_INVALID = 0, // not a form we read
  LDXI_TEMPORAL_YEAR,        // 2024
  LDXI_TEMPORAL_YEAR_MONTH,  // 2024-05
  LDXI_TEMPORAL_DATE,        // 2024-05-17 (an offset is read and ignored)
  LDXI_TEMPORAL_DATE_TIME,   // 2024-05-17T20:00[:00[.5]][Z|+02:00]
  LDXI_TEMPORAL_TIME,        // 20:00[:00][Z|+02:00] (Schedule times)
} LdxiTemporalKind;

// A civil date and time of day; what a lexical form says, nothing more.
typedef struct {
  LdxiTemporalKind kind;
  int              year;  // 1..9999
  int              month; // 1..12 (1 when not given)
  int              day;   // 1..31 (1 when not given)
  int              hour;  // 0..23 (24:00:00 is read as the next day)
  int              minute;
  int              second; // 0..59 (a leap second 60 is read as 59)
  bool             has_offset;
  int              offset; // seconds east of UTC, when has_offset
} LdxiCivil;

// Parse a lexical form; returns its kind (LDXI_TEMPORAL_INVALID if none).
LdxiTemporalKind
ldxi_civil_parse(const char* s, size_t len, LdxiCivil* out);

// Days since 1970-01-01 of a civil date (negative before).
int64_t
ldxi_days_from_civil(int year, int month, int day);

// The civil date of a day number.
void
ldxi_civil_from_days(int64_t days, int* year, int* month, int* day);

// Number of days in a month of a year.
int
ldxi_days_in_month(int year, int month);

// Seconds since the epoch of the date and time fields read as UTC
// (offset ignored).
int64_t
ldxi_civil_seconds(const LdxiCivil* c);

// The instant of a date-time with an offset (or of fields read as UTC).
int64_t
ldxi_civil_instant(const LdxiCivil* c);

// Set the date and time fields from seconds since the epoch (UTC).
void
ldxi_civil_from_seconds(int64_t t, LdxiCivil* out);

// Add days to the date fields (time fields unchanged).
void
ldxi_civil_add_days(LdxiCivil* c, int64_t days);

// Add months (and years as 12 months), clamping the day to the month's
// length, as calendars do (31 January + 1 month = 28/29 February).
void
ldxi_civil_add_months(LdxiCivil* c, int64_t months);

// Compare two civil values field by field (date, then time); <0, 0, >0.
int
ldxi_civil_compare(const LdxiCivil* a, const LdxiCivil* b);

// A duration as ISO 8601 / xsd:duration writes it.
typedef struct {
  bool    negative;
  int64_t years, months, weeks, days, hours, minutes, seconds;
  bool    fraction; // seconds had a fractional part (dropped)
} LdxiDuration;

// Parse "[-]PnYnMnWnDTnHnMnS"; false if it is not a duration.
bool
ldxi_duration_parse(const char* s, size_t len, LdxiDuration* out);

// True if iCalendar's DURATION can say it exactly: no years or months, no
// fraction of a second, not negative, and not zero.
bool
ldxi_duration_is_exact(const LdxiDuration* d);

// Add a duration to a civil date-time, calendar fields first (years,
// months, then weeks and days, then the clock), as RFC 5545 adds nominal
// durations in local time.
void
ldxi_civil_add_duration(LdxiCivil* c, const LdxiDuration* d);

#endif // LDX_WRITE_ICS_TIME_H
