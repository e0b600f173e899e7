/**
 * @module The form of callOktaOperation follows the operation picked: once `operationId` holds one, its input schema
 * (`GET /api/operations/{operationId}`: its parameters with their pickers, its body) replaces the action's generic one.
 */
import { useEffect, useState } from 'react';
import { request } from './api.ts';
import type { Schema } from './types.ts';

/** The action whose form is per operation. */
export const OPERATION_ACTION = 'callOktaOperation';

interface OperationForm {
  operationId: string;
  schema: Schema;
  hints: { readOnly: boolean; destructive: boolean; idempotent: boolean };
}

/** The form of the operation picked, or undefined while none is (or it is being fetched, or is no operation). */
export function useOperationForm(unitKey: string | undefined, operationId: unknown): OperationForm | undefined {
  const [form, setForm] = useState<OperationForm | undefined>();
  const wanted = unitKey === OPERATION_ACTION && typeof operationId === 'string' && operationId ? operationId : '';
  useEffect(() => {
    if (!wanted) return setForm(undefined);
    let current = true;
    request<{ inputSchema: Schema & { 'x-hints': OperationForm['hints'] } }>(
      'GET',
      `/api/operations/${encodeURIComponent(wanted)}`,
    ).then(
      ({ inputSchema }) => {
        if (current) setForm({ operationId: wanted, schema: inputSchema, hints: inputSchema['x-hints'] });
      },
      // An id typed by hand that names no operation: the generic form stays, and running says why.
      () => current && setForm(undefined),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return form?.operationId === wanted ? form : undefined;
}
