#!/usr/bin/env node
// The whole test suite, as `npm test` runs it (and CI through .ci/run): build, lint, typecheck,
// server and domain tests on SQLite and PostgreSQL, then browser tests against the built server.
// Ends with one line `N passed, N failed` (lint and typecheck count as one check each).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, '.test-results');
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  process.stdout.write(`=== ${label}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

function vitest(label, config, json) {
  const ok = run(label, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  let failedTests = 0;
  let total = 0;
  if (fs.existsSync(json)) {
    const r = JSON.parse(fs.readFileSync(json, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    failedTests = r.numFailedTests;
    total = r.numTotalTests;
    if (r.numFailedTests > 0) failures.push(`${label}: ${r.numFailedTests} failed`);
  }
  if ((!ok && failedTests === 0) || total === 0) {
    // The runner itself failed (a file that does not load, no tests found): that is a failure too.
    failed++;
    failures.push(`${label}: the runner failed`);
  }
}

const built = run('build', 'npm', ['run', 'build']);
if (!built) {
  failed++;
  failures.push('build');
}
check('lint', 'npx', ['eslint', '.']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.check.json']);
check('typecheck office', 'npx', ['tsc', '-p', 'apps/office']);
check('typecheck field', 'npx', ['tsc', '-p', 'apps/field']);
vitest('server and domain tests', 'vitest.config.ts', path.join(results, 'unit.json'));
if (built) vitest('browser tests', 'vitest.e2e.config.ts', path.join(results, 'e2e.json'));

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
