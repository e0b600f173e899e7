/** The sandbox writes only event types of Okta's catalogue, each named once in `sandbox/org/event-types.ts`. */
import { describe, expect, it } from 'vitest';
import catalogue from '../../lib/data/event-types.json' with { type: 'json' };
import { EventType } from '../../sandbox/org/event-types.ts';
import { seedOrg } from '../../sandbox/seed.ts';

const known = new Set(catalogue.eventTypes.map((type) => type.id));
const named = Object.values(EventType) as string[];

describe('System Log event types of the sandbox', () => {
  it('are all in Okta’s catalogue (lib/data/event-types.json)', () => {
    expect(named.filter((type) => !known.has(type))).toEqual([]);
  });

  it('are named once each', () => {
    expect(new Set(named).size).toBe(named.length);
  });

  it('are the only types a seeded org logs', () => {
    const org = seedOrg({ users: 60, seed: 3 });
    const logged = new Set(org.systemLog.list().map((stored) => stored.event.eventType));
    expect(logged.size).toBeGreaterThan(3);
    expect([...logged].filter((type) => !named.includes(type))).toEqual([]);
  });
});
