#!/usr/bin/env node
/** @module The `okta-connector` bin: all logic is in `commands.ts`, so importing that runs nothing. */
import { main } from './commands.ts';

// A closed pipe (`okta-connector manifest | head`) is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
