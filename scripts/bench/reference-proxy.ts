// The media benchmark's second baseline: the least a Node.js proxy can do, in a process of its
// own like CareDesk's server. It forwards GET <path> to the origin in argv[2] with the request's
// Authorization header and pipes the answer back (no framework, no checks, no copies of its own),
// so its ratio to the direct fetch is a ceiling for CareDesk's proxy, which does all this and more.
// Prints its port on stdout; loopback only; ends with its parent.
import http from "node:http";
import type { AddressInfo } from "node:net";

const origin = process.argv[2];
if (!origin?.startsWith("http://127.0.0.1:")) throw new Error("usage: reference-proxy.ts http://127.0.0.1:<port>");
const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((request, response) => {
  const headers = request.headers.authorization ? { authorization: request.headers.authorization } : {};
  http
    .get(`${origin}${request.url}`, { agent, headers }, (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, {
        "content-type": upstream.headers["content-type"] ?? "application/octet-stream",
        ...(upstream.headers["content-length"] ? { "content-length": upstream.headers["content-length"] } : {}),
      });
      upstream.pipe(response);
    })
    .on("error", () => response.destroy());
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
