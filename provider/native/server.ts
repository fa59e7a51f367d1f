/**
 * The native provider: the kinds of the catalog served over Pulumi's provider protocol, through the same
 * operations the dynamic provider runs. Beyond the dynamic mode it gives explicit `Provider` resources
 * (one Quay connection per provider), per-field diffs, and `pulumi import` of every kind.
 *
 * Written against the protocol rather than through `@pulumi/pulumi/provider`'s `main`: that server (3.276)
 * drops a diff's `diffs` and detailed diff, answers CheckConfig and DiffConfig as unimplemented and ignores
 * Configure's arguments, which are the per-field diffs and explicit providers this mode exists for.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { findDeclaration } from "../catalog";
import { check, create, deleteResource, diff, read, update } from "../operations/dispatch";
import { isUnknown, type PropertyBag } from "../operations/values";
import { type ConfigSource, defaultNamespace, readConnectionSettings } from "../quay/config";
import { isQuayError, QuayOperationError } from "../quay/errors";
import { resourceCall, toStruct, unary, unimplemented } from "./calls";
import { importById } from "./import";
import { plain, unwrapBag, wrapBag } from "./properties";
import { decodedMethods, decodeRequest } from "./wire";

const pluginProto = require("@pulumi/pulumi/proto/plugin_pb");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** What the server needs from its surroundings. */
export interface NativeProviderOptions {
  /** The provider's version, reported to the engine. */
  version: string;
  /** The package schema the engine asks for (`schema.json`). */
  schema: string;
}

/** `quay:index:Organization` in `urn:pulumi:stack::project::quay:index:Organization::name` → `Organization`. */
function kindOf(urn: string): string {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const [pkg, , kind] = type.split(":");
  if (pkg !== "quay" || !kind)
    throw new QuayOperationError("QUAY_INVALID_INPUT", `the quay provider does not serve ${type}`);
  return kind;
}

const toBag = (struct: Struct | undefined): PropertyBag => (struct ? (struct.toJavaScript() as PropertyBag) : {});

/** The provider's settings as the operations read them: `quay:<key>`, from the provider's inputs. */
function configSource(settings: PropertyBag): ConfigSource {
  return {
    get(key) {
      const [namespace, name] = key.split(":");
      const value = namespace === defaultNamespace ? settings[name] : undefined;
      return value === undefined || value === null ? undefined : String(value);
    },
  };
}

/** A per-property diff: added, removed or updated, replacing or not. */
function propertyDiff(change: "add" | "delete" | "update", replace: boolean) {
  const { Kind } = providerProto.PropertyDiff;
  const kinds = {
    add: replace ? Kind.ADD_REPLACE : Kind.ADD,
    delete: replace ? Kind.DELETE_REPLACE : Kind.DELETE,
    update: replace ? Kind.UPDATE_REPLACE : Kind.UPDATE,
  };
  const entry = new providerProto.PropertyDiff();
  entry.setKind(kinds[change]);
  entry.setInputdiff(true);
  return entry;
}

/** How each changed property of a kind of one object changes, from its old and new value. */
function propertyChanges(olds: PropertyBag, news: PropertyBag, changed: readonly string[]) {
  return Object.fromEntries(
    changed.map(
      (key) => [key, olds[key] === undefined ? "add" : news[key] === undefined ? "delete" : "update"] as const,
    ),
  );
}

