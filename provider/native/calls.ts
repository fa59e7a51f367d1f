/**
 * How each call of the native provider answers the engine: its result, or its error as a gRPC failure,
 * carrying the id and state of an object that was created but not finished (the engine's init-failure
 * protocol), so the next run updates that object instead of creating it again. (`@pulumi/pulumi` has the
 * same conversion for its own provider server but does not export it.)
 */
import * as grpc from "@grpc/grpc-js";
import * as anyProto from "google-protobuf/google/protobuf/any_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PropertyBag } from "../operations/values";
import type { ResourceRequest } from "./wire";

const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");

/** A call as grpc-js hands it to a handler. */
export type Call = grpc.ServerUnaryCall<any, any>;
/** A resource call, its request decoded by `wire.ts`. */
export type ResourceCall = grpc.ServerUnaryCall<ResourceRequest, unknown>;

/** `bag` as a protobuf Struct. */
export const toStruct = (bag: PropertyBag) => Struct.fromJavaScript(JSON.parse(JSON.stringify(bag)));

/** A failed call for the engine; an object that was created but not finished carries its id and state. */
function failure(error: unknown): grpc.ServiceError {
  const { message, id, properties } = error as Error & { id?: string; properties?: PropertyBag };
  const metadata = new grpc.Metadata();
  if (typeof id === "string" && properties) {
    const detail = new providerProto.ErrorResourceInitFailed();
    detail.setId(id);
    detail.setProperties(toStruct(properties));
    detail.setReasonsList([message]);
    const any = new anyProto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusProto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** One RPC: its answer, or the error turned into a gRPC failure. */
export function unary(handler: (call: Call) => Promise<unknown> | unknown) {
  return async (call: Call, callback: grpc.sendUnaryData<unknown>) => {
    try {
      callback(null, await handler(call));
    } catch (error) {
      callback(failure(error), null);
    }
  };
}

/** A resource call: `unary`, with the request `wire.ts` decoded. */
export const resourceCall = (handler: (call: ResourceCall) => Promise<unknown>) =>
  unary(handler as (call: Call) => Promise<unknown>);

/** A call the provider does not serve: the engine gets UNIMPLEMENTED, naming it. */
export const unimplemented = (name: string) => (_call: Call, callback: grpc.sendUnaryData<unknown>) =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented` } as grpc.ServiceError, null);
