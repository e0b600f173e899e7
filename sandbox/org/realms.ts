/**
 * @module The org's realms (`/api/v1/realms`; docs/okta.md §7.5): a default realm that cannot be deleted (400 E0000178)
 * and named realms; a name is required (400 E0000001).
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import { Records } from './records.ts';
import type { LogTarget } from './types.ts';

export interface RealmProfile {
  name: string;
  realmType?: 'PARTNER' | 'DEFAULT';
  domains?: string[];
  [attribute: string]: unknown;
}

export interface Realm {
  id: string;
  created: string;
  lastUpdated: string;
  isDefault: boolean;
  profile: RealmProfile;
}

function realmTarget(realm: Realm): LogTarget {
  return { id: realm.id, type: 'Realm', alternateId: realm.profile.name, displayName: realm.profile.name };
}

function checkProfile(profile: unknown): RealmProfile {
  const name = (profile as RealmProfile | undefined)?.name;
  if (typeof name !== 'string' || name.trim() === '')
    throw validationFailed('profile.name: The field cannot be left blank');
  const realmType = (profile as RealmProfile).realmType;
  if (realmType !== undefined && realmType !== 'PARTNER' && realmType !== 'DEFAULT') {
    throw validationFailed('profile.realmType: must be PARTNER or DEFAULT');
  }
  return { ...(profile as RealmProfile) };
}

export class Realms {
  private readonly records = new Records<Realm>('Realm');

  constructor(private readonly org: Org) {}

  list(): readonly Realm[] {
    return this.records.list();
  }

  get(id: string): Realm {
    return this.records.get(id);
  }

  create(profile: unknown, options: { isDefault?: boolean; at?: number; log?: boolean } = {}): Realm {
    const at = this.org.iso(options.at);
    const realm = this.records.add({
      id: this.org.ids.next('guo'),
      created: at,
      lastUpdated: at,
      isDefault: options.isDefault ?? false,
      profile: checkProfile(profile),
    });
    if (options.log ?? true) {
      this.org.log({ eventType: EventType.realmCreate, displayMessage: 'Create realm', targets: [realmTarget(realm)] });
    }
    return realm;
  }

  replace(id: string, profile: unknown): Realm {
    const realm = this.get(id);
    realm.profile = checkProfile(profile);
    realm.lastUpdated = this.org.iso();
    this.org.log({ eventType: EventType.realmUpdate, displayMessage: 'Update realm', targets: [realmTarget(realm)] });
    return realm;
  }

  delete(id: string): void {
    const realm = this.get(id);
    if (realm.isDefault) throw new ApiError('E0000178', 'The default realm cannot be deleted.');
    this.records.remove(id);
    this.org.log({ eventType: EventType.realmDelete, displayMessage: 'Delete realm', targets: [realmTarget(realm)] });
  }
}
