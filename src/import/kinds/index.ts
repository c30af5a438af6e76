/** Every sheet kind the importer knows, by its CLI name. */
import type { ImportKind } from '../kind';
import type { ImportKindName } from '../types';
import { institutionsKind } from './institutions';

const KINDS: Partial<Record<ImportKindName, ImportKind<unknown>>> = {
  institutions: institutionsKind as ImportKind<unknown>,
};

export function kindOf(name: ImportKindName): ImportKind<unknown> {
  const kind = KINDS[name];
  if (!kind) throw new Error(`未知的导入类型：${name}`);
  return kind;
}
