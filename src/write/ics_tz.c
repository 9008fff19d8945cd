// SPDX-License-Identifier: MIT
#include "write/ics_tz.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <string.h>

void
ldxi_ics_zones_init(LdxiIcsZones* zones, LdxWorld* world)
{
  memset(zones, 0, sizeof(*zones));
  zones->world = world;
}

void
ldxi_ics_zones_free(LdxiIcsZones* zones)
{
  for (size_t i = 0; i < zones->n; ++i) {
    ldxi_free(zones->world, zones->zones[i].name);
  }
  for (size_t i = 0; i < zones->n_unknown; ++i) {
    ldxi_free(zones->world, zones->unknown[i]);
  }
  ldxi_free(zones->world, zones->zones);
  ldxi_free(zones->world, zones->unknown);
  memset(zones, 0, sizeof(*zones));
}

bool
ldxi_ics_zone_name_ok(const char* name, size_t len)
{
  if (!len || len > 64 || name[0] == '/' || name[len - 1] == '/') {
    return false;
  }
  for (size_t i = 0; i < len; ++i) {
    const char c  = name[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '/' || c == '_' ||
                    c == '-' || c == '+';
    if (!ok || (c == '/' && name[i + 1] == '/')) {
      return false;
    }
  }
  return true; // no '.', so no ".." segments
}

// Names of UTC (and of zones that are UTC+0 all year round).
static bool
is_utc_name(const char* name)
{
  static const char* const names[] = {
    "UTC",      "UCT",       "Zulu",          "Universal",
    "GMT",      "GMT0",      "Greenwich",     "Etc/UTC",
    "Etc/UCT",  "Etc/Zulu",  "Etc/Universal", "Etc/GMT",
    "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0",     "Etc/Greenwich",
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
    if (!strcmp(name, names[i])) {
      return true;
    }
  }
  return false;
}

static LdxStatus
remember_unknown(LdxiIcsZones* zones, const char* name, size_t len)
{
  if (ldxi_grow(zones->world,
                (void**)&zones->unknown,
                &zones->cap_unknown,
                zones->n_unknown + 1,
                sizeof(char*))) {
    return LDX_BAD_ALLOC;
  }
  char* copy = ldxi_strndup(zones->world, name, len);
  if (!copy) {
    return LDX_BAD_ALLOC;
  }
  zones->unknown[zones->n_unknown++] = copy;
  return LDX_SUCCESS;
}

LdxStatus
ldxi_ics_zones_get(LdxiIcsZones* zones,
                   const char*   name,
                   size_t        len,
                   bool          report,
                   size_t*       index)
{
  for (size_t i = 0; i < zones->n; ++i) {
    if (strlen(zones->zones[i].name) == len &&
        !memcmp(zones->zones[i].name, name, len)) {
      *index = i;
      return LDX_SUCCESS;
    }
  }
  for (size_t i = 0; i < zones->n_unknown; ++i) {
    if (strlen(zones->unknown[i]) == len &&
        !memcmp(zones->unknown[i], name, len)) {
      return LDX_FAILURE;
    }
  }
  char* copy = ldxi_strndup(zones->world, name, len);
  if (!copy) {
    return LDX_BAD_ALLOC;
  }
  icaltimezone* zone = NULL;
  if (ldxi_ics_zone_name_ok(name, len)) {
    zone = is_utc_name(copy) ? icaltimezone_get_utc_timezone()
                             : icaltimezone_get_builtin_timezone(copy);
    // Load the zone now: libical's lazy load replaces strings it handed
    // out before (its location), and a zone without data is no zone.
    if (zone && !is_utc_name(copy) && !icaltimezone_get_component(zone)) {
      zone = NULL;
    }
  }
  if (!zone) {
    ldxi_free(zones->world, copy);
    if (report) {
      ldxi_warning(zones->world,
                   NULL,
                   "ics: '%.*s' is not a time zone of the tz database "
                   "(IANA names such as Europe/Zurich)",
                   len > 80 ? 80 : (int)len,
                   name);
    }
    return remember_unknown(zones, name, len) ? LDX_BAD_ALLOC : LDX_FAILURE;
  }
  if (ldxi_grow(zones->world,
                (void**)&zones->zones,
                &zones->cap,
                zones->n + 1,
                sizeof(LdxiIcsZone))) {
    ldxi_free(zones->world, copy);
    return LDX_BAD_ALLOC;
  }
  LdxiIcsZone* z = &zones->zones[zones->n];
  z->name        = copy;
  z->zone        = zone;
  z->utc         = is_utc_name(copy);
  z->used        = false;
  *index         = zones->n++;
  return LDX_SUCCESS;
}

static struct icaltimetype
to_icaltime(const LdxiCivil* c)
{
  struct icaltimetype tt = icaltime_null_time();
  tt.year                = c->year;
  tt.month               = c->month;
  tt.day                 = c->day;
  tt.hour                = c->hour;
  tt.minute              = c->minute;
  tt.second              = c->second;
  tt.is_date             = 0;
  return tt;
}

// Seconds east of UTC in force at an instant.
static int
offset_at(const LdxiIcsZone* zone, int64_t t)
{
  LdxiCivil c;
  memset(&c, 0, sizeof(c));
  ldxi_civil_from_seconds(t, &c);
  struct icaltimetype tt     = to_icaltime(&c);
  int                 is_dst = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone->zone, &tt, &is_dst);
}

