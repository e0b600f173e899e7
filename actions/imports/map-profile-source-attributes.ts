import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ValidationError } from '../../lib/errors.ts';
import { ImportProfile, MAX_IMPORT_PROFILES } from '../../lib/schemas/directory.ts';

type Profile = z.output<typeof ImportProfile>;

export default defineAction({
  key: 'mapProfileSourceAttributes',
  label: 'Map Profile Source Attributes',
  description:
    'Turn flat records (rows of a spreadsheet, an HR export) into the profiles Bulk Upsert Users takes, in batches ' +
    `of at most ${MAX_IMPORT_PROFILES}: one field gives the external id, a mapping renames fields to Okta ` +
    'attributes. Nothing is sent to Okta.',
  area: 'imports',
  scopes: [],
  hints: { readOnly: true, destructive: false, idempotent: true },
  // Only describes a mapping: it calls nothing.
  operations: [],
  input: z.object({
    records: z
      .array(z.record(z.string(), z.unknown()))
      .min(1, 'Give at least one record')
      .meta({ label: 'Records', description: 'Flat objects, one per user.' }),
    externalIdField: z.string().trim().min(1).default('externalId').meta({
      label: 'External id field',
      description: 'The record field that holds the user’s unique, never-changing id in the source.',
      example: 'employeeId',
    }),
    mapping: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .meta({
        label: 'Attribute mapping',
        description:
          'Okta attribute → record field. Without it every field but the external id is sent under its own name.',
        example: { userName: 'workEmail', email: 'workEmail', firstName: 'givenName', lastName: 'surname' },
      }),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(MAX_IMPORT_PROFILES)
      .default(MAX_IMPORT_PROFILES)
      .meta({ label: 'Batch size', description: `Profiles per batch, at most ${MAX_IMPORT_PROFILES} (Okta's limit).` }),
  }),
  output: z.object({
    batches: z
      .array(z.object({ profiles: z.array(ImportProfile) }))
      .meta({ description: 'Give each batch’s profiles to one Bulk Upsert Users.' }),
    total: z.number().int().meta({ description: 'How many profiles in all.' }),
  }),
  examples: [
    {
      input: {
        records: [{ employeeId: 'E1001', workEmail: 'ada@example.com', givenName: 'Ada', surname: 'Lovelace' }],
        externalIdField: 'employeeId',
        mapping: { userName: 'workEmail', email: 'workEmail', firstName: 'givenName', lastName: 'surname' },
      },
      output: {
        batches: [
          {
            profiles: [
              {
                externalId: 'E1001',
                profile: {
                  userName: 'ada@example.com',
                  email: 'ada@example.com',
                  firstName: 'Ada',
                  lastName: 'Lovelace',
                },
              },
            ],
          },
        ],
        total: 1,
      },
    },
  ],
  async run({ input }) {
    const issues: { path: string; message: string }[] = [];
    const seen = new Map<string, number>();
    const profiles: Profile[] = [];
    input.records.forEach((record, i) => {
      const rawId = record[input.externalIdField];
      const externalId = typeof rawId === 'number' ? String(rawId) : rawId;
      if (typeof externalId !== 'string' || externalId.trim() === '') {
        issues.push({ path: `records.${i}.${input.externalIdField}`, message: 'The external id is missing' });
        return;
      }
      const first = seen.get(externalId);
      if (first !== undefined) {
        issues.push({
          path: `records.${i}.${input.externalIdField}`,
          message: `The external id ${externalId} is also in record ${first}`,
        });
        return;
      }
      seen.set(externalId, i);
      const pairs = input.mapping
        ? Object.entries(input.mapping).map(([attribute, field]) => [attribute, field, record[field]] as const)
        : Object.entries(record)
            .filter(([field]) => field !== input.externalIdField)
            .map(([field, value]) => [field, field, value] as const);
      const profile: Record<string, string> = {};
      for (const [attribute, field, value] of pairs) {
        // Okta takes strings only (spec IdentitySourceUserProfileForUpsert); empty values are left out.
        if (value === undefined || value === null || value === '') continue;
        if (typeof value === 'object') {
          issues.push({ path: `records.${i}.${field}`, message: 'Only text, numbers and true/false can be mapped' });
          continue;
        }
        profile[attribute] = String(value);
      }
      const parsed = ImportProfile.safeParse({ externalId, profile });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          issues.push({ path: [`records.${i}`, ...issue.path.slice(1).map(String)].join('.'), message: issue.message });
        }
        return;
      }
      profiles.push(parsed.data);
    });
    if (issues.length) throw new ValidationError('Some records cannot be mapped', issues);
    const batches: { profiles: Profile[] }[] = [];
    for (let start = 0; start < profiles.length; start += input.batchSize) {
      batches.push({ profiles: profiles.slice(start, start + input.batchSize) });
    }
    return { batches, total: profiles.length };
  },
});
