import { runCli } from './cli.js';

/** Commands that keep running (their signal handlers exit); every other command ends here. */
const LONG_RUNNING = new Set(['serve', 'replica']);

const code = await runCli(process.argv.slice(2));
if (code !== 0 || !LONG_RUNNING.has(process.argv[2] ?? '')) process.exit(code);
