// SPDX-License-Identifier: MIT
// Run RocketRML (npm) on a mapping and write N-Quads: the peer of the
// engine benchmark.  Usage: node rocketrml-run.js MAPPING.ttl OUT.nq
'use strict';
const rocketrml = require('rocketrml');

async function main() {
  const [mapping, out] = process.argv.slice(2);
  if (!mapping || !out) {
    console.error('usage: node rocketrml-run.js MAPPING.ttl OUT.nq');
    process.exit(2);
  }
  await rocketrml.parseFile(mapping, out, {
    toRDF: true,
    verbose: false,
    replace: false,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
