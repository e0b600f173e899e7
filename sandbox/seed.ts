/**
 * @module Deterministic, realistic seed data: the same `seed` gives the same users, groups, apps and assignments.
 *
 * Timestamps are relative to the start, so the System Log history always falls within Okta's 90-day window. Only
 * the most recent users get history events, so a 50,000-user org seeds in under 1.5 s and its log stays small.
 */
import { seedDirectory } from './seed-directory.ts';
import { EventType, Org, type UserStatus } from './state.ts';

export interface SeedOptions {
  users: number;
  seed: number;
  clockOffsetMs?: number;
}

/** mulberry32: a small, fast, well-distributed PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Katherine',
  'Linus',
  'Margaret',
  'Barbara',
  'Dennis',
  'Ken',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Hedy',
  'John',
  'Mary',
  'Annie',
  'Donald',
  'Evelyn',
  'Shafi',
  'Leslie',
  'Sophie',
  'Guido',
  'Yukihiro',
  'Joan',
  'Niklaus',
  'Bjarne',
  'Fran',
  'Jean',
  'Karen',
  'Lynn',
  'Marian',
  'Ruth',
  'Tom',
  'Vint',
  'Whitfield',
  'Ivan',
  'Anita',
  'Carol',
  'Susan',
  'José',
  'Zoë',
  'Chloé',
  'Mateo',
  'Aarav',
  'Mei',
  'Olusegun',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Liskov',
  'Ritchie',
  'Thompson',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'McCarthy',
  'Keller',
  'Easley',
  'Knuth',
  'Berezin',
  'Goldwasser',
  'Lamport',
  'Wilson',
  'van Rossum',
  'Matsumoto',
  'Clarke',
  'Wirth',
  'Stroustrup',
  'Bilas',
  'Sammet',
  'Jones',
  'Conway',
  'Croak',
  'Teitelman',
  'Kilburn',
  'Cerf',
  'Diffie',
  'Sutherland',
  'Borg',
  'Shaw',
  'Kare',
  'García',
  "O'Brien",
  'Müller',
  'Nakamura',
  'Okafor',
  'Patel',
  'Chen',
];
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People',
  'Legal',
  'Support',
  'Operations',
  'Product',
  'Design',
  'Security',
  'Research',
];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Director', 'Analyst', 'Specialist', 'Lead', 'Associate'];
const CITIES = [
  ['San Francisco', 'US'],
  ['New York', 'US'],
  ['Austin', 'US'],
  ['Toronto', 'CA'],
  ['London', 'GB'],
  ['Dublin', 'IE'],
  ['Berlin', 'DE'],
  ['Paris', 'FR'],
  ['Madrid', 'ES'],
  ['Tokyo', 'JP'],
  ['Sydney', 'AU'],
  ['Bengaluru', 'IN'],
  ['São Paulo', 'BR'],
] as const;
const APPS = [
  { name: 'salesforce', label: 'Salesforce.com', signOnMode: 'SAML_2_0' },
  { name: 'slack', label: 'Slack', signOnMode: 'SAML_2_0' },
  { name: 'github_enterprise', label: 'GitHub Enterprise', signOnMode: 'SAML_2_0' },
  { name: 'zoomus', label: 'Zoom', signOnMode: 'SAML_2_0' },
  { name: 'google', label: 'Google Workspace', signOnMode: 'SAML_2_0' },
  { name: 'oidc_client', label: 'Expense Reports', signOnMode: 'OPENID_CONNECT' },
  {
    name: 'template_swa',
    label: 'Company Handbook',
    signOnMode: 'BROWSER_PLUGIN',
    settings: {
      app: {
        url: 'https://handbook.example.com/login',
        usernameField: 'user',
        passwordField: 'pass',
        buttonField: 'go',
      },
    },
  },
];

/** Rough mix of statuses in a working org. */
function pickStatus(r: number): UserStatus {
  if (r < 0.84) return 'ACTIVE';
  if (r < 0.88) return 'STAGED';
  if (r < 0.91) return 'PROVISIONED';
  if (r < 0.93) return 'SUSPENDED';
  if (r < 0.945) return 'LOCKED_OUT';
  if (r < 0.96) return 'PASSWORD_EXPIRED';
  if (r < 0.97) return 'RECOVERY';
  return 'DEPROVISIONED';
}

