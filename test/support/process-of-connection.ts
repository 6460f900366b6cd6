// Which process holds the client end of a loopback TCP connection, read from Linux's /proc: a
// stand-in sees a request's client port, and this names the CareDesk instance that sent it (so a
// test can kill exactly the instance that is mid-copy or mid-send).
import { readdir, readFile, readlink } from "node:fs/promises";

/** The socket inodes of connections from `clientPort` to `serverPort` (both on this machine). */
async function socketInodes(clientPort: number, serverPort: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …; addresses are HEX_IP:HEX_PORT.
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1]!.split(":").at(-1)!, 16);
      const remotePort = parseInt(fields[2]!.split(":").at(-1)!, 16);
      if (localPort === clientPort && remotePort === serverPort && fields[9] !== "0") inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** The one of `pids` whose connection from `clientPort` reaches `serverPort`, or undefined (closed meanwhile, or none of them). */
export async function processOfConnection(clientPort: number, serverPort: number, pids: number[]): Promise<number | undefined> {
  const inodes = await socketInodes(clientPort, serverPort);
  if (inodes.size === 0) return undefined;
  for (const pid of pids) {
    const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const descriptor of descriptors) {
      const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  return undefined;
}
