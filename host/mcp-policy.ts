/**
 * @module Which actions the MCP server offers (host/mcp.ts), apart from the protocol so that the CLI checks its flags
 * without loading the SDK. Read-only actions always; writing and destructive ones only with their flag.
 */
import { manifest, registry } from '../connector.ts';
import type { Hints } from '../lib/define.ts';
import type { Manifest } from '../lib/manifest.ts';

export type ManifestAction = Manifest['actions'][number];

/** Which actions the server offers. Read-only ones always; the others only when their flag is set. */
export interface McpToolPolicy {
  /** Adds the actions that write without destroying (`createUser`, `suspendUser`, …): `--allow-writes`. */
  allowWrites?: boolean;
  /** Adds the destructive ones (`deleteUser`, `removeUserFromGroup`, `rawRequest`, …): `--allow-destructive`. */
  allowDestructive?: boolean;
  /** Only these action keys (`--tools a,b,c`); each must be allowed by the flags above. */
  tools?: readonly string[];
}

/** A policy that cannot be served: an unknown key, or a key its flag does not allow. */
export class McpPolicyError extends Error {}

export type Access = 'read' | 'write' | 'destructive';

/** The flag each kind of action needs. */
export const FLAGS: Record<Access, string | undefined> = {
  read: undefined,
  write: '--allow-writes',
  destructive: '--allow-destructive',
};

/** Destructive first: an action that both writes and destroys needs the stronger flag. */
export function accessOf(action: { hints: Hints }): Access {
  if (action.hints.destructive) return 'destructive';
  return action.hints.readOnly ? 'read' : 'write';
}

/**
 * The flag one call needs beyond the tool's own, or undefined when the policy allows it: for an action whose hints
 * depend on its input (callOktaOperation: a destructive operation needs `--allow-destructive` though the tool is
 * listed with `--allow-writes`). Checked before the runtime, so nothing reaches Okta.
 */
export async function callNeeds(policy: McpToolPolicy, key: string, input: unknown): Promise<string | undefined> {
  const action = registry.actions.find((candidate) => candidate.key === key);
  if (!action?.hintsOf) return undefined;
  await action.prepare?.();
  const hints = action.hintsOf(input);
  if (!hints) return undefined; // names nothing: the action refuses it with the reason
  const access = accessOf({ hints });
  return allows(policy, access) ? undefined : FLAGS[access];
}

function allows(policy: McpToolPolicy, access: Access): boolean {
  if (access === 'destructive') return policy.allowDestructive === true;
  if (access === 'write') return policy.allowWrites === true;
  return true;
}

/** The actions a policy lists, in the manifest's order; a key of the allow-list that cannot be listed is an error. */
export function listedActions(policy: McpToolPolicy = {}, actions = manifest().actions): ManifestAction[] {
  const allowed = actions.filter((action) => allows(policy, accessOf(action)));
  if (!policy.tools) return allowed;
  const known = new Map(actions.map((action) => [action.key, action]));
  for (const key of policy.tools) {
    const action = known.get(key);
    if (!action) throw new McpPolicyError(`--tools names "${key}", which is no action of the connector.`);
    const access = accessOf(action);
    if (!allows(policy, access)) {
      throw new McpPolicyError(`--tools names "${key}", a ${access} action: add ${FLAGS[access]} to offer it.`);
    }
  }
  const wanted = new Set(policy.tools);
  return allowed.filter((action) => wanted.has(action.key));
}
