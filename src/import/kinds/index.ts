/** Every sheet kind the importer knows, by its CLI name. */
import type { ImportKind } from '../kind';
import type { ImportKindName } from '../types';
import { evaluationsKind } from './evaluations';
import { institutionsKind } from './institutions';
import { regionsKind } from './regions';
import { commitmentsKind, penaltiesKind, pointsKind, selfInspectionsKind, staffKind } from './records';

const KINDS: Record<ImportKindName, ImportKind<unknown>> = {
  regions: regionsKind as ImportKind<unknown>,
  institutions: institutionsKind as ImportKind<unknown>,
  staff: staffKind as ImportKind<unknown>,
  evaluations: evaluationsKind as ImportKind<unknown>,
  penalties: penaltiesKind as ImportKind<unknown>,
  points: pointsKind as ImportKind<unknown>,
  commitments: commitmentsKind as ImportKind<unknown>,
  'self-inspections': selfInspectionsKind as ImportKind<unknown>,
};

export function kindOf(name: ImportKindName): ImportKind<unknown> {
  return KINDS[name];
}
