/**
 * A sandbox in a process of its own, so that a measure counts only the client's work in the bench process:
 * `node --import tsx scripts/bench/sandbox-child.ts '<SandboxOptions JSON>'` prints `{ url, apiToken, connection }`
 * and then keeps serving until its stdin closes.
 */
import { type SandboxOptions, startSandbox } from '../../sandbox/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
console.log(JSON.stringify({ url: sandbox.url, apiToken: sandbox.apiToken, connection: sandbox.connection }));
process.stdin.resume();
process.stdin.on('end', () => {
  void sandbox.close().then(() => process.exit(0));
});
