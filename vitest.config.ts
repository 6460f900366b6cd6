import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Tests run in Node, outside React's server environment that server-only checks for.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.tsx", "scripts/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/*.robustness.test.ts", "**/*.cluster.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "app/**/*.integration.test.ts", "scripts/**/*.integration.test.ts"],
          exclude: ["**/*.robustness.test.ts", "node_modules/**"],
          globalSetup: ["test/support/global-setup.ts"],
          // Most of a file's time is spent waiting on its servers (leases, retries, sign-in
          // pauses), not computing: three files at once finish in about half the time on 2 cores.
          maxWorkers: 3,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Load, outages, upstream faults and hostile input against servers of their own; one
          // file at a time, so the bursts of one do not skew the timeouts of another.
          name: "robustness",
          include: ["test/robustness/*.robustness.test.ts"],
          globalSetup: ["test/robustness/require-build.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Three `next start` behind nginx on one PostgreSQL database (scripts/cluster/): one
          // cluster per file, files one at a time. Generous limits: correctness, not speed.
          name: "cluster",
          include: ["test/cluster/*.cluster.test.ts"],
          globalSetup: ["test/cluster/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
