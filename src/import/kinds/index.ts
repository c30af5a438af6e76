/** Every sheet kind the importer knows, by its CLI name. */
import type { ImportKind } from '../kind';
import type { ImportKindName } from '../types';
import { evaluationsKind } from './evaluations';
import { institutionsKind } from './institutions';
import { regionsKind } from './regions';
import { inspectionsKind } from './inspections';
import { commitmentsKind, penaltiesKind, pointsKind, pricesKind, radiologyKind, selfInspectionsKind, staffKind } from './records';

const KINDS: Record<ImportKindName, ImportKind<unknown>> = {
  regions: regionsKind,
  institutions: institutionsKind,
  staff: staffKind,
  evaluations: evaluationsKind,
  penalties: penaltiesKind,
  points: pointsKind,
  commitments: commitmentsKind,
  'self-inspections': selfInspectionsKind,
  inspections: inspectionsKind,
  radiology: radiologyKind,
  prices: pricesKind,
};

export function kindOf(name: ImportKindName): ImportKind<unknown> {
  return KINDS[name];
}
