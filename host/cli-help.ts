/** @module The CLI's help: the usage, and each command's page (`okta-connector help <command>`). */

export const USAGE = `Usage: okta-connector <command> [options]

Commands:
  manifest                                   print the connector's manifest
  run <action> [--input JSON|@file]          run an action
  options <dataSource> [--search S] [--cursor C] [--input JSON|@file]
                                             list a data source's options
  poll <trigger> [--state JSON|@file] [--input JSON|@file]
                                             poll a polling trigger once
  operations [search] [--cursor C]           list Okta's Management API operations (for callOktaOperation);
                                             an exact operationId prints its input schema
  test-connection                            diagnose the connection
  sandbox [--port P] [--users N] [--seed S]  keep a sandbox org running; prints a connection to it first
  serve [--port P] [--api-token T] [MCP flags]
                                             the host server and playground (default port 8787, or PORT); it
                                             answers only to its own address and PUBLIC_URL's host (there only
                                             /hooks/*; ALLOWED_HOSTS adds names) and to pages of its own origin
                                             (ALLOWED_ORIGINS adds some); with HOST_API_TOKEN its API needs it;
                                             its MCP endpoint, /mcp, takes the MCP flags below
  mcp [--allow-writes] [--allow-destructive] [--tools KEY,KEY]
                                             an MCP server on stdio for AI agents: one tool per action, read-only
                                             ones only unless --allow-writes / --allow-destructive add the others;
                                             --tools keeps only the actions named
  help [command]                             this text, or one command's (also: <command> --help)

Every command that talks to Okta takes --connection JSON|@file. Without it, OKTA_DOMAIN with OKTA_API_TOKEN (or
OKTA_CLIENT_ID, OKTA_PRIVATE_KEY, OKTA_KEY_ID, OKTA_SCOPES) name a real org; with neither, the command runs against
an in-process sandbox org. "@-" reads standard input. Output is JSON on stdout; errors are { "error": … } on stderr
with exit code 2 (validation), 3 (connection), 4 (Okta), 5 (transient: try again), 6 (internal: a bug in the
connector, report it) or 1 (a wrong command line).
`;

const CONNECTION_HELP = `  --connection JSON|@file  the connection, e.g. {"type":"apiToken","fields":{"domain":…,"apiToken":…}};
                           without it OKTA_* variables, else an in-process sandbox org`;

