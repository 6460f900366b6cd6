// A stand-in for Prisma's native schema engine binary, which Prisma's CLI downloads and which
// cannot be downloaded here. prisma.config.ts names this file in PRISMA_SCHEMA_ENGINE_BINARY, so
// the stock `prisma migrate dev / deploy / diff / status / resolve / reset` and `db push` run
// Prisma's own engine, compiled to WebAssembly, through the driver adapters the app uses.
// The native engine's protocol: `--version`; `cli <command>` one-shot commands; otherwise
// line-delimited JSON-RPC 2.0 on stdin/stdout with `--datamodels` and `--datasource` arguments.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { adapterFactoryFor, type Datasource } from "./adapter-factory";
import { loadWasmEngine } from "./load-wasm-engine";
import { answerRequest, type RpcRequest } from "./answer-request";
import { runCliCommand } from "./run-cli-command";

const argv = process.argv.slice(2);
const optionValues = (name: string) => argv.flatMap((arg, index) => (arg === name && argv[index + 1] ? [argv[index + 1]!] : []));

const wasm = await loadWasmEngine();
if (argv.includes("--version")) {
  process.stdout.write(`schema-engine-cli ${wasm.version()}\n`);
  process.exit(0);
}

const datasource: Datasource = JSON.parse(optionValues("--datasource")[0] ?? "{}");
const cliIndex = argv.indexOf("cli");
if (cliIndex >= 0) process.exit(await runCliCommand(argv[cliIndex + 1] ?? "", datasource));

const datamodels = await Promise.all(
  optionValues("--datamodels").map(async (file): Promise<[string, string]> => [file, await readFile(file, "utf8")]),
);
// The engine's logs go to stderr as JSON lines, where the CLI collects them for its messages.
const log = (message: string) => process.stderr.write(`${JSON.stringify({ level: "INFO", fields: { message } })}\n`);
const engine = await wasm.SchemaEngine.new(
  { datamodels: datamodels.length ? datamodels : undefined },
  log,
  adapterFactoryFor(datasource),
);

// The native engine prints a diff's script by asking the CLI to (a `print` request); the wasm
// engine returns it. The CLI's answers to those requests carry no method and need none.
let printRequestId = 0;
const print = (content: string) =>
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id: `print-${++printRequestId}`, method: "print", params: { content } })}\n`);

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const message = JSON.parse(line) as RpcRequest | { method?: undefined };
  if (!message.method) continue;
  process.stdout.write(`${JSON.stringify(await answerRequest(engine, datasource, message, print))}\n`);
}
