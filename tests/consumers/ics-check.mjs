// SPDX-License-Identifier: MIT
// Read an iCalendar feed with two independent consumers, ical.js (Mozilla,
// Thunderbird's engine) and node-ical, and compare each event's UTC start
// and end with golden values.
//
//   node ics-check.mjs FEED.ics GOLDEN.json
//
// GOLDEN.json: { "events": { IRI: { "start": ..., "end": ... } },
//   "occurrences": { IRI: [UTC instants] }, "skipped": [IRI, ...] }.
// Instants are "YYYY-MM-DDTHH:MM:SSZ"; all-day events give dates
// ("YYYY-MM-DD", exclusive end).  Events are found by UID, the version 5
// UUID of their IRI in the URL namespace, computed here independently of
// ldexport.  Prints one line per consumer and exits 1 on any difference.
import ICAL from 'ical.js';
import ical from 'node-ical';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [feedPath, goldenPath] = process.argv.slice(2);
if (!feedPath || !goldenPath) {
  console.error('usage: node ics-check.mjs FEED.ics GOLDEN.json');
  process.exit(2);
}
const text = readFileSync(feedPath, 'utf8');
const golden = JSON.parse(readFileSync(goldenPath, 'utf8'));

// RFC 9562 version 5 UUID (SHA-1) of `name` in the URL namespace.
function uuid5(name) {
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const iso = (d) => d.toISOString().replace(/\.000Z$/, 'Z');
const pad = (n) => String(n).padStart(2, '0');

let failures = 0;
function fail(consumer, msg) {
  console.error(`${consumer}: ${msg}`);
  failures++;
}

// Compare what one consumer computed: { uid: { start, end, occ? } }.
function compare(consumer, seen) {
  let values = 0;
  let occurrences = 0;
  const expected = new Set();
  for (const [iri, want] of Object.entries(golden.events)) {
    const uid = uuid5(iri);
    expected.add(uid);
    const got = seen.get(uid);
    if (!got) {
      fail(consumer, `no event for ${iri} (UID ${uid})`);
      continue;
    }
    for (const k of ['start', 'end']) {
      if (got[k] !== want[k]) {
        fail(consumer, `${iri}: ${k} ${got[k]}, expected ${want[k]}`);
      } else {
        values++;
      }
    }
    const occ = golden.occurrences && golden.occurrences[iri];
    if (occ && got.occ) {
      if (JSON.stringify(got.occ) !== JSON.stringify(occ)) {
        fail(consumer, `${iri}: occurrences ${got.occ.join(' ')}, expected ${occ.join(' ')}`);
      } else {
        occurrences += occ.length;
      }
    }
  }
  for (const iri of golden.skipped || []) {
    if (seen.has(uuid5(iri))) {
      fail(consumer, `${iri} should have been left out`);
    }
  }
  for (const uid of seen.keys()) {
    if (!expected.has(uid)) {
      fail(consumer, `unexpected event ${uid}`);
    }
  }
  console.log(`${consumer}: ${seen.size} events, ${values} golden start/end values` +
              ` and ${occurrences} occurrences match`);
}

// ical.js: embedded VTIMEZONEs, ICAL.Event, its recurrence iterator.
{
  const seen = new Map();
  try {
    const cal = new ICAL.Component(ICAL.parse(text));
    for (const vtz of cal.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(vtz);
    }
    for (const v of cal.getAllSubcomponents('vevent')) {
      const e = new ICAL.Event(v);
      const fmt = (t) => (t.isDate ? `${t.year}-${pad(t.month)}-${pad(t.day)}`
                                   : iso(t.toJSDate()));
      const entry = { start: fmt(e.startDate), end: fmt(e.endDate) };
      if (e.isRecurring()) {
        const it = e.iterator();
        entry.occ = [];
        for (let n = it.next(); n && entry.occ.length < 1000; n = it.next()) {
          entry.occ.push(fmt(n));
        }
      }
      seen.set(e.uid, entry);
    }
  } catch (err) {
    fail('ical.js', `cannot read the feed: ${err.message}`);
  }
  compare('ical.js', seen);
}

// node-ical: its own parser, TZIDs through Intl, rrule expansion.
{
  const seen = new Map();
  try {
    const data = ical.sync.parseICS(text);
    for (const v of Object.values(data)) {
      if (v.type !== 'VEVENT') {
        continue;
      }
      // node-ical gives all-day dates as local midnight.
      const fmt = (d) => (d.dateOnly || v.datetype === 'date'
        ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
        : iso(d));
      const entry = { start: fmt(v.start), end: v.end ? fmt(v.end) : fmt(v.start) };
      if (v.rrule) {
        const ex = new Set(Object.keys(v.exdate || {}));
        entry.occ = v.rrule.all((d, i) => i < 1000).filter((d) => !ex.has(d.toISOString())).map(iso);
      }
      seen.set(v.uid, entry);
    }
  } catch (err) {
    fail('node-ical', `cannot read the feed: ${err.message}`);
  }
  compare('node-ical', seen);
}

process.exit(failures ? 1 : 0);
