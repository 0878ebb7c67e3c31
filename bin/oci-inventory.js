#!/usr/bin/env node
// Runs the TypeScript CLI in place through tsx, so `npx oci-inventory` works right after `npm ci`
// with no build step. The functions bundle is built separately by esbuild (`npm run build`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
