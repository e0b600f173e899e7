import { collectionPicklist } from '../lib/picklist.ts';
import type { Device } from '../lib/schemas/directory.ts';
import { scimString } from '../lib/scim.ts';

export default collectionPicklist<Device>({
  key: 'selectDevice',
  label: 'Select Device',
  description: 'Devices registered with the org, searched on Okta by name or serial number.',
  scopes: ['okta.devices.read'],
  path: '/api/v1/devices',
  // `co` is allowed on these two profile attributes, case-insensitively (spec listDevices `search`).
  search: (text) => {
    const value = scimString(text);
    return { search: `profile.displayName co ${value} or profile.serialNumber co ${value}` };
  },
  toOption: (device) => ({
    value: device.id,
    label: device.profile.displayName ?? device.id,
    description: [device.profile.platform, device.status, device.profile.serialNumber].filter(Boolean).join(' · '),
  }),
});
