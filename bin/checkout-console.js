#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources (tsx), so it works right
// after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
