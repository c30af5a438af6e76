import { DomainError, type RefusalKind } from '../domain/errors';

/** The one map from a refusal's kind to its HTTP status (docs/architecture.md: errors). */
const STATUS: Record<RefusalKind, 400 | 403 | 404 | 409> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409 };

export function statusOf(error: DomainError): 400 | 403 | 404 | 409 {
  return STATUS[error.kind];
}

/** A refusal from any layer, or null when `e` is an unexpected failure (a 500). */
export function refusalOf(e: unknown): DomainError | null {
  return e instanceof DomainError ? e : null;
}
