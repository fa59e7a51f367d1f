/**
 * Drives the real `@pulumi/pulumi` dynamic-provider gRPC server, as the engine does, with a
 * provider serialized exactly as `pulumi.dynamic.Resource` serializes it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

/** The text Pulumi stores as `__provider` for `provider`. */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

type Bag = Record<string, unknown>;

/** A running dynamic-provider server and a typed client for its CRUD calls. */
export interface DynamicProviderServer {
  configure(config: Record<string, string>): Promise<void>;
  check(urn: string, olds: Bag, news: Bag): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Bag,
    news: Bag,
  ): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, properties: Bag): Promise<{ id: string; properties: Bag }>;
  read(urn: string, id: string, properties: Bag): Promise<{ id: string; properties: Bag; inputs: Bag }>;
  update(urn: string, id: string, olds: Bag, news: Bag): Promise<{ properties: Bag }>;
  delete(urn: string, id: string, properties: Bag): Promise<void>;
  stop(): Promise<void>;
}

/** The `DiffResponse.DiffChanges` values. */
export const diffChanges = providerProto.DiffResponse.DiffChanges as { DIFF_NONE: number; DIFF_SOME: number };

/** Starts `@pulumi/pulumi/cmd/dynamic-provider` with `cwd` as the program directory. */
export async function startDynamicProvider(cwd: string): Promise<DynamicProviderServer> {
  const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [cwd] });
  const child: ChildProcess = spawn(process.execPath, [entry, "127.0.0.1:1"], {
    cwd,
    // Its stderr carries expected failures (the import case); keep test output readable.
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "contract", PULUMI_NODEJS_STACK: "test" },
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`dynamic provider exited with ${code}`)));
  });
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response)));
    });
  const struct = (bag: Bag) => Struct.fromJavaScript(bag as never);
  return {
    async configure(config) {
      const request = new providerProto.ConfigureRequest();
      request.setArgs(struct(config));
      await call("configure", request);
    },
    async check(urn, olds, news) {
      const request = new providerProto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("check", request);
      return {
        inputs: response.getInputs()?.toJavaScript() ?? {},
        failures: response.getFailuresList().map((failure: any) => ({
          property: failure.getProperty(),
          reason: failure.getReason(),
        })),
      };
    },
    async diff(urn, id, olds, news) {
      const request = new providerProto.DiffRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("diff", request);
      return {
        changes: response.getChanges(),
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },
    async create(urn, properties) {
      const request = new providerProto.CreateRequest();
      request.setUrn(urn);
      request.setProperties(struct(properties));
      const response: any = await call("create", request);
      return { id: response.getId(), properties: response.getProperties().toJavaScript() };
    },
    async read(urn, id, properties) {
      const request = new providerProto.ReadRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(properties));
      const response: any = await call("read", request);
      return {
        id: response.getId(),
        properties: response.getProperties()?.toJavaScript() ?? {},
        inputs: response.getInputs()?.toJavaScript() ?? {},
      };
    },
    async update(urn, id, olds, news) {
      const request = new providerProto.UpdateRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("update", request);
      return { properties: response.getProperties().toJavaScript() };
    },
    async delete(urn, id, properties) {
      const request = new providerProto.DeleteRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(properties));
      await call("delete", request);
    },
    async stop() {
      client.close();
      child.kill();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
