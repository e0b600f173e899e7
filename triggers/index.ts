/** The registry of triggers: the one place that lists them. */
import type { TriggerDefinition } from '../lib/define.ts';

export const triggers: TriggerDefinition[] = [];
