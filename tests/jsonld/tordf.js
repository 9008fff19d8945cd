// SPDX-License-Identifier: MIT
// JSON-LD -> N-Quads with jsonld.js, offline.
//   node tordf.js CONTEXT.jsonld INPUT.jsonld > OUTPUT.nq
// Every schema.org context URL resolves to the local CONTEXT file; any
// other URL is an error, so nothing is ever fetched.  The package comes
// from tests/consumers (LDX_CONSUMERS names that folder).
'use strict';
const fs = require('fs');
const path = require('path');

const consumers = process.env.LDX_CONSUMERS ||
  path.join(__dirname, '..', 'consumers');
const jsonld = require(path.join(consumers, 'node_modules', 'jsonld'));

const [contextFile, inputFile] = process.argv.slice(2);
if (!contextFile || !inputFile) {
  console.error('usage: node tordf.js CONTEXT.jsonld INPUT.jsonld');
  process.exit(2);
}
const context = JSON.parse(fs.readFileSync(contextFile, 'utf8'));
const schemaUrl = /^https?:\/\/schema\.org(\/|\/docs\/jsonldcontext\.jsonld?)?$/;

async function documentLoader(url) {
  if (schemaUrl.test(url)) {
    return { contextUrl: null, documentUrl: url, document: context };
  }
  throw new Error(`offline: refusing to load <${url}>`);
}

(async () => {
  const doc = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
  const nquads = await jsonld.toRDF(doc, {
    format: 'application/n-quads',
    documentLoader,
  });
  process.stdout.write(nquads);
})().catch((err) => {
  console.error(`jsonld.js: ${err && err.message ? err.message : err}`);
  if (err && err.details) {
    console.error(JSON.stringify(err.details).slice(0, 2000));
  }
  process.exit(1);
});
