/**
 * @module A domain's records by id, in creation order (ids sort in creation order, `IdFactory`), so the shared
 * id-cursor pager (`pageAfterId`) pages them; a missing id is Okta's 404 E0000007 naming the resource type.
 */
import { ApiError } from '../responses.ts';

export class Records<T extends { id: string }> {
  private items: T[] = [];
  private byId = new Map<string, T>();

  /** `what` is the resource type Okta names in its 404 summary (`Device`, `Policy`…). */
  constructor(private readonly what: string) {}

  list(): readonly T[] {
    return this.items;
  }

  find(id: string): T | undefined {
    return this.byId.get(id);
  }

  get(id: string): T {
    const record = this.byId.get(id);
    if (!record) throw new ApiError('E0000007', `Resource not found: ${id} (${this.what})`);
    return record;
  }

  add(record: T): T {
    this.items.push(record);
    this.byId.set(record.id, record);
    return record;
  }

  remove(id: string): T {
    const record = this.get(id);
    this.items.splice(this.items.indexOf(record), 1);
    this.byId.delete(id);
    return record;
  }
}
