/**
 * The sandbox (playing Okta) and the client's schemas each hold Okta's factor enums (spec `FactorType`,
 * `FactorProvider`), on purpose apart: the sandbox must not be bent to the client. This keeps the two copies equal.
 */
import { describe, expect, it } from 'vitest';
import { FactorProvider, FactorType } from '../../lib/schemas/factor.ts';
import { FACTOR_TYPES, PROVIDERS } from '../../sandbox/org/factors.ts';

describe('factor enums', () => {
  it('are the same in the sandbox and the client schemas', () => {
    expect([...FACTOR_TYPES].sort()).toEqual([...FactorType.options].sort());
    expect([...PROVIDERS].sort()).toEqual([...FactorProvider.options].sort());
  });
});
