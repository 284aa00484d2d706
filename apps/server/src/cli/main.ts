import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
// `serve` keeps running (its signal handlers exit); every other command ends here.
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
