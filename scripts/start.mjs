// npm start: scripts/start.ts, loaded through tsx, which is then switched off once the server is
// listening. Astro's server imports a route's module on every request (`import()` of a module
// already loaded); with tsx's resolve and load hooks still in place each of those goes through
// them. Everything the server runs after start-up is already loaded or is the release's built
// JavaScript, so it no longer needs them. Measured in docs/intake.md (Benchmark).
import { register } from 'tsx/esm/api';

const unregister = register();
const { run } = await import('./start.ts');
run(unregister);
