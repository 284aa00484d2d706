#!/usr/bin/env node
// The `fieldkeep` command. Runs the compiled server (npm run build makes dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('fieldkeep: the server is not built yet. Run `npm run build` in the repository first.\n');
  process.exit(1);
}
await import(entry.href);
