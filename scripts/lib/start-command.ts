/**
 * How `npm start` runs node (package.json's "start" is `node` + these, checked by a test); the
 * end-to-end tests, the foundation tests and the intake benchmark start the server the same way.
 *
 * --experimental-async-context-frame: Astro keeps each render's scope in an AsyncLocalStorage.
 * On Node 22 that is built on async_hooks by default, which runs hooks for every promise; with
 * this flag (the default from Node 24) it costs nothing per promise.
 */
export const START_ARGS = ['--experimental-async-context-frame', 'scripts/start.mjs'] as const;
