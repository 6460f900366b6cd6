#!/usr/bin/env node
// Prisma's CLI runs this file as its schema engine (PRISMA_SCHEMA_ENGINE_BINARY, set in
// prisma.config.ts) because the native engine cannot be downloaded here: see serve-engine.ts.
import { register } from "tsx/esm/api";

register();
await import("./serve-engine.ts");
