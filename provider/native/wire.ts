/**
 * The engine's resource requests (check, diff, create, read, update, delete), decoded with protobufjs into
 * plain values. These requests carry a resource's whole state, tens of kilobytes for a Tenant, and decoding
 * them with google-protobuf's messages was the native provider's largest cost in a preview (1.4 s of its
 * time for 50 Tenants). Only the fields the server reads are declared, so the others (a check's old outputs,
 * for one) are skipped undecoded. The field numbers are those of Pulumi's `provider.proto`; a test decodes
 * requests that Pulumi's own messages encode. The other calls, and every answer, keep Pulumi's messages.
 */
import protobuf from "protobufjs";
import type { PropertyBag } from "../operations/values";

/** A resource request, as the handlers read it: absent strings are empty and absent property bags `{}`. */
export interface ResourceRequest {
  urn: string;
  id: string;
  olds: PropertyBag;
  news: PropertyBag;
  properties: PropertyBag;
}

/** The requests decoded here, by the service method that receives each. */
export type ResourceMethod = "check" | "diff" | "create" | "read" | "update" | "delete";

const struct = "google.protobuf.Struct";
/** The fields read of each request: name, number and type. */
const requestFields: Record<ResourceMethod, Record<string, { id: number; type: string }>> = {
  check: { urn: { id: 1, type: "string" }, olds: { id: 2, type: struct }, news: { id: 3, type: struct } },
  diff: {
    id: { id: 1, type: "string" },
    urn: { id: 2, type: "string" },
    olds: { id: 3, type: struct },
    news: { id: 4, type: struct },
  },
  create: { urn: { id: 1, type: "string" }, properties: { id: 2, type: struct } },
  read: { id: { id: 1, type: "string" }, urn: { id: 2, type: "string" }, properties: { id: 3, type: struct } },
  update: {
    id: { id: 1, type: "string" },
    urn: { id: 2, type: "string" },
    olds: { id: 3, type: struct },
    news: { id: 4, type: struct },
  },
  delete: { id: { id: 1, type: "string" }, urn: { id: 2, type: "string" }, properties: { id: 3, type: struct } },
};

const root = protobuf.Root.fromJSON(protobuf.common.get("google/protobuf/struct.proto")!);
root.add(
  Object.entries(requestFields).reduce(
    (namespace, [method, fields]) => namespace.add(protobuf.Type.fromJSON(`${method}Request`, { fields })),
    new protobuf.Namespace("quayWire"),
  ),
);

/** A decoded `google.protobuf.Value`: the member of its `kind` that is set. */
interface WireValue {
  kind?: "nullValue" | "numberValue" | "stringValue" | "boolValue" | "structValue" | "listValue";
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct;
  listValue?: { values?: WireValue[] };
}
interface WireStruct {
  fields?: Record<string, WireValue>;
}

function plainOf(value: WireValue): unknown {
  switch (value.kind) {
    case "numberValue":
      return value.numberValue;
    case "stringValue":
      return value.stringValue;
    case "boolValue":
      return value.boolValue;
    case "structValue":
      return bagOf(value.structValue);
    case "listValue":
      return (value.listValue?.values ?? []).map(plainOf);
    default:
      return null;
  }
}

function bagOf(wire: WireStruct | undefined): PropertyBag {
  const bag: PropertyBag = {};
  for (const [key, value] of Object.entries(wire?.fields ?? {})) bag[key] = plainOf(value);
  return bag;
}

const requestTypes = new Map(
  Object.keys(requestFields).map((method) => [method, root.lookupType(`quayWire.${method}Request`)]),
);

/** Decodes the request of `method` from the bytes the engine sent. */
export function decodeRequest(method: ResourceMethod, bytes: Uint8Array): ResourceRequest {
  const message = requestTypes.get(method)!.decode(bytes) as {
    urn?: string;
    id?: string;
    olds?: WireStruct;
    news?: WireStruct;
    properties?: WireStruct;
  };
  return {
    urn: message.urn ?? "",
    id: message.id ?? "",
    olds: bagOf(message.olds),
    news: bagOf(message.news),
    properties: bagOf(message.properties),
  };
}

/** The methods whose requests {@link decodeRequest} decodes. */
export const decodedMethods = Object.keys(requestFields) as ResourceMethod[];
