/**
 * @module The org's devices (Identity Engine, `/api/v1/devices`; docs/okta.md §7.5) and the users enrolled on them.
 *
 * Lifecycle per the spec's DeviceStatus: activate (a deactivated device), deactivate (any; it loses every device user
 * link), suspend (an active device), unsuspend (a suspended one), delete (a deactivated one only). A call whose
 * target state the device is in already changes nothing (docs/okta.md §7.5: idempotent); any other move is 403
 * E0000152 "Illegal device status", as is deleting a device that is not DEACTIVATED.
 */
import { ApiError } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType, type EventTypeName } from './event-types.ts';
import { Records } from './records.ts';
import type { LogTarget, UserHolder } from './types.ts';
import { userTarget } from './types.ts';

export type DeviceStatus = 'CREATED' | 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED';

export interface DeviceProfile {
  displayName: string;
  platform: 'ANDROID' | 'IOS' | 'MACOS' | 'WINDOWS' | 'CHROMEOS';
  registered: boolean;
  [attribute: string]: unknown;
}

export interface Device {
  id: string;
  status: DeviceStatus;
  created: string;
  lastUpdated: string;
  profile: DeviceProfile;
  /** Users enrolled on the device, with when, in enrolment order. */
  users: { userId: string; created: string; managementStatus: 'MANAGED' | 'NOT_MANAGED' }[];
}

type Transition = 'activate' | 'deactivate' | 'suspend' | 'unsuspend';

/** For each transition: the states it leaves from, the state it reaches, and its System Log type. */
const TRANSITIONS: Record<Transition, { from: DeviceStatus[]; to: DeviceStatus; event: EventTypeName }> = {
  activate: { from: ['CREATED', 'DEACTIVATED'], to: 'ACTIVE', event: EventType.deviceActivate },
  deactivate: { from: ['CREATED', 'ACTIVE', 'SUSPENDED'], to: 'DEACTIVATED', event: EventType.deviceDeactivate },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', event: EventType.deviceSuspend },
  unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE', event: EventType.deviceUnsuspend },
};

function deviceTarget(device: Device): LogTarget {
  return { id: device.id, type: 'Device', alternateId: device.id, displayName: device.profile.displayName };
}

export class Devices implements UserHolder {
  private readonly records = new Records<Device>('Device');

  constructor(private readonly org: Org) {}

  list(): readonly Device[] {
    return this.records.list();
  }

  get(id: string): Device {
    return this.records.get(id);
  }

  /** Devices come from enrolment (Okta Verify), not from the API: the seed and tests register them here. */
  register(profile: DeviceProfile, options: { userIds?: string[]; status?: DeviceStatus; at?: number } = {}): Device {
    const at = this.org.iso(options.at);
    const device = this.records.add({
      id: this.org.ids.next('guo'),
      status: options.status ?? 'ACTIVE',
      created: at,
      lastUpdated: at,
      profile: { ...profile },
      users: [],
    });
    for (const userId of options.userIds ?? []) this.addUser(device.id, userId, options.at);
    return device;
  }

  addUser(deviceId: string, userId: string, at?: number): void {
    const device = this.get(deviceId);
    const user = this.org.users.byId(userId);
    if (device.users.some((link) => link.userId === user.id)) return;
    device.users.push({ userId: user.id, created: this.org.iso(at), managementStatus: 'NOT_MANAGED' });
    this.org.log({
      eventType: EventType.deviceUserAdd,
      displayMessage: 'Add device to user',
      targets: [deviceTarget(device), userTarget(user)],
      ...(at ? { at } : {}),
    });
  }

  transition(id: string, transition: Transition): Device {
    const device = this.get(id);
    const rule = TRANSITIONS[transition];
    if (device.status === rule.to) return device;
    if (!rule.from.includes(device.status)) throw new ApiError('E0000152');
    device.status = rule.to;
    device.lastUpdated = this.org.iso();
    // Deactivation makes the device lose every device user link (spec, deactivateDevice).
    if (rule.to === 'DEACTIVATED') device.users = [];
    this.org.log({ eventType: rule.event, displayMessage: `${transition} device`, targets: [deviceTarget(device)] });
    return device;
  }

  delete(id: string): void {
    const device = this.get(id);
    if (device.status !== 'DEACTIVATED') throw new ApiError('E0000152');
    this.records.remove(id);
    this.org.log({
      eventType: EventType.deviceDelete,
      displayMessage: 'Delete device',
      targets: [deviceTarget(device)],
    });
  }

  userDeleted(userId: string): void {
    for (const device of this.records.list()) device.users = device.users.filter((link) => link.userId !== userId);
  }
}