const DAY = 86_400_000;
/** Users and groups whose creation is in the System Log history: the most recent ones. */
const LOGGED_USERS = 400;

export function seedOrg(options: SeedOptions): Org {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const org = new Org({
    random,
    ...(options.clockOffsetMs !== undefined ? { clockOffsetMs: options.clockOffsetMs } : {}),
  });
  const start = org.now();
  const historyStart = start - 30 * DAY;

  org.groups.create(
    { name: 'Everyone', description: 'All users in your organization' },
    {
      type: 'BUILT_IN',
      at: start - 400 * DAY,
      log: false,
    },
  );
  const departments = new Map(
    DEPARTMENTS.map((name, i) => [
      name,
      org.groups.create({ name, description: `Everyone in ${name}` }, { at: historyStart + i * 60_000 }),
    ]),
  );
  const apps = APPS.map((app, i) => org.apps.create(app, { at: start - (300 - i) * DAY, log: false }));
  const appGroup = org.groups.create(
    { name: 'Slack Workspace Admins', description: 'Pushed from Slack' },
    {
      type: 'APP_GROUP',
      appId: (apps[1] as { id: string }).id,
      at: start - 200 * DAY,
      log: false,
    },
  );
  void appGroup;

  // Logins: `first.last`, then `first.last2`, `first.last3`… Bases hold only letters, dots and dashes, so a
  // numbered login never meets another base: counting per base gives the same logins as probing, without the probes.
  const bases = new Map<string, string>();
  const taken = new Map<string, number>();
  for (let i = 0; i < options.users; i += 1) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const name = `${firstName}.${lastName}`;
    let base = bases.get(name);
    if (base === undefined) {
      base = name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z.-]/g, '')
        .toLowerCase();
      bases.set(name, base);
    }
    const count = (taken.get(base) ?? 0) + 1;
    taken.set(base, count);
    const login = count === 1 ? `${base}@example.com` : `${base}${count}@example.com`;
    const department = pick(DEPARTMENTS);
    const [city, countryCode] = pick(CITIES);
    const logged = i >= options.users - LOGGED_USERS;
    // The logged users are created within the history window, the rest before it, in id order.
    const at = logged
      ? historyStart + ((i - (options.users - LOGGED_USERS)) / LOGGED_USERS) * 28 * DAY + DAY
      : start - 400 * DAY + (i / Math.max(1, options.users)) * 360 * DAY;
    const status = pickStatus(random());
    const user = org.users.create(
      {
        profile: {
          login,
          email: login,
          firstName,
          lastName,
          displayName: `${firstName} ${lastName}`,
          title: pick(TITLES),
          department,
          city,
          countryCode,
          employeeNumber: String(100000 + i),
          mobilePhone: `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`,
        },
        ...(status === 'STAGED' || status === 'PROVISIONED' ? {} : { password: 'seeded' }),
      },
      { activate: status !== 'STAGED', status, at, log: logged },
    );
    org.groups.addMember((departments.get(department) as { id: string }).id, user.id, { at, log: logged });
    if (status !== 'DEPROVISIONED' && status !== 'SUSPENDED') {
      for (const app of apps) {
        if (random() < 0.3) org.apps.assign(app.id, user.id, {}, { at, log: logged });
      }
    }
    if (logged && status === 'ACTIVE' && random() < 0.5) {
      org.log({
        eventType: EventType.userSessionStart,
        displayMessage: 'User login to Okta',
        targets: [],
        actor: { id: user.id, type: 'User', alternateId: login, displayName: `${firstName} ${lastName}` },
        at: at + DAY / 2,
      });
    }
  }
  seedDirectory(org, start);
  // A group rule, INACTIVE as Okta creates them: activated, it keeps Engineering's people in the Engineering group.
  org.groupRules.create(
    {
      type: 'group_rule',
      name: 'Engineering department',
      conditions: {
        people: { users: { exclude: [] }, groups: { exclude: [] } },
        expression: { type: 'urn:okta:expression:1.0', value: 'user.department=="Engineering"' },
      },
      actions: { assignUserToGroups: { groupIds: [(departments.get('Engineering') as { id: string }).id] } },
    },
    { at: historyStart },
  );
  org.systemLog.sort();
  return org;
}