int
ldxi_ics_zone_to_utc(const LdxiIcsZone* zone,
                     const LdxiCivil*   local,
                     int64_t*           instant)
{
  const int64_t wall = ldxi_civil_seconds(local);
  if (zone->utc) {
    *instant = wall;
    return 1;
  }
  // The offsets a day before and after: zones change at most once a day.
  const int     before = offset_at(zone, wall - 86400);
  const int     after  = offset_at(zone, wall + 86400);
  const int64_t ta     = wall - before;
  const int64_t tb     = wall - after;
  const bool    va     = offset_at(zone, ta) == before;
  const bool    vb     = offset_at(zone, tb) == after;
  if (va && vb && ta != tb) {
    *instant = ta < tb ? ta : tb;
    return 2;
  }
  if (va || vb) {
    *instant = va ? ta : tb;
    return 1;
  }
  *instant = ta;
  return 0;
}

void
ldxi_ics_zone_from_utc(const LdxiIcsZone* zone, int64_t t, LdxiCivil* local)
{
  ldxi_civil_from_seconds(zone->utc ? t : t + offset_at(zone, t), local);
}

static struct icaltimetype
utc_time(int64_t t)
{
  LdxiCivil c;
  memset(&c, 0, sizeof(c));
  ldxi_civil_from_seconds(t, &c);
  struct icaltimetype tt = to_icaltime(&c);
  tt.zone                = icaltimezone_get_utc_timezone();
  return tt;
}

LdxStatus
ldxi_ics_vtimezone(const LdxiIcsZone* zone,
                   int64_t            start,
                   int64_t            end,
                   icalcomponent**    out)
{
  *out                 = NULL;
  icalcomponent* model = icaltimezone_get_component(zone->zone);
  icalcomponent* vtz   = model ? icalcomponent_new_clone(model) : NULL;
  if (!vtz) {
    return LDX_BAD_ALLOC;
  }
  // Keep whole years around the feed, so each year's changes are there.
  LdxiCivil c;
  memset(&c, 0, sizeof(c));
  ldxi_civil_from_seconds(start, &c);
  const int64_t from = ldxi_days_from_civil(c.year, 1, 1) * 86400;
  int64_t       to   = INT64_MAX;
  if (end != INT64_MAX) {
    ldxi_civil_from_seconds(end, &c);
    to = ldxi_days_from_civil(c.year + 1, 1, 1) * 86400;
  }
  icaltimezone_truncate_vtimezone(vtz,
                                  utc_time(from),
                                  to == INT64_MAX ? icaltime_null_time()
                                                  : utc_time(to),
                                  1);
  icalproperty* tzid =
    icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
  if (!tzid) {
    tzid = icalproperty_new_tzid(zone->name);
    if (!tzid) {
      icalcomponent_free(vtz);
      return LDX_BAD_ALLOC;
    }
    icalcomponent_add_property(vtz, tzid);
  } else {
    icalproperty_set_tzid(tzid, zone->name);
  }
  *out = vtz;
  return LDX_SUCCESS;
}
