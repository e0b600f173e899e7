/**
 * adapters/shared/fields.ts: JSON Schema → builder fields and builder values → our input, which every adapter uses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manifest, unitFields } from '../../adapters/shared/catalogue.ts';
import { type Field, fieldsOf, inputFromFields, UnmappableSchemaError } from '../../adapters/shared/fields.ts';
import { isConnectorError } from '../../lib/errors.ts';

const action = (key: string) => {
  const found = manifest.actions.find((candidate) => candidate.key === key);
  if (!found) throw new Error(key);
  return found;
};
const byName = (fields: Field[]) => Object.fromEntries(fields.map((field) => [field.name, field]));

describe('fieldsOf', () => {
  it('carries title, description, placeholder, default and the required mark (createUser, listUsers)', () => {
    const create = byName(unitFields(action('createUser')));
    expect(create.firstName).toMatchObject({
      kind: 'string',
      title: 'First name',
      description: 'Given name of the user.',
      placeholder: 'Ada',
      required: true,
      secret: false,
    });
    expect(create.password).toMatchObject({ kind: 'string', secret: true, required: false });
    expect(create.profile).toMatchObject({ kind: 'json', placeholder: expect.stringContaining('"department"') });
    expect(create.groupIds).toMatchObject({ kind: 'stringList', dataSource: 'selectGroup' });
    expect(create.nextLogin?.kind).toBe('enum');
    const list = byName(unitFields(action('listUsers')));
    expect(list.limit).toMatchObject({ kind: 'integer', default: 200, minimum: 1, maximum: 200, required: false });
    expect(list.sortOrder?.options).toEqual([
      { value: 'asc', label: 'asc' },
      { value: 'desc', label: 'desc' },
    ]);
    expect(list.after?.placeholder).toBe('nextCursor from the previous page');
  });

  it("gives a dependent picker its data source's inputs (getFactor's factorId reads userId)", () => {
    expect(byName(unitFields(action('getFactor'))).factorId).toMatchObject({
      dataSource: 'selectUserFactor',
      dependsOn: ['userId'],
    });
  });

  it('reads a nullable field (anyOf with null) as its type, nullable', () => {
    expect(byName(unitFields(action('updateUser'))).mobilePhone).toMatchObject({ kind: 'string', nullable: true });
  });

  it('throws, naming the field, on a schema it cannot map (catches a silent wrong field)', () => {
    const bad = (schema: object) => () => fieldsOf({ type: 'object', properties: { odd: schema } });
    expect(bad({ type: ['string', 'integer'] })).toThrow(UnmappableSchemaError);
    expect(bad({ enum: [1, 2] })).toThrow(/"odd"/);
    expect(bad({ anyOf: [{ type: 'integer' }, { type: 'boolean' }] })).toThrow(/"odd"/);
    expect(() => fieldsOf({ type: 'array' })).toThrow(UnmappableSchemaError);
    // A dependent data source whose input has no field beside it: the picker could never be answered.
    expect(() =>
      fieldsOf({ type: 'object', properties: { f: { type: 'string', 'x-dataSource': 'dep' } } }, { dep: ['userId'] }),
    ).toThrow(/userId/);
  });
});

describe('inputFromFields', () => {
  const fields = unitFields(action('createUser'));

  it('drops empty optional values, parses JSON text, splits lists and reads booleans', () => {
    const input = inputFromFields(fields, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      login: '',
      mobilePhone: '   ',
      profile: '{"department":"Engineering"}',
      groupIds: '00g1, 00g2\n00g3',
      activate: 'false',
    });
    expect(input).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      profile: { department: 'Engineering' },
      groupIds: ['00g1', '00g2', '00g3'],
      activate: false,
    });
  });

  it('keeps an empty required value, for the runtime to name it', () => {
    expect(inputFromFields(fields, { firstName: '' })).toEqual({ firstName: '' });
  });

  it('refuses JSON text that does not parse with INVALID_INPUT naming the field', () => {
    let caught: unknown;
    try {
      inputFromFields(fields, { profile: '{department: x}' });
    } catch (error) {
      caught = error;
    }
    expect(isConnectorError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'INVALID_INPUT', kind: 'validation' });
    expect((caught as Error).message).toMatch(/Other profile attributes \(profile\) is not valid JSON/);
    expect((caught as { issues: unknown }).issues).toEqual([{ path: 'profile', message: expect.any(String) }]);
  });

  it('refuses a number that is not one, naming the field', () => {
    const list = unitFields(action('listUsers'));
    expect(() => inputFromFields(list, { limit: 'ten' })).toThrow(/Page size \(limit\) is not a number/);
    expect(inputFromFields(list, { limit: '50' })).toEqual({ limit: 50 });
  });

  // Fuzz: whatever our input holds, written out as a builder's form writes it (JSON text, one list item per line,
  // numbers as text), comes back the same. Catches a lossy or ambiguous conversion.
  it('round-trips any input through the text a builder form holds', () => {
    const kinds: Field['kind'][] = ['string', 'integer', 'number', 'boolean', 'json', 'stringList'];
    const item = fc
      .string({ minLength: 1 })
      .filter((text) => text.trim() === text && !/[\n,]/.test(text) && text !== '');
    const valueOfKind: Record<string, fc.Arbitrary<unknown>> = {
      string: fc.string({ minLength: 1 }).filter((text) => text.trim() !== ''),
      integer: fc.integer(),
      number: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
      boolean: fc.boolean(),
      // A string in a json field is JSON text by definition, so a top-level string is not a value one can pass typed.
      // As JSON text holds it: JSON has no -0 (JSON.stringify(-0) is "0"), so a value is taken as its JSON round trip.
      json: fc
        .jsonValue()
        .map((value) => JSON.parse(JSON.stringify(value)) as unknown)
        .filter((value) => value !== null && typeof value !== 'string' && !(Array.isArray(value) && !value.length)),
      stringList: fc.array(item, { minLength: 1 }).filter((list) => !list[0]?.startsWith('[')),
    };
    const asText = (kind: string, value: unknown) => {
      if (kind === 'json') return JSON.stringify(value);
      if (kind === 'stringList') return (value as string[]).join('\n');
      if (kind === 'integer' || kind === 'number' || kind === 'boolean') return String(value);
      return value;
    };
    const entry = fc.constantFrom(...kinds).chain((kind) => valueOfKind[kind]!.map((value) => ({ kind, value })));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), entry), (entries) => {
        const fields = Object.entries(entries).map(
          ([name, { kind }]) =>
            ({
              name,
              title: name,
              description: '',
              kind,
              required: false,
              secret: false,
              nullable: false,
              schema: {},
            }) as Field,
        );
        const typed = Object.fromEntries(
          Object.entries(entries).map(([name, { kind, value }]) => [name, asText(kind, value)]),
        );
        const expected = Object.fromEntries(Object.entries(entries).map(([name, { value }]) => [name, value]));
        expect(inputFromFields(fields, typed)).toEqual(expected);
        // Values already typed (an expression's result) pass as they are.
        expect(inputFromFields(fields, expected)).toEqual(expected);
      }),
    );
  });
});
