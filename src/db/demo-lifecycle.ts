import type { Tx } from './client';
import { loadActor } from './supervisors';
import { institutionInScope } from './points-read';
import type { Actor } from '../domain/roles';

/**
 * What the demo's lifecycle step (src/demo/lifecycle.ts) needs to choose its institutions: the
 * demo accounts, practising clinics inside the demo district supervisor's regions (so the
 * district account may propose for them), and recent penalties for the typical cases.
 */

export async function actorByUsername(tx: Tx, username: string): Promise<Actor | null> {
  const [row] = await tx<{ id: number }[]>`SELECT id FROM supervisors WHERE username = ${username} AND active`;
  return row ? loadActor(row.id) : null;
}

/** The step ran already (it is run after every demo load; a second run changes nothing). */
export async function demoLifecycleDone(tx: Tx): Promise<boolean> {
  const [row] = await tx<{ done: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM institution_status_changes) OR EXISTS (SELECT 1 FROM typical_cases)
        OR EXISTS (SELECT 1 FROM serious_dishonesty WHERE proposed_by IS NOT NULL) AS done`;
  return row?.done ?? false;
}

/** Practising clinics in the actor's regions, oldest id first. */
export async function clinicsInScope(tx: Tx, actor: Pick<Actor, 'id'>, limit: number): Promise<{ id: number; name: string }[]> {
  return tx<{ id: number; name: string }[]>`
    SELECT i.id, i.name FROM institutions i
     WHERE i.status = '执业' AND i.type IN ('诊所', '门诊部', '中医诊所') AND ${institutionInScope(actor)}
     ORDER BY i.id LIMIT ${limit}`;
}

/** The latest penalties decided on or before `asOf` (one per institution). */
export interface DemoPenalty {
  decisionNo: string;
  decidedOn: string;
  violation: string;
  penalty: string;
  institutionName: string;
}

export async function recentPenalties(tx: Tx, asOf: string, limit: number): Promise<DemoPenalty[]> {
  return tx<DemoPenalty[]>`
    SELECT p.decision_no AS "decisionNo", p.decided_on::text AS "decidedOn", p.violation, p.penalty, i.name AS "institutionName" FROM (
      SELECT DISTINCT ON (institution_id) * FROM penalties WHERE decided_on <= ${asOf} ORDER BY institution_id, decided_on DESC
    ) p JOIN institutions i ON i.id = p.institution_id ORDER BY p.decided_on DESC, p.decision_no LIMIT ${limit}`;
}
