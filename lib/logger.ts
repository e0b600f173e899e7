/**
 * @module The logger the runtime, the client and every unit write to: three levels, a message and data. Its own
 * module so that the contract (lib/define.ts), the client and the redaction (lib/redact.ts) need not import each other.
 */

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Writes nothing: for a caller given no logger. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };
