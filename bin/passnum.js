#!/usr/bin/env node
// The `passnum` command. tsx runs the TypeScript sources directly, so a fresh clone needs no
// build step between `npm ci` and a running platform.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
