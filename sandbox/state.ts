/**
 * @module The in-memory org: a thin facade over its domains (`sandbox/org/*.ts`), sharing one core — the id
 * factory, the org's clock and the System Log's `log(change)`.
 *
 * Every change goes through a domain method, and every method writes its System Log event, as Okta does. Rules and
 * codes follow docs/okta.md §6 and §7; handlers only translate HTTP to these calls.
 *
 * A new domain is a new file in `sandbox/org/`: a class taking the `Org`, using `org.ids`, `org.now()`/`org.iso()`
 * and `org.log(change)`, declared here with one line (and listed in `userHolders()` if it keeps users' ids).
 */
import { Apps } from './org/apps.ts';
import { Devices } from './org/devices.ts';
import { EventHooks } from './org/event-hooks.ts';
import { Factors } from './org/factors.ts';
import { GroupRules } from './org/group-rules.ts';
import { Groups } from './org/groups.ts';
import { IdentitySources } from './org/identity-sources.ts';
import { IdFactory } from './org/ids.ts';
import { LinkedObjects } from './org/linked-objects.ts';
import { SystemLog } from './org/logs.ts';
import { OrgSettings } from './org/org-settings.ts';
import { Policies } from './org/policies.ts';
import { Realms } from './org/realms.ts';
import type { App, Change, Group, LogEvent, User, UserHolder } from './org/types.ts';
import { UserTypes } from './org/user-types.ts';
import { Users } from './org/users.ts';

export { EventType, type EventTypeName } from './org/event-types.ts';
export { IdFactory } from './org/ids.ts';
export * from './org/types.ts';

export interface OrgOptions {
  /** Milliseconds the org's clock runs ahead of this machine's (negative: behind). */
  clockOffsetMs?: number;
  random?: () => number;
}

export class Org {
  readonly ids: IdFactory;
  readonly clockOffsetMs: number;
  readonly systemLog = new SystemLog(() => this.now());
  readonly users = new Users(this);
  readonly groups = new Groups(this);
  readonly groupRules = new GroupRules(this);
  readonly apps = new Apps(this);
  readonly userTypes = new UserTypes(this);
  readonly factors = new Factors(this);
  readonly linkedObjects = new LinkedObjects(this);
  readonly eventHooks = new EventHooks(this);
  readonly devices = new Devices(this);
  readonly realms = new Realms(this);
  readonly policies = new Policies(this);
  readonly identitySources = new IdentitySources(this);
  readonly settings = new OrgSettings(this);

  constructor(options: OrgOptions = {}) {
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
    this.ids = new IdFactory(options.random ?? Math.random);
  }

  /** The org's clock. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  iso(at = this.now()): string {
    // One entry of memory: a change stamps several fields with the same instant, and seeding 100,000 users spends
    // most of its time formatting dates otherwise.
    if (at !== this.lastIso.at) this.lastIso = { at, text: new Date(at).toISOString() };
    return this.lastIso.text;
  }

  private lastIso = { at: Number.NaN, text: '' };

  /** Appends a change's event to the System Log (and hands it to the event hooks). */
  log(change: Change): LogEvent {
    return this.systemLog.append(change);
  }

  /** The domains that keep users' ids, told when a user is deactivated or deleted, in this order. */
  userHolders(): UserHolder[] {
    return [this.groups, this.apps, this.groupRules, this.devices, this.factors, this.linkedObjects];
  }

  // Short reads that tests and scripts use everywhere.
  listUsers(): readonly User[] {
    return this.users.list();
  }

  listGroups(): readonly Group[] {
    return this.groups.list();
  }

  listApps(): readonly App[] {
    return this.apps.list();
  }
}