/** `okta-connector <command> --help`: what the command does, its options, an example. */
export const COMMAND_HELP: Record<string, string> = {
  manifest: `Usage: okta-connector manifest

Prints the connector's manifest (connector.manifest.json): every connection, action, trigger and data source with
its JSON Schemas. Needs no connection.

Example: okta-connector manifest > connector.manifest.json
`,
  run: `Usage: okta-connector run <action> [--input JSON|@file] [--connection JSON|@file] [--stream]

Runs one action and prints its output as JSON. Keys are in \`okta-connector manifest\`. A list with fetchAll shows a
progress line on a terminal (records, pages, rate-limit waits); none when stderr is piped.

  --input JSON|@file       the action's input; "@-" reads standard input
  --stream                 a list action (streamable in the manifest): every record as NDJSON, one per line, as
                           they arrive (listUsers: read in parallel, not in Okta's order); maxRecords caps it only
                           when given. An error ends it with the usual error on stderr and exit code.
${CONNECTION_HELP}

Example: okta-connector run listUsers --input '{"fetchAll":true,"maxRecords":5000}' > users.json
Example: okta-connector run listUsers --stream > users.ndjson
`,
  options: `Usage: okta-connector options <dataSource> [--search S] [--cursor C] [--input JSON|@file] [--connection JSON|@file]

Lists one page of a data source's options ({ value, label }) and the cursor of the next page.

  --search S               only options matching S
  --cursor C               the nextCursor of the previous page
  --input JSON|@file       the values of the fields the data source depends on
${CONNECTION_HELP}

Example: okta-connector options selectGroup --search Eng
`,
  poll: `Usage: okta-connector poll <trigger> [--state JSON|@file] [--input JSON|@file] [--connection JSON|@file]

Polls a polling trigger once and prints { records, state }. Give the printed state to the next poll to carry on;
without a state (and without "since" in the input) the first poll sets a baseline and emits nothing.

  --state JSON|@file       the state the previous poll printed
  --input JSON|@file       the trigger's input
${CONNECTION_HELP}

Example: okta-connector poll newUsers --state @state.json
`,
  operations: `Usage: okta-connector operations [search…] [--cursor C]

Lists the operations of Okta's Management API that \`run callOktaOperation\` calls, 50 at a time: each with its
operationId, tag, summary, method, path, hints and parameters. Every word of the search must appear in the id, tag,
summary or path. Given one exact operationId, prints that operation's input schema instead (parameters and body,
as GET /api/operations/{operationId} answers). Needs no connection.

  --cursor C               the nextCursor of the previous page

Example: okta-connector operations role assignment
Example: okta-connector operations listGroups
Example: okta-connector run callOktaOperation --input '{"operationId":"listGroups","parameters":{"q":"Eng"}}'
`,
  'test-connection': `Usage: okta-connector test-connection [--connection JSON|@file]

Diagnoses the connection: the org is reachable, the credential is accepted, which read scopes it can use.

${CONNECTION_HELP}
`,
  sandbox: `Usage: okta-connector sandbox [--port P] [--users N] [--seed S]

Keeps a sandbox Okta org running until Ctrl-C. Its first line on stdout is the JSON of a connection that reaches
it, for --connection; the second is its URL.

  --port P                 the port (a free one by default)
  --users N                how many users to seed
  --seed S                 the seed of the generated data (same seed, same org)

Example: okta-connector sandbox | head -1 > connection.json
`,
  serve: `Usage: okta-connector serve [--port P] [--hostname H] [--api-token T]

Runs the host (HTTP API, webhook receiver and the playground page at /) on http://127.0.0.1:P (8787, or PORT).
With OKTA_DOMAIN and OKTA_API_TOKEN (or the OAuth variables) it serves that org; else a seeded sandbox org.
It answers only to its own address and PUBLIC_URL's host (ALLOWED_HOSTS adds names) and to pages of its own
origin (ALLOWED_ORIGINS adds some). PUBLIC_URL is where Okta reaches it for webhook triggers.
With REDIS_URL, several hosts on one org share its rate budget, webhook dedupe, subscriptions and OAuth token
through that Redis (keep it private: it holds secrets); GET /api/health tells whether it is reachable.
Limits (SECURITY.md): HOST_HEADERS_TIMEOUT_MS (10000), HOST_REQUEST_TIMEOUT_MS (30000),
HOST_KEEP_ALIVE_TIMEOUT_MS (5000), HOST_MAX_HEADER_BYTES (16384), HOST_MAX_CONNECTIONS (1024),
HOST_MAX_BODY_BYTES (1048576), HOST_MAX_EVENT_STREAMS (32), HOST_EVENT_STREAM_BUFFER_BYTES (1048576),
HOST_MAX_RECORD_BYTES (33554432), HOST_MAX_QUEUED_DELIVERIES (256), HOST_MAX_QUEUED_DELIVERY_BYTES (33554432),
HOST_DELIVERY_WAIT_MS (1000; under Okta's 3000).

  --port P                 the port (0 to 65535; 0 picks a free one)
  --hostname H             the address to listen on (127.0.0.1); any but loopback needs an API token
  --api-token T            the host API token (better: HOST_API_TOKEN, which other users cannot read in ps):
                           /api/*, /mcp and /oauth/disconnect then need Authorization: Bearer T. Under PUBLIC_URL's
                           host name only /hooks/* (and /oauth/callback) answer, token or not.
  --allow-writes, --allow-destructive, --tools KEY,KEY
                           which actions its MCP endpoint (/mcp) offers; as for the mcp command
`,
  mcp: `Usage: okta-connector mcp [--allow-writes] [--allow-destructive] [--tools KEY,KEY] [--connection JSON|@file]

An MCP server on stdio for AI agents: one tool per action, named by its key, with the manifest's schemas and its
hints as annotations. Only read-only tools unless flags add the others; destructive tools are never listed without
their flag. Inputs linked to a picklist get argument completions from the org. Without --connection it uses the
OKTA_* environment, else a sandbox that lives as long as the session.

  --allow-writes           add the actions that change the org but destroy nothing
  --allow-destructive      add the destructive actions (delete, deactivate, …)
  --tools KEY,KEY          offer only these actions (each still needs its flag)

Example: okta-connector mcp --allow-writes --tools getUser,listUsers,createUser
`,
};
