// SPDX-License-Identifier: MIT
// The peer: npm ical-generator writes the same events (events.json from
// gen.mjs) as a feed with TZID wall-clock times and one VTIMEZONE per zone
// (from @touch4it/ical-timezones, as ical-generator's README suggests).
//   node ical-generator.mjs events.json OUT.ics
import ical from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const events = JSON.parse(readFileSync(input, 'utf8'));
const cal = ical({ name: 'Benchmark', prodId: '//bench//ical-generator//EN' });
cal.timezone({ name: null, generator: getVtimezoneComponent });
for (const e of events) {
  cal.createEvent({
    id: e.id,
    start: new Date(e.start),
    end: new Date(e.end),
    timezone: e.timezone,
    stamp: new Date('2025-12-01T00:00:00Z'),
    summary: e.summary,
    description: e.description,
    location: e.location,
    url: e.url,
    categories: e.categories.map((name) => ({ name })),
    status: e.status,
  });
}
writeFileSync(output, cal.toString());
