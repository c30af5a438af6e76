import { DomainError } from './errors';
/**
 * Roles of the supervisor area and what each may do. Pure rules: the pages use them to show or
 * hide controls, the server uses them to refuse a request, and the SQL of every write checks the
 * role again (src/db/admin-*.ts), so a bug in one layer does not open a door.
 *
 * Jurisdiction (属地管理, seed 001): an administrator works commission-wide; a district
 * supervisor only in the regions assigned to them (and the townships/villages below); a viewer
 * reads in their assigned regions, or commission-wide when none is assigned.
 */

export const ROLES = ['admin', 'district', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '委机关管理员',
  district: '辖区监督员',
  viewer: '只读查看',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Everything a signed-in user may try. */
export const PERMISSIONS = [
  'complaint.read',
  'complaint.work', // accept, reject, assign, investigate, findings, close, feedback
  'complaint.pii', // read a real-name complainant's name and phone (with a reason, audited)
  'complaint.export',
  'complaint.route', // set the region of a complaint whose district is unknown (administrators)
  'point.read',
  'point.write',
  'rating.moderate',
  'rating.original', // read a comment as submitted, before redaction
  'audit.read',
  'user.manage',
  'publish',
  'data.import', // evaluation sheets, institutions, penalties… (src/import)
  'credit.read', // the credit lifecycle screens: evaluations, downgrades, rectifications, reviews, dishonesty, documents
  'credit.write', // enter or propose: an evaluation, a downgrade finding, a rectification, a review, a dishonesty entry
  'credit.approve', // the second person: approve evaluations, downgrades, dishonesty entries and their repair
  'case.publish', // 典型案例曝光: publish or withdraw a case write-up
  'inspection.read', // inspection records, the plan by level and risk, draws, the monthly report
  'inspection.write', // record an inspection (district: in their regions)
  'draw.run', // 双随机: publish a seed hash, run the draw, reveal the seed, publish results
  'jobs.manage', // the job queue: retry or discard failed deliveries
  'export.run', // 双公示 and provincial-platform exports
  'client.manage', // API clients (12345, 政务App, 信访 …): keys, rate limits, callbacks
  'portal.manage', // institution portal accounts (create, activation link, deactivate)
  'portal.approve', // approve or reject what an institution submitted through the portal
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  district: [
    'complaint.read',
    'complaint.work',
    'complaint.pii',
    'complaint.export',
    'point.read',
    'point.write',
    'rating.moderate',
    'credit.read',
    'credit.write',
    'inspection.read',
    'inspection.write',
    'portal.manage',
    'portal.approve',
  ],
  viewer: ['complaint.read', 'point.read', 'credit.read', 'inspection.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Roles allowed a permission; the SQL guards are written from this list. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => can(r, permission));
}

/**
 * Whether the role sees every region. A viewer without assigned regions reads commission-wide;
 * a district supervisor without regions sees nothing (an account set up by mistake must not
 * silently see everything).
 */
export function seesAllRegions(role: Role, assignedRegions: number): boolean {
  if (role === 'admin') return true;
  if (role === 'viewer') return assignedRegions === 0;
  return false;
}

/** Roles that need at least one region when the account is created. */
export function requiresRegions(role: Role): boolean {
  return role === 'district';
}

/** The signed-in person a request acts for (loaded from the session on every request). */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  department: string | null;
  role: Role;
  /** Region codes assigned (their sub-regions are included by the SQL scope). */
  regions: string[];
}

/**
 * A refusal with a Chinese message for the person and an HTTP status for the response:
 * 400 bad input, 403 not allowed for this role, 404 not found or outside the jurisdiction
 * (the two are not told apart, so URLs cannot be used to probe other districts), 409 the state
 * changed meanwhile.
 */

export function requirePermission(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (!can(actor.role, permission)) throw new DomainError('您的账户没有执行此操作的权限。', 'forbidden');
}
