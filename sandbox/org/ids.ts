/** @module Okta-shaped ids for the sandbox org's records. */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta-shaped ids (`00u` + 17 characters) that sort in creation order, so id cursors survive deletions. */
export class IdFactory {
  private counter = 0;
  constructor(private readonly random: () => number) {}
  next(prefix: string): string {
    this.counter += 1;
    let n = this.counter;
    let head = '';
    for (let i = 0; i < 7; i += 1) {
      head = ALPHABET[n % 62] + head;
      n = Math.floor(n / 62);
    }
    let tail = '';
    for (let i = 0; i < 10; i += 1) tail += ALPHABET[Math.floor(this.random() * 62)];
    return `${prefix}${head}${tail}`;
  }
}
