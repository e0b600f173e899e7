/** @module A zod error as the connector says it: the bad fields as `FieldIssue`s, and all of them in one line. */
import type { z } from 'zod';
import { clause, type FieldIssue } from './errors.ts';

export function toIssues(error: z.ZodError): FieldIssue[] {
  // A strict object's own unknown keys are named by unknownFieldIssues already, with the closest known field.
  const issues = error.issues.filter((issue) => !(issue.code === 'unrecognized_keys' && issue.path.length === 0));
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${clause(issue.message)}`).join('; ');
}
