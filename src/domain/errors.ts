/**
 * Refusals raised by the rules (src/domain) and the storage (src/db). They say what went wrong in
 * the domain's terms — the input is invalid, the actor may not do this, the thing does not exist,
 * it conflicts with the current state — and carry a Chinese message for the user. Which HTTP
 * status each kind becomes is decided in one place by the request layer (`statusOf` in
 * src/handlers/errors.ts), never here.
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

export class DomainError extends Error {
  readonly kind: RefusalKind;
  constructor(message: string, kind: RefusalKind = 'invalid') {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
  }
}

export const invalid = (message: string): DomainError => new DomainError(message, 'invalid');
export const forbidden = (message: string): DomainError => new DomainError(message, 'forbidden');
export const notFound = (message: string): DomainError => new DomainError(message, 'not-found');
export const conflict = (message: string): DomainError => new DomainError(message, 'conflict');
