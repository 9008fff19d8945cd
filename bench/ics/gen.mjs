// SPDX-License-Identifier: MIT
// Generate the iCalendar benchmark's input: N concerts (default 100,000)
// in four time zones, as schema.org N-Triples for ldexport (events.nt) and
// as the same events, already resolved, as JSON for ical-generator
// (events.json).  Deterministic: the same N gives the same files.
//   node gen.mjs DIR [N]
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';

const [dir, nArg] = process.argv.slice(2);
const n = Number(nArg || 100000);
mkdirSync(dir, { recursive: true });

const S = 'https://schema.org/';
const EX = 'https://example.org/bench/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const TZID = 'http://www.w3.org/2002/12/cal/ical#tzid';
const zones = ['Europe/Zurich', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const cities = ['Zürich', 'New York', 'Kolkata', 'Sydney'];
const nVenues = 1000;
const nArtists = 500;

function uuid5(name) {
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// The offset of a zone at an instant, in minutes (from Intl).
function offsetMinutes(zone, date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - date.getTime()) / 60000);
}

const nt = createWriteStream(`${dir}/events.nt`);
const lit = (s) => JSON.stringify(s);
const triple = (s, p, o) => nt.write(`<${s}> <${p}> ${o} .\n`);

for (let c = 0; c < zones.length; c++) {
  triple(`${EX}city/${c}`, `${S}name`, `${lit(cities[c])}@en`);
  triple(`${EX}city/${c}`, `http://www.w3.org/1999/02/22-rdf-syntax-ns#type`, `<${S}City>`);
  triple(`${EX}city/${c}`, TZID, lit(zones[c]));
}
for (let v = 0; v < nVenues; v++) {
  const c = v % zones.length;
  const s = `${EX}venue/${v}`;
  triple(s, `${S}name`, `${lit(`Hall ${v}`)}@en`);
  triple(s, `${S}address`, `<${s}/address>`);
  triple(`${s}/address`, `${S}streetAddress`, lit(`${v} Main Street`));
  triple(`${s}/address`, `${S}postalCode`, lit(String(1000 + v)));
  triple(`${s}/address`, `${S}addressLocality`, lit(cities[c]));
  triple(s, `${S}containedInPlace`, `<${EX}city/${c}>`);
}
for (let a = 0; a < nArtists; a++) {
  triple(`${EX}artist/${a}`, `${S}name`, `${lit(`Artist ${a}`)}@en`);
}

const json = [];
const base = Date.UTC(2026, 0, 1);
for (let i = 0; i < n; i++) {
  const v = i % nVenues;
  const c = v % zones.length;
  const a = i % nArtists;
  const s = `${EX}event/${i}`;
  // Local wall-clock start: one event every 2 hours of local time, 10:00-20:00.
  const day = Math.floor(i / 6);
  const hour = 10 + (i % 6) * 2;
  const localMs = base + day * 86400000 + hour * 3600000;
  const d = new Date(localMs);
  const pad = (x) => String(x).padStart(2, '0');
  const localIso = (ms) => {
    const t = new Date(ms);
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:00`;
  };
  const name = `Concert ${i}: Artist ${a}`;
  const desc = `An evening with Artist ${a}, works by Bach; Mozart, and others.\nDoors open 30 minutes before.`;
  triple(s, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `<${S}MusicEvent>`);
  triple(s, `${S}name`, `${lit(name)}@en`);
  triple(s, `${S}description`, `${lit(desc)}@en`);
  triple(s, `${S}startDate`, `${lit(localIso(localMs))}^^<${XSD}dateTime>`);
  triple(s, `${S}endDate`, `${lit(localIso(localMs + 2 * 3600000))}^^<${XSD}dateTime>`);
  triple(s, `${S}location`, `<${EX}venue/${v}>`);
  triple(s, `${S}performer`, `<${EX}artist/${a}>`);
  triple(s, `${S}url`, `<https://example.org/tickets/${i}>`);
  triple(s, `${S}eventStatus`, `<${S}EventScheduled>`);
  triple(s, `${S}keywords`, lit('concert, classical'));
  // The instant of that wall-clock time (two passes settle DST edges).
  let utc = localMs - offsetMinutes(zones[c], new Date(localMs)) * 60000;
  utc = localMs - offsetMinutes(zones[c], new Date(utc)) * 60000;
  json.push({
    id: uuid5(s),
    summary: name,
    description: `${desc}\n\nPerformer: Artist ${a}`,
    start: new Date(utc).toISOString(),
    end: new Date(utc + 2 * 3600000).toISOString(),
    timezone: zones[c],
    location: `Hall ${v}, ${v} Main Street, ${1000 + v} ${cities[c]}`,
    url: `https://example.org/tickets/${i}`,
    categories: ['concert', 'classical'],
    status: 'CONFIRMED',
  });
  void d;
}
nt.end();
const js = createWriteStream(`${dir}/events.json`);
js.end(JSON.stringify(json));
