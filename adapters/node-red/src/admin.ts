/**
 * @module The editor's admin routes, behind Node-RED's own admin permissions:
 * - `GET /okta-connector/catalogue`: actions by area, triggers, connection types, with their fields (`.read`);
 * - `GET /okta-connector/:connection/options/:dataSource?search=&cursor=&input=`: a picker's options through our
 *   `listOptions` with the deployed connection node's credentials (`.write`: only those who may edit flows make
 *   the server call Okta). `input` is JSON with the values of the fields a dependent picker reads.
 * Errors answer with our code and message, never a stack or a secret.
 */
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { catalogue } from '../../shared/catalogue.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import { connectionOfNode, editorCatalogue, nodeRedError, type Red } from './red.ts';

const STATUS_OF_CODE: Record<string, number> = { UNKNOWN_KEY: 404 };
const STATUS_OF_KIND: Record<string, number> = { validation: 400, connection: 400, okta: 502, transient: 503 };
const MAX_QUERY = 2048;

let registered: Red['httpAdmin'] | undefined;

export function registerAdminRoutes(RED: Red): void {
  // One set of routes per admin app (Node-RED loads a node module once; the test helper makes a new app per load).
  if (registered === RED.httpAdmin) return;
  registered = RED.httpAdmin;
  RED.httpAdmin.get('/okta-connector/catalogue', RED.auth.needsPermission('okta-connection.read'), (_req, res) => {
    res.json(editorCatalogue());
  });
  RED.httpAdmin.get(
    '/okta-connector/:connection/options/:dataSource',
    RED.auth.needsPermission('okta-connection.write'),
    (req, res) => {
      void (async () => {
        try {
          // An unknown picker is told apart from a missing connection (the structure test relies on it).
          if (!catalogue().dataSources.some((source) => source.key === req.params.dataSource)) {
            throw new NotFoundError(`There is no data source "${req.params.dataSource}" in this package.`);
          }
          const search = queryText(req.query.search, 'search');
          const cursor = queryText(req.query.cursor, 'cursor');
          const input = inputOf(queryText(req.query.input, 'input'));
          const connection = connectionOfNode(RED, req.params.connection);
          const runtime = await sharedRuntime();
          const page = await runtime.listOptions(req.params.dataSource, {
            connection,
            input,
            ...(search ? { search } : {}),
            ...(cursor ? { cursor } : {}),
          });
          res.json(page);
        } catch (error) {
          const shown = nodeRedError(error) as Error & { code: string; cause: { kind: string } };
          res
            .status(STATUS_OF_CODE[shown.code] ?? STATUS_OF_KIND[shown.cause.kind] ?? 500)
            .json({ error: shown.message, code: shown.code });
        }
      })();
    },
  );
}

function queryText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_QUERY) {
    throw new ValidationError(`The query parameter "${name}" must be one string of at most ${MAX_QUERY} characters.`, [
      { path: name, message: 'not one short string' },
    ]);
  }
  return value;
}

function inputOf(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const input = JSON.parse(text);
    if (input && typeof input === 'object' && !Array.isArray(input)) return input;
  } catch {
    // reported below
  }
  throw new ValidationError('The query parameter "input" must be a JSON object.', [
    { path: 'input', message: 'not a JSON object' },
  ]);
}
