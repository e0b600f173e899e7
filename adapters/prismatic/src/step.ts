/**
 * @module What every action, trigger and data source of the component does around its work: the runtime connection
 * from the step's `connection` input, the process's one runtime, and our error as the failed step Prismatic shows.
 */
import type { ConnectionInput, Runtime } from '../../../lib/runtime.ts';
import { type BuilderError, BuilderStepError, builderError, oktaSuffix } from '../../shared/errors.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import { connectionOf, connectionSecrets } from './connections.ts';
import { CONNECTION_INPUT } from './inputs.ts';

/**
 * A failed step: Prismatic shows the message, which carries our code, kind, Okta's error code and what to do; the
 * same are properties for a flow's error handling. No stack of ours beyond this glue, no secret.
 */
export class OktaStepError extends BuilderStepError {
  constructor(error: BuilderError) {
    super(error, `${error.message} [${error.code}, ${error.kind}${oktaSuffix(error)}] ${error.whatToDo}`);
    this.name = 'OktaStepError';
  }
}

/** Runs `work` with the step's connection and the runtime; any failure becomes an `OktaStepError`. */
export async function step<T>(
  params: Record<string, unknown>,
  work: (connection: ConnectionInput, runtime: Runtime) => Promise<T>,
): Promise<T> {
  try {
    const connection = connectionOf(params[CONNECTION_INPUT]);
    return await work(connection, await sharedRuntime());
  } catch (error) {
    if (error instanceof OktaStepError) throw error;
    throw new OktaStepError(builderError(error, connectionSecrets(params[CONNECTION_INPUT])));
  }
}
