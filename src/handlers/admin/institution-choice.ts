import { findInstitutions, getInstitutionInScope, type InstitutionChoice } from '../../db/points-read';
import type { Actor } from '../../domain/roles';
import { recordIdOf } from '../../schemas/admin-common';

/**
 * The institution a form is about (from its hidden field or ?institution=), inside the actor's
 * jurisdiction, or the search results for ?q= while none is chosen.
 */
export async function chooseInstitution(
  actor: Pick<Actor, 'id'>,
  values: Record<string, string>,
  query: Record<string, string>,
): Promise<{ q: string; matches: InstitutionChoice[]; institution: InstitutionChoice | null }> {
  const institutionId = recordIdOf(values['institutionId'] ?? query['institution']);
  const institution = institutionId === null ? null : await getInstitutionInScope(actor, institutionId);
  const q = (query['q'] ?? '').trim().slice(0, 100);
  return { q, matches: institution ? [] : await findInstitutions(actor, q), institution };
}
