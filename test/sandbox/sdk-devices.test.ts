/** Devices driven through Okta's Node SDK (spec Device tag, docs/okta.md §7.5). */
import { describe, expect, it } from 'vitest';
import { all, oktaFailure, useSdk } from './sdk-harness.ts';

const t = useSdk({ users: 10, seed: 22 });

function register(displayName: string) {
  const user = t.sandbox.org.listUsers().find((u) => u.status === 'ACTIVE');
  return t.sandbox.org.devices.register(
    { displayName, platform: 'WINDOWS', registered: true, serialNumber: `SN-${displayName}` },
    { userIds: user ? [user.id] : [] },
  );
}

describe('devices through the SDK', () => {
  it('moves a device through suspend, unsuspend and deactivate, then deletes it', async () => {
    const devices = t.client.deviceApi;
    const { id: deviceId } = register('Lab PC 1');
    expect((await all(await devices.listDeviceUsers({ deviceId }))).length).toBe(1);

    await devices.suspendDevice({ deviceId });
    expect((await devices.getDevice({ deviceId })).status).toBe('SUSPENDED');
    // Suspended: only unsuspend or deactivate (403 E0000152 otherwise).
    expect(await oktaFailure(devices.activateDevice({ deviceId }))).toEqual({ status: 403, errorCode: 'E0000152' });
    await devices.unsuspendDevice({ deviceId });
    // Lifecycle calls are idempotent: unsuspending an active device changes nothing.
    await devices.unsuspendDevice({ deviceId });
    expect((await devices.getDevice({ deviceId })).status).toBe('ACTIVE');

    // Only a deactivated device can be deleted; deactivation drops its users.
    expect(await oktaFailure(devices.deleteDevice({ deviceId }))).toEqual({ status: 403, errorCode: 'E0000152' });
    await devices.deactivateDevice({ deviceId });
    expect(await all(await devices.listDeviceUsers({ deviceId }))).toEqual([]);
    await devices.deleteDevice({ deviceId });
    expect(await oktaFailure(devices.getDevice({ deviceId }))).toEqual({ status: 404, errorCode: 'E0000007' });
  });

  it('searches case-insensitively, with co only where Okta allows it', async () => {
    register('Kiosk Alpha');
    const found = await all(await t.client.deviceApi.listDevices({ search: 'profile.displayName co "kiosk"' }));
    expect(found.map((d) => d.profile?.displayName)).toEqual(['Kiosk Alpha']);
    const bad = t.client.deviceApi.listDevices({ search: 'profile.platform co "WIN"' }).then(all);
    expect(await oktaFailure(bad)).toEqual({ status: 400, errorCode: 'E0000031' });
  });

  it('forgets a deleted user on every device', async () => {
    const device = register('Shared Mac');
    const [link] = device.users;
    const userId = link?.userId as string;
    await t.client.userApi.deactivateUser({ userId });
    await t.client.userApi.deleteUser({ userId });
    expect(await all(await t.client.deviceApi.listDeviceUsers({ deviceId: device.id }))).toEqual([]);
  });
});
