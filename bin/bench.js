#!/usr/bin/env node
// `npm run bench` runs bench/run.ts, `npm run bench:national` bench/national.ts, through tsx like the `passnum` command.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2] === 'national' ? '../bench/national.ts' : '../bench/run.ts');
