import { findInstitutions, getInstitutionInScope, type InstitutionChoice } from '../../db/points-read';
import type { Actor } from '../../domain/roles';

/**
 * The first step of a form about one institution (a point, a 严重失信名单 proposal): the chosen
 * institution (the form's institutionId, else ?institution=) when it lies in the actor's
 * jurisdiction, otherwise the institutions matching ?q= to choose from.
 */
export async function institutionChoice(
  actor: Pick<Actor, 'id'>,
  values: Record<string, string>,
  query: Record<string, string>,
): Promise<{ q: string; matches: InstitutionChoice[]; institution: InstitutionChoice | null }> {
  const institutionId = Number(values['institutionId'] ?? query['institution'] ?? '');
  const institution = Number.isSafeInteger(institutionId) && institutionId > 0 ? await getInstitutionInScope(actor, institutionId) : null;
  const q = (query['q'] ?? '').trim().slice(0, 100);
  return { q, matches: institution ? [] : await findInstitutions(actor, q), institution };
}
