/**
 * @module One Activepieces action per manifest action, named by its key, with a prop per input field of the same
 * name; run through our runtime, failures thrown with our message, code and kind.
 */
import { createAction } from '@activepieces/pieces-framework';
import { catalogue, unitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import { oktaAuth, withRuntime } from './glue.ts';
import { propsOf } from './props.ts';

export function actionsOf() {
  return catalogue().actions.map((action) => {
    const fields = unitFields(action);
    return createAction({
      name: action.key,
      auth: oktaAuth,
      displayName: action.label,
      description: action.description,
      props: propsOf(action.key, fields),
      async run(context) {
        return withRuntime(context.auth, (runtime, connection) => {
          const input = inputFromFields(fields, context.propsValue as Record<string, unknown>);
          return runtime.runAction(action.key, { connection, input });
        });
      },
    });
  });
}
