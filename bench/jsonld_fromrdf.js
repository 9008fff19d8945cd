// SPDX-License-Identifier: MIT
// jsonld.js doing what `ldexport convert -f jsonld` does: N-Quads in,
// schema.org JSON-LD out (fromRDF, then compact against the schema.org
// context, loaded from data/schemaorg/ offline).
//   node bench/jsonld_fromrdf.js DATA.nq OUT.jsonld
// Prints the time of fromRDF + compact and of the whole run, and the peak
// RSS.  jsonld comes from tests/consumers (LDX_CONSUMERS names the folder).
'use strict';
const fs = require('fs');
const path = require('path');

const consumers = process.env.LDX_CONSUMERS ||
  path.join(__dirname, '..', 'tests', 'consumers');
const jsonld = require(path.join(consumers, 'node_modules', 'jsonld'));
const context = JSON.parse(fs.readFileSync(
  path.join(__dirname, '..', 'data', 'schemaorg', 'schemaorgcontext.jsonld'),
  'utf8'));

async function documentLoader(url) {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) {
    return { contextUrl: null, documentUrl: url, document: context };
  }
  throw new Error(`offline: refusing to load <${url}>`);
}

(async () => {
  const [input, output] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const nquads = fs.readFileSync(input, 'utf8');
  const t1 = process.hrtime.bigint();
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  const compacted = await jsonld.compact(expanded, 'https://schema.org',
    { documentLoader });
  const t2 = process.hrtime.bigint();
  fs.writeFileSync(output, JSON.stringify(compacted, null, 2) + '\n');
  const t3 = process.hrtime.bigint();
  const ms = (a, b) => (Number(b - a) / 1e6).toFixed(1);
  console.log(`jsonld.js ${require(path.join(consumers, 'node_modules',
    'jsonld', 'package.json')).version}: fromRDF + compact ${ms(t1, t2)} ms, ` +
    `whole run ${ms(t0, t3)} ms, peak RSS ${process.resourceUsage().maxRSS} KiB`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
