/**
 * @module One Prismatic action per manifest action, keyed by the action's key: an input per top-level field of the
 * same name plus `connection`, run by our runtime; the step's result is the action's output as `{ data }`.
 */
import { type ActionDefinition, action } from '@prismatic-io/spectral';
import { catalogue, type ManifestAction, unitFields } from '../../shared/catalogue.ts';
import { inputFromParams, inputsOf } from './inputs.ts';
import { step } from './step.ts';

function actionOf(unit: ManifestAction): ActionDefinition {
  const fields = unitFields(unit);
  return action({
    display: { label: unit.label, description: unit.description },
    inputs: inputsOf(fields),
    perform: (_context, params) =>
      step(params, async (connection, runtime) => {
        const input = inputFromParams(fields, params);
        return { data: await runtime.runAction(unit.key, { connection, input }) };
      }),
  });
}

export function actions(): Record<string, ActionDefinition> {
  return Object.fromEntries(catalogue().actions.map((unit) => [unit.key, actionOf(unit)]));
}
