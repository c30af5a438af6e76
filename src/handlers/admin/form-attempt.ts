import { refusalOf, statusOf } from '../errors';

/** Redirect after a successful form (POST → 303 → GET). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/**
 * Runs a form's write: its answer (usually seeOther), or the refusal's messages and status for the
 * screen to show again with the form. Anything that is not a refusal is thrown on (a 500).
 */
export async function attempt(write: () => Promise<Response>): Promise<Response | { errors: string[]; status: number }> {
  try {
    return await write();
  } catch (e) {
    const err = refusalOf(e);
    if (!err) throw e;
    return { errors: err.message.split('；'), status: statusOf(err) };
  }
}
