'use strict';
// Resolves the pinned prisma@6.19 CLI from this package's own node_modules (the root has Prisma 7).
const path = require('node:path');

const EXPECTED_VERSION = require('./package.json').dependencies.prisma;
const pkg = require('prisma/package.json');
if (pkg.version !== EXPECTED_VERSION) {
  throw new Error(
    `case-desk-prisma-migrate-cli expected prisma@${EXPECTED_VERSION} but resolved prisma@${pkg.version}; run \`npm ci\` at the repository root`,
  );
}

module.exports = {
  cliPath: path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js'),
  version: pkg.version,
};
