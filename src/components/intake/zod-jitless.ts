// Imported first by the browser bundle of the complaint form (complaint-form-client.ts), before
// any schema is built: zod decides at schema construction whether to compile parsers with
// `new Function`, and its probe for that (`Function("")`) is reported as a violation by our CSP
// (script-src without 'unsafe-eval') on every page load. Interpreted parsing is fast enough for
// one form; the server keeps zod's default.
import { z } from 'zod';

z.config({ jitless: true });
