/**
 * @module What the built Activepieces piece exposes, read as Activepieces reads it: the package's main `require`d,
 * the piece found among its exports, then its actions' props, its triggers and the data sources its dropdowns call.
 * For test/adapters/structure.test.ts and the piece's tests.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Piece } from '@activepieces/pieces-framework';
import type { AdapterSurface } from '../shared/adapter.ts';
import { catalogue, unitFields } from '../shared/catalogue.ts';

/** The framework's types for the tests (which resolve packages from the root, where Activepieces is not). */
export type * as Activepieces from '@activepieces/pieces-framework';

/** The framework from adapters/node_modules (never a dependency of the connector). */
export const requireActivepieces = createRequire(join(import.meta.dirname, '..', 'package.json'));

/** The piece in the package at `packageDir`: the export that is a piece, as Activepieces' loader looks for it. */
export function loadPiece(packageDir: string): Piece {
  const exports = createRequire(join(packageDir, 'package.json'))(packageDir) as Record<string, unknown>;
  const piece = Object.values(exports).find(
    (value): value is Piece =>
      typeof value === 'object' && value !== null && 'actions' in value && 'triggers' in value && 'metadata' in value,
  );
  if (!piece) throw new Error(`No piece among the exports of ${packageDir}: ${Object.keys(exports).join(', ')}`);
  return piece;
}

export async function surfaceOf(packageDir: string): Promise<AdapterSurface> {
  const piece = loadPiece(packageDir);
  const metadata = piece.metadata();
  const actions = Object.fromEntries(
    Object.values(metadata.actions).map((action) => [action.name, Object.keys(action.props)]),
  );
  const triggers = Object.keys(metadata.triggers);
  // A data source is reachable when a dropdown prop of some unit is filled from it: found by the field it stands for.
  const dataSources = new Set<string>();
  const units = [
    ...catalogue().actions.map((action) => [action.key, unitFields(action)] as const),
    ...[...catalogue().webhookTriggers, ...catalogue().pollingTriggers].map(
      (unit) => [unit.key, unitFields(unit.trigger)] as const,
    ),
  ];
  for (const [key, fields] of units) {
    const props = (metadata.actions[key]?.props ?? metadata.triggers[key]?.props ?? {}) as Record<
      string,
      { type: string }
    >;
    for (const field of fields) {
      const type = props[field.name]?.type;
      if (field.dataSource && (type === 'DROPDOWN' || type === 'MULTI_SELECT_DROPDOWN'))
        dataSources.add(field.dataSource);
    }
  }
  return { actions, triggers, dataSources: [...dataSources], pickersOnlyInFields: true };
}
