/**
 * @module The org's own settings (`/api/v1/org…`, spec OrgSetting): general settings (POST partial, PUT full
 * replace of the writable fields), the billing and technical contact users, the end-user footer preference and the
 * Okta communication e-mail opt-out. Okta's catalogue has no System Log event type for these changes.
 */
import { validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';

/** The writable fields of OrgSetting; the rest (id, status, subdomain, created…) are Okta's. */
const WRITABLE = [
  'address1',
  'address2',
  'city',
  'companyName',
  'country',
  'endUserSupportHelpURL',
  'phoneNumber',
  'postalCode',
  'state',
  'supportPhoneNumber',
  'website',
] as const;
type Writable = (typeof WRITABLE)[number];

export const CONTACT_TYPES = ['BILLING', 'TECHNICAL'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export class OrgSettings {
  /** Fixed: the Org's clock is not set yet while its domains are built. */
  readonly created = '2024-01-01T00:00:00.000Z';
  lastUpdated = this.created;
  general: Record<Writable, string | null> = {
    address1: '100 First Street',
    address2: null,
    city: 'San Francisco',
    companyName: 'Sandbox Inc.',
    country: 'United States',
    endUserSupportHelpURL: null,
    phoneNumber: '+1-555-555-5555',
    postalCode: '94105',
    state: 'California',
    supportPhoneNumber: null,
    website: 'https://sandbox.example.com',
  };
  readonly contacts = new Map<ContactType, string | null>(CONTACT_TYPES.map((type) => [type, null]));
  showEndUserFooter = true;
  optOutEmailUsers = false;

  constructor(private readonly org: Org) {}

  /** POST changes the fields sent; PUT (`replace`) also clears those left out. */
  update(body: Record<string, unknown>, replace: boolean): void {
    const causes = WRITABLE.filter((f) => body[f] !== undefined && body[f] !== null && typeof body[f] !== 'string').map(
      (f) => `${f}: must be a string`,
    );
    if (replace && (typeof body.companyName !== 'string' || body.companyName.trim() === '')) {
      causes.push('companyName: The field cannot be left blank');
    }
    if (causes.length) throw validationFailed(...causes);
    for (const field of WRITABLE) {
      if (field in body) this.general[field] = (body[field] as string | null) ?? null;
      else if (replace) this.general[field] = null;
    }
    this.lastUpdated = this.org.iso();
  }

  /** The contact user must exist (404 E0000007 otherwise). */
  setContact(type: ContactType, userId: unknown): void {
    if (typeof userId !== 'string' || userId === '') throw validationFailed('userId: The field cannot be left blank');
    this.contacts.set(type, this.org.users.byId(userId).id);
  }
}
