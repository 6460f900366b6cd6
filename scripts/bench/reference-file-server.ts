// The archive benchmark's baseline for serving: the least a Node.js server can do to send a file
// it holds, in a process of its own like CareDesk's server. GET /<name> answers the plaintext file
// of that name in the directory in argv[2], fs.createReadStream piped into the response (no
// framework, no session, no decryption), so CareDesk's archive serving is measured against it.
// Prints its port on stdout; loopback only; ends with its parent.
import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const directory = process.argv[2];
if (!directory) throw new Error("usage: reference-file-server.ts <directory>");

const server = http.createServer((request, response) => {
  const name = /^\/([a-z0-9-]+\.bin)$/.exec(request.url ?? "")?.[1];
  if (request.method !== "GET" || !name) return void response.writeHead(404).end();
  const file = path.join(directory, name);
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(statSync(file).size) });
  createReadStream(file).on("error", () => response.destroy()).pipe(response);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
