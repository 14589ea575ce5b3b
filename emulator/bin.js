#!/usr/bin/env node
// `npx org-actions-emulator [--port 4566 --seed ... --speed 60]`: the emulator's CLI without a
// build step (tsx compiles the TypeScript sources on load).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
