/**
 * The entry of the `pulumi-resource-quay` plugin: the engine starts it with its own address as the first
 * argument, reads the port from the first line of standard output, and stops it when the run ends.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { setLogSink } from "../operations/context";
import { closeConnections } from "../quay/client";
import { serveProvider } from "./server";

const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto = require("@pulumi/pulumi/proto/engine_pb");

/** The package root: this file is `dist/provider/native/main.js`. */
const root = join(__dirname, "../../..");

/** Sends the provider's diagnostics through the engine, which shows them with the run's output. */
function logThroughEngine(address: string): void {
  const engine = new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
  setLogSink((message) => {
    const request = new engineProto.LogRequest();
    request.setSeverity(engineProto.LogSeverity.INFO);
    request.setMessage(message);
    engine.log(request, () => undefined);
  });
}

async function main(): Promise<void> {
  const engine = process.argv.slice(2).find((argument) => !argument.startsWith("-"));
  if (engine) logThroughEngine(engine);
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
  const schema = readFileSync(join(root, "schema.json"), "utf8");
  const { port, server } = await serveProvider({ version, schema });
  process.stdout.write(`${port}\n`);
  const stop = () => {
    server.tryShutdown(() => {
      void closeConnections().finally(() => process.exit(0));
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
