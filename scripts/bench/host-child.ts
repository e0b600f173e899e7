/**
 * The host in a process of its own, so that the bench process's load does not count against it:
 * `node --import tsx scripts/bench/host-child.ts '<connection JSON>'` prints `{ url }` and serves until its stdin
 * closes. With `floor` instead of a connection it serves a bare node:http endpoint that reads each body and answers
 * 200: what no webhook receiver can beat on this machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHost } from '../../host/server.ts';

const argument = process.argv[2] ?? 'floor';
let close: () => Promise<void>;
if (argument === 'floor') {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  const host = await startHost({ port: 0, defaultConnection: JSON.parse(argument) });
  console.log(JSON.stringify({ url: host.url }));
  close = () => host.close();
}
process.stdin.resume();
process.stdin.on('end', () => {
  void close().then(() => process.exit(0));
});
