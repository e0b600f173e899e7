/**
 * @module Linked objects (docs/okta.md §7.5): relationship definitions (`/api/v1/meta/schemas/user/linkedObjects`) and
 * their values between users (`/api/v1/users/{id}/linkedObjects/…`).
 *
 * A definition pairs a primary name (e.g. `manager`) with an associated one (`subordinate`); both names are unique
 * across the org's definitions (409 E0000127 otherwise), and an org holds at most 200. A user has at most one primary
 * per relationship, and any number of associated users. Deleting a definition or a user removes its values.
 */
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import type { UserHolder } from './types.ts';

export interface LinkedObjectSide {
  name: string;
  title: string;
  description: string | null;
  type: 'USER';
}

export interface LinkedObjectDefinition {
  primary: LinkedObjectSide;
  associated: LinkedObjectSide;
}

const MAX_DEFINITIONS = 200;
/** Okta's API names: a letter, then letters, digits or underscores. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export class LinkedObjects implements UserHolder {
  private definitions: LinkedObjectDefinition[] = [];
  /** primary name → associated user id → primary user id. */
  private values = new Map<string, Map<string, string>>();

  constructor(private readonly org: Org) {}

  list(): readonly LinkedObjectDefinition[] {
    return this.definitions;
  }

  /** By its primary or its associated name (spec getLinkedObjectDefinition). */
  get(name: string): LinkedObjectDefinition {
    const definition = this.find(name);
    if (!definition) throw new ApiError('E0000007', `Resource not found: ${name} (LinkedObject)`);
    return definition;
  }

  private find(name: string): LinkedObjectDefinition | undefined {
    const lower = name.toLowerCase();
    return this.definitions.find(
      (d) => d.primary.name.toLowerCase() === lower || d.associated.name.toLowerCase() === lower,
    );
  }

  create(body: Record<string, unknown>): LinkedObjectDefinition {
    const primary = this.side('primary', body.primary);
    const associated = this.side('associated', body.associated);
    if (primary.name.toLowerCase() === associated.name.toLowerCase()) {
      throw new ApiError('E0000127', 'The primary and associated names must differ.');
    }
    for (const side of [primary, associated]) {
      if (this.find(side.name)) throw new ApiError('E0000127', `The name ${side.name} is already in use.`);
    }
    if (this.definitions.length >= MAX_DEFINITIONS) {
      throw validationFailed(`An org can have at most ${MAX_DEFINITIONS} linked object definitions`);
    }
    const definition = { primary, associated };
    this.definitions.push(definition);
    this.values.set(primary.name, new Map());
    this.org.log({
      eventType: EventType.linkedObjectCreate,
      displayMessage: 'Create linked object',
      targets: [{ id: primary.name, type: 'LinkedObject', alternateId: primary.name, displayName: primary.title }],
    });
    return definition;
  }

  private side(which: 'primary' | 'associated', value: unknown): LinkedObjectSide {
    const side = (value ?? {}) as Record<string, unknown>;
    const causes: string[] = [];
    if (typeof side.name !== 'string' || side.name === '') causes.push(`${which}.name: The field cannot be left blank`);
    else if (!API_NAME.test(side.name)) {
      causes.push(`${which}.name: Use letters, digits and underscores, starting with a letter`);
    }
    if (typeof side.title !== 'string' || side.title === '') {
      causes.push(`${which}.title: The field cannot be left blank`);
    }
    if (side.type !== undefined && side.type !== 'USER') causes.push(`${which}.type: Only USER is supported`);
    if (causes.length) throw validationFailed(...causes);
    return {
      name: side.name as string,
      title: side.title as string,
      description: typeof side.description === 'string' ? side.description : null,
      type: 'USER',
    };
  }

  /** By either name: the definition and every value of it go (204). */
  delete(name: string): void {
    const definition = this.get(name);
    this.definitions.splice(this.definitions.indexOf(definition), 1);
    this.values.delete(definition.primary.name);
    this.org.log({
      eventType: EventType.linkedObjectDelete,
      displayMessage: 'Delete linked object',
      targets: [
        {
          id: definition.primary.name,
          type: 'LinkedObject',
          alternateId: definition.primary.name,
          displayName: definition.primary.title,
        },
      ],
    });
  }

  /** The relationship a primary name names; an associated name here is a validation error (spec). */
  private primaryDefinition(primaryName: string): LinkedObjectDefinition {
    const definition = this.get(primaryName);
    if (definition.primary.name.toLowerCase() !== primaryName.toLowerCase()) {
      throw validationFailed(`${primaryName} is an associated name; use the primary name ${definition.primary.name}`);
    }
    return definition;
  }

  /** PUT /users/{associated}/linkedObjects/{primaryName}/{primaryUserId}: sets (or replaces) the user's primary. */
  set(associatedIdOrLogin: string, primaryName: string, primaryIdOrLogin: string): void {
    const definition = this.primaryDefinition(primaryName);
    const associated = this.org.users.get(associatedIdOrLogin);
    const primary = this.org.users.get(primaryIdOrLogin);
    if (associated.id === primary.id) throw validationFailed('A user cannot be linked to themselves');
    (this.values.get(definition.primary.name) as Map<string, string>).set(associated.id, primary.id);
  }

  /**
   * GET /users/{id}/linkedObjects/{name}: with a primary name, the user's primary (at most one); with an associated
   * name, the users whose primary the user is.
   */
  usersLinkedTo(idOrLogin: string, name: string): string[] {
    const definition = this.get(name);
    const user = this.org.users.get(idOrLogin);
    const links = this.values.get(definition.primary.name) as Map<string, string>;
    if (definition.primary.name.toLowerCase() === name.toLowerCase()) {
      const primary = links.get(user.id);
      return primary ? [primary] : [];
    }
    return [...links].filter(([, primary]) => primary === user.id).map(([associated]) => associated);
  }

  /** DELETE /users/{id}/linkedObjects/{primaryName}: the user's primary in that relationship is removed (204). */
  remove(idOrLogin: string, primaryName: string): void {
    const definition = this.primaryDefinition(primaryName);
    const user = this.org.users.get(idOrLogin);
    (this.values.get(definition.primary.name) as Map<string, string>).delete(user.id);
  }

  userDeleted(userId: string): void {
    for (const links of this.values.values()) {
      links.delete(userId);
      for (const [associated, primary] of links) if (primary === userId) links.delete(associated);
    }
  }
}
