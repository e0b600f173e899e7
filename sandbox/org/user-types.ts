/**
 * @module User types (`/api/v1/meta/types/user`) and the profile schema each one has
 * (`/api/v1/meta/schemas/user/{schemaId}`), docs/okta.md §7.5.
 *
 * Every org has the default type `user`, which cannot be deleted; a type still held by a user cannot be deleted
 * either (403 E0000142). The name is set at creation and never changes. Okta's catalogue has no System Log event for
 * a type's own changes, so none is written; a user moved to another type logs `user.account.update_user_type`.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';

/** The default type's id: a constant, so that seeding it draws nothing from the id factory. */
export const DEFAULT_USER_TYPE_ID = 'oty00000000000000000';
const DEFAULT_SCHEMA_ID = 'osc00000000000000000';

export interface UserType {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  default: boolean;
  created: string;
  lastUpdated: string;
  createdBy: string;
  lastUpdatedBy: string;
  schemaId: string;
}

/** A custom profile attribute, as the schema carries it (`UserSchemaAttribute`). */
export type SchemaProperty = Record<string, unknown>;

/** The default profile attributes Okta defines for every type (`definitions.base`). */
const BASE_PROPERTIES: Record<string, SchemaProperty> = {
  login: { title: 'Username', type: 'string', required: true, minLength: 5, maxLength: 100 },
  firstName: { title: 'First name', type: 'string', required: true, minLength: 1, maxLength: 50 },
  lastName: { title: 'Last name', type: 'string', required: true, minLength: 1, maxLength: 50 },
  email: { title: 'Primary email', type: 'string', required: true, format: 'email' },
  secondEmail: { title: 'Secondary email', type: 'string', format: 'email' },
  mobilePhone: { title: 'Mobile phone', type: 'string', maxLength: 100 },
  displayName: { title: 'Display name', type: 'string' },
  title: { title: 'Title', type: 'string' },
  department: { title: 'Department', type: 'string' },
  city: { title: 'City', type: 'string', maxLength: 128 },
  countryCode: { title: 'Country code', type: 'string' },
  employeeNumber: { title: 'Employee number', type: 'string' },
};

/** Okta's API names: a letter, then letters, digits or underscores. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ADMIN = 'sandbox-admin';

export class UserTypes {
  private types: UserType[] = [];
  private byId = new Map<string, UserType>();
  private customProperties = new Map<string, Record<string, SchemaProperty>>();

  constructor(private readonly org: Org) {
    const at = new Date(0).toISOString();
    this.add({
      id: DEFAULT_USER_TYPE_ID,
      name: 'user',
      displayName: 'User',
      description: 'Okta user profile template with default permission settings',
      default: true,
      created: at,
      lastUpdated: at,
      createdBy: ADMIN,
      lastUpdatedBy: ADMIN,
      schemaId: DEFAULT_SCHEMA_ID,
    });
  }

  private add(type: UserType): void {
    this.types.push(type);
    this.byId.set(type.id, type);
    this.customProperties.set(type.schemaId, {});
  }

  list(): readonly UserType[] {
    return this.types;
  }

  get(id: string): UserType {
    const type = this.byId.get(id);
    if (!type) throw new ApiError('E0000007', `Resource not found: ${id} (UserType)`);
    return type;
  }

  /** The type a user is created with or moved to: an unknown id is a validation error, as for any field. */
  forUser(id: string): UserType {
    const type = this.byId.get(id);
    if (!type) throw validationFailed(`type.id: The user type ${id} does not exist`);
    return type;
  }

  create(input: Record<string, unknown>): UserType {
    const { name, displayName, description } = this.check(input);
    if (this.types.some((t) => t.name.toLowerCase() === name.toLowerCase())) {
      throw validationFailed('name: An object with this field already exists in the current organization');
    }
    const at = this.org.iso();
    const type: UserType = {
      id: this.org.ids.next('oty'),
      name,
      displayName,
      description,
      default: false,
      created: at,
      lastUpdated: at,
      createdBy: ADMIN,
      lastUpdatedBy: ADMIN,
      schemaId: this.org.ids.next('osc'),
    };
    this.add(type);
    return type;
  }

  /**
   * POST updates displayName and description; PUT replaces them, and must repeat the name, which never changes
   * (spec updateUserType, replaceUserType).
   */
  update(id: string, input: Record<string, unknown>, replace: boolean): UserType {
    const type = this.get(id);
    if (replace) {
      const { name, displayName, description } = this.check(input);
      if (name !== type.name) throw validationFailed('name: The name of a user type cannot be changed');
      type.displayName = displayName;
      type.description = description;
    } else {
      if (input.name !== undefined && input.name !== type.name) {
        throw validationFailed('name: The name of a user type cannot be changed');
      }
      if (input.displayName !== undefined) {
        if (typeof input.displayName !== 'string' || input.displayName.trim() === '') {
          throw validationFailed('displayName: The field cannot be left blank');
        }
        type.displayName = input.displayName;
      }
      if (input.description !== undefined) type.description = (input.description as string | null) ?? null;
    }
    type.lastUpdated = this.org.iso();
    type.lastUpdatedBy = ADMIN;
    return type;
  }

  /** 403 E0000142 for the default type and for a type some user still has (docs/okta.md §7.5). */
  delete(id: string): void {
    const type = this.get(id);
    if (type.default || this.org.users.list().some((user) => user.type.id === type.id)) {
      throw new ApiError('E0000142');
    }
    this.types.splice(this.types.indexOf(type), 1);
    this.byId.delete(type.id);
    this.customProperties.delete(type.schemaId);
  }

  private check(input: Record<string, unknown>) {
    const { name, displayName, description } = input;
    const causes: string[] = [];
    if (typeof name !== 'string' || name.trim() === '') causes.push('name: The field cannot be left blank');
    else if (!API_NAME.test(name)) causes.push('name: Use letters, digits and underscores, starting with a letter');
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      causes.push('displayName: The field cannot be left blank');
    }
    if (causes.length) throw validationFailed(...causes);
    return {
      name: name as string,
      displayName: displayName as string,
      description: typeof description === 'string' ? description : null,
    };
  }

  /** The type whose schema this is; `default` names the default type's schema. */
  private bySchema(schemaId: string): UserType {
    const id = schemaId === 'default' ? DEFAULT_SCHEMA_ID : schemaId;
    const type = this.types.find((t) => t.schemaId === id);
    if (!type) throw new ApiError('E0000007', `Resource not found: ${schemaId} (UserSchema)`);
    return type;
  }

  schema(schemaId: string, origin: string) {
    const type = this.bySchema(schemaId);
    const custom = this.customProperties.get(type.schemaId) ?? {};
    const permissions = [{ principal: 'SELF', action: 'READ_WRITE' }];
    return {
      id: `${origin}/meta/schemas/user/${type.schemaId}`,
      $schema: 'http://json-schema.org/draft-04/schema#',
      name: type.name,
      title: type.displayName,
      created: type.created,
      lastUpdated: type.lastUpdated,
      definitions: {
        base: {
          id: '#base',
          type: 'object',
          properties: Object.fromEntries(
            Object.entries(BASE_PROPERTIES).map(([key, property]) => [key, { ...property, permissions }]),
          ),
          required: ['login', 'firstName', 'lastName', 'email'],
        },
        custom: {
          id: '#custom',
          type: 'object',
          properties: structuredClone(custom),
          required: Object.entries(custom)
            .filter(([, property]) => property.required === true)
            .map(([key]) => key),
        },
      },
      type: 'object',
      properties: { profile: { allOf: [{ $ref: '#/definitions/custom' }, { $ref: '#/definitions/base' }] } },
      _links: { self: { href: `${origin}/api/v1/meta/schemas/user/${type.schemaId}` } },
    };
  }

  /**
   * POST /meta/schemas/user/{schemaId}: a partial update of the custom attributes; an attribute set to null is
   * removed (spec updateUserProfile). Base attributes keep their definition here.
   */
  updateSchema(schemaId: string, body: Record<string, unknown>): void {
    const type = this.bySchema(schemaId);
    const definitions = body.definitions as { custom?: { properties?: Record<string, unknown> } } | undefined;
    const changes = definitions?.custom?.properties ?? {};
    // Applied to a copy: a refused change leaves the schema as it was.
    const custom = { ...this.customProperties.get(type.schemaId) };
    const causes: string[] = [];
    for (const [name, property] of Object.entries(changes)) {
      if (property === null) {
        delete custom[name];
        continue;
      }
      if (!API_NAME.test(name) || name in BASE_PROPERTIES) causes.push(`${name}: Invalid attribute name`);
      else if (typeof property !== 'object' || Array.isArray(property)) causes.push(`${name}: Invalid attribute`);
      else if (typeof (property as SchemaProperty).title !== 'string') causes.push(`${name}.title: Required`);
      else custom[name] = { ...(custom[name] ?? {}), ...(property as SchemaProperty) };
    }
    if (causes.length) throw validationFailed(...causes);
    this.customProperties.set(type.schemaId, custom);
    type.lastUpdated = this.org.iso();
  }
}
