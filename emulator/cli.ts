#!/usr/bin/env node
/**
 * `quay-emulator`: runs the Quay API emulator until interrupted. Prints one JSON line
 * `{"url": ..., "token": ...}` on standard output once it is ready.
 */
import { parseArgs } from "node:util";
import { type QuayVersion, quayVersions, startEmulator } from "./index";

const usage = `usage: quay-emulator [--port N] [--quay-version ${quayVersions.join("|")}] [--superusers-full-access]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      "quay-version": { type: "string" },
      "superusers-full-access": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535\n${usage}`);
  const emulator = await startEmulator({
    port,
    version: values["quay-version"] as QuayVersion | undefined,
    features: { superusersFullAccess: values["superusers-full-access"] },
  });
  console.log(JSON.stringify({ url: emulator.url, token: emulator.token }));
  const stop = () => {
    emulator.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`quay-emulator: ${(error as Error).message}`);
  process.exit(2);
});
