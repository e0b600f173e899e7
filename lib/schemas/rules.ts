/**
 * @module Cross-field rules on action inputs.
 *
 * zod skips an object's refinements once one of its fields fails, so a bad input would be reported in rounds.
 * Rules built here always run, and so must read the raw values defensively: one run names every bad field.
 */
import type { z } from 'zod';

export interface Rule<T> {
  /** True when the input is acceptable. Values may be of the wrong type when other fields failed. */
  ok: (input: Partial<Record<keyof T, unknown>>) => boolean;
  path: (keyof T & string)[];
  message: string;
}

export function withRules<S extends z.ZodObject>(schema: S, rules: Rule<z.input<S>>[]): S {
  return rules.reduce(
    (checked, rule) =>
      checked.refine((input) => rule.ok((input ?? {}) as Partial<Record<keyof z.input<S>, unknown>>), {
        path: rule.path,
        message: rule.message,
        when: () => true,
      }) as S,
    schema,
  );
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