/** The ResourceProvider service for the engine. */
export function providerService(options: NativeProviderOptions) {
  // Built once per configuration, so every call shares one client and its read cache. Settings still
  // unknown at preview (a URL from another resource) leave it undefined: nothing can be checked yet.
  let source: ConfigSource | undefined = configSource({});
  const config = () => source;

  return {
    getPluginInfo: unary(() => {
      const info = new pluginProto.PluginInfo();
      info.setVersion(options.version);
      return info;
    }),
    getSchema: unary(() => {
      const response = new providerProto.GetSchemaResponse();
      response.setSchema(options.schema);
      return response;
    }),
    checkConfig: unary((call) => {
      const news = toBag(call.request.getNews());
      const response = new providerProto.CheckResponse();
      response.setInputs(call.request.getNews());
      try {
        if (!isUnknown(news)) readConnectionSettings(configSource(plain(news) as PropertyBag));
      } catch (error) {
        if (!isQuayError(error, "QUAY_CONFIG")) throw error;
        const entry = new providerProto.CheckFailure();
        entry.setProperty("");
        entry.setReason((error as Error).message);
        response.setFailuresList([entry]);
      }
      return response;
    }),
    // A new URL updates the provider; resources recorded in another Quay then stop the preview (operations/diff.ts).
    diffConfig: unary((call) => {
      const olds = plain(toBag(call.request.getOldInputs())) as PropertyBag;
      const news = plain(toBag(call.request.getNews())) as PropertyBag;
      const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
        (key) => key !== "version" && JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      );
      const response = new providerProto.DiffResponse();
      const { DiffChanges } = providerProto.DiffResponse;
      response.setChanges(changed.length > 0 ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
      response.setDiffsList(changed);
      return response;
    }),
    configure: unary((call) => {
      const args = call.request.getArgs();
      const settings = args
        ? (plain(toBag(args)) as PropertyBag)
        : Object.fromEntries(
            [...call.request.getVariablesMap().entries()].map(([key, value]: [string, string]) => [
              key.replace(/^quay:(config:)?/, ""),
              value,
            ]),
          );
      source = isUnknown(settings) ? undefined : configSource(settings);
      const response = new providerProto.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(false);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      return response;
    }),
    check: resourceCall(async ({ request }) => {
      const kind = kindOf(request.urn);
      const { values, secrets } = unwrapBag(request.news);
      const response = new providerProto.CheckResponse();
      const failures: { property: string; reason: string }[] = [];
      if (values.connection !== undefined) {
        failures.push({
          property: "connection",
          reason: "is for the dynamic mode; give the resource a provider (`provider: new quay.Provider(...)`) instead",
        });
      }
      const result = await check(kind, values, config(), plain(request.olds) as PropertyBag);
      failures.push(...result.failures);
      response.setInputs(toStruct(wrapBag(findDeclaration(kind), result.inputs, secrets)));
      response.setFailuresList(
        failures.map(({ property, reason }) => {
          const entry = new providerProto.CheckFailure();
          entry.setProperty(property);
          entry.setReason(reason);
          return entry;
        }),
      );
      return response;
    }),
    diff: resourceCall(async ({ request }) => {
      const kind = kindOf(request.urn);
      const olds = plain(request.olds) as PropertyBag;
      const news = plain(request.news) as PropertyBag;
      const result = await diff(kind, olds, news, config(), request.id);
      const response = new providerProto.DiffResponse();
      const { DiffChanges } = providerProto.DiffResponse;
      response.setChanges(result.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
      response.setReplacesList(result.replaces);
      response.setDeletebeforereplace(result.deleteBeforeReplace);
      response.setDiffsList(result.changed);
      // A composite names each changed path of its shape; a kind of one object, its changed properties.
      const detailed = response.getDetaileddiffMap();
      for (const [path, change] of Object.entries(result.paths ?? propertyChanges(olds, news, result.changed))) {
        detailed.set(path, propertyDiff(change, result.replaces.includes(path)));
      }
      response.setHasdetaileddiff(true);
      return response;
    }),
    create: resourceCall(async ({ request }) => {
      const kind = kindOf(request.urn);
      const { values, secrets } = unwrapBag(request.properties);
      const created = await create(kind, config(), values).catch((error: Error & { properties?: PropertyBag }) => {
        if (error.properties) error.properties = wrapBag(findDeclaration(kind), error.properties, secrets);
        throw error;
      });
      const response = new providerProto.CreateResponse();
      response.setId(created.id);
      response.setProperties(toStruct(wrapBag(findDeclaration(kind), created.outs, secrets)));
      return response;
    }),
    read: resourceCall(async ({ request }) => {
      const kind = kindOf(request.urn);
      const id = request.id;
      const { values, secrets } = unwrapBag(request.properties);
      // No properties: `pulumi import`, which wants every input Quay can tell.
      const found =
        Object.keys(values).length === 0
          ? await importById(kind, config(), id)
          : ((await read(kind, config(), id, values)) as { id?: string; props?: PropertyBag; inputs?: PropertyBag });
      const response = new providerProto.ReadResponse();
      if (!found?.id) return response;
      const definition = findDeclaration(kind);
      response.setId(found.id);
      response.setProperties(toStruct(wrapBag(definition, found.props ?? {}, secrets)));
      response.setInputs(toStruct(wrapBag(definition, found.inputs ?? {}, secrets)));
      return response;
    }),
    update: resourceCall(async ({ request }) => {
      const kind = kindOf(request.urn);
      const olds = plain(request.olds) as PropertyBag;
      const { values, secrets } = unwrapBag(request.news);
      const updated = await update(kind, config(), request.id, olds, values).catch(
        (error: Error & { properties?: PropertyBag }) => {
          if (error.properties) error.properties = wrapBag(findDeclaration(kind), error.properties, secrets);
          throw error;
        },
      );
      const response = new providerProto.UpdateResponse();
      response.setProperties(toStruct(wrapBag(findDeclaration(kind), updated.outs, secrets)));
      return response;
    }),
    delete: resourceCall(async ({ request }) => {
      await deleteResource(kindOf(request.urn), config(), request.id, plain(request.properties) as PropertyBag);
      return new Empty();
    }),
    cancel: unary(() => new Empty()),
    attach: unimplemented("Attach"),
    construct: unimplemented("Construct"),
    call: unimplemented("Call"),
    invoke: unimplemented("Invoke"),
    streamInvoke: unimplemented("StreamInvoke"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    parameterize: unimplemented("Parameterize"),
  };
}

/** Starts the provider on a free port of 127.0.0.1; resolves to the port. */
export async function serveProvider(options: NativeProviderOptions): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
  // The resource calls' requests decoded by wire.ts; every other call, and every answer, by Pulumi's messages.
  const service = { ...providerGrpc.ResourceProviderService };
  for (const method of decodedMethods) {
    service[method] = { ...service[method], requestDeserialize: (bytes: Buffer) => decodeRequest(method, bytes) };
  }
  server.addService(service, providerService(options) as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, server };
}
