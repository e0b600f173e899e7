/** lib/lazy-unit.ts: the bundles' registries list units that load on first use (docs/architecture.md, issue 27). */
import { describe, expect, it } from 'vitest';
import getUser from '../../actions/users/get-user.ts';
import { lazyUnit } from '../../lib/lazy-unit.ts';

describe('lazyUnit', () => {
  it('gives its key without loading the module, and everything else from the definition, loaded once', () => {
    let loads = 0;
    const unit = lazyUnit('getUser', () => {
      loads += 1;
      return getUser;
    });
    expect(unit.key).toBe('getUser');
    expect(new Map([[unit.key, unit]]).size).toBe(1);
    expect(loads).toBe(0);
    expect(unit.input).toBe(getUser.input);
    expect(unit.label).toBe(getUser.label);
    expect('request' in unit).toBe('request' in getUser);
    expect({ ...unit }).toEqual({ ...getUser });
    expect(Object.keys(unit)).toEqual(Object.keys(getUser));
    expect(loads).toBe(1);
  });

  it('refuses a module that defines another key than the registry lists (a stale bundle)', () => {
    const unit = lazyUnit('suspendUser', () => getUser);
    expect(unit.key).toBe('suspendUser');
    expect(() => unit.label).toThrow('The bundle lists "suspendUser" where its module defines "getUser".');
  });
});
