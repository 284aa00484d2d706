#!/usr/bin/env node
// `npm run bench`: builds the server, then runs every benchmark in bench/ (JSON to stdout and bench/results/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['tsc', '-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const f of fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.mjs')).sort()) {
  const r = spawnSync(process.execPath, [path.join(root, 'bench', f), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
