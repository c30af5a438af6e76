/**
 * Reading a request body with a hard byte limit, whether or not the client declared its length:
 * the one counting loop behind the HTTP server (every Astro route, http-server.ts) and the
 * complaint API's chunked uploads (handlers/intake/http.ts).
 */

/** Thrown once a body has passed its limit (`code` is what the server's error handling sees). */
export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/**
 * The chunks `next` gives, counted as they arrive. The chunk that takes the total past `limit`
 * is not passed on: `beforeThrow` runs (answer 413, cancel the stream) and BodyTooLargeError is
 * thrown. `next` rather than an iterable: leaving a `for await` over an IncomingMessage destroys
 * the request and its socket before the 413 is sent.
 */
export async function* withinLimit<C extends Uint8Array>(
  next: () => Promise<IteratorResult<C, unknown>>,
  limit: number,
  beforeThrow: () => Promise<unknown>,
): AsyncGenerator<C, void> {
  let received = 0;
  for (;;) {
    const r = await next();
    if (r.done) return;
    received += r.value.byteLength;
    if (received > limit) {
      await beforeThrow();
      throw new BodyTooLargeError(limit);
    }
    yield r.value;
  }
}
