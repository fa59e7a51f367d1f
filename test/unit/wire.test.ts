import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { decodedMethods, decodeRequest } from "../../provider/native/wire";

const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** Values of every kind a Struct holds, nested, as a Tenant's state has them. */
const state = {
  name: "platform",
  count: 3,
  ratio: 0.5,
  enabled: true,
  disabled: false,
  nothing: null,
  empty: {},
  list: [1, "two", { three: [false, null] }, []],
  token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cret" },
  unicode: "équipe — ✓",
};
const other = { ...state, name: "other", list: [] };
const struct = (value: object) => Struct.fromJavaScript(value as never);

/** Each request as Pulumi's own messages encode it, every field set, those the server skips included. */
const encoded: Record<(typeof decodedMethods)[number], () => Uint8Array> = {
  check: () => {
    const request = new providerProto.CheckRequest();
    request.setUrn("urn:check");
    request.setOlds(struct(other));
    request.setNews(struct(state));
    request.setRandomseed(new Uint8Array([1, 2, 3]));
    request.setName("name");
    request.setType("quay:index:Tenant");
    request.setOldOutputs(struct({ big: "x".repeat(10_000) }));
    return request.serializeBinary();
  },
  diff: () => {
    const request = new providerProto.DiffRequest();
    request.setId("id-1");
    request.setUrn("urn:diff");
    request.setOlds(struct(other));
    request.setNews(struct(state));
    request.setIgnorechangesList(["a", "b"]);
    request.setOldInputs(struct(other));
    request.setName("name");
    return request.serializeBinary();
  },
  create: () => {
    const request = new providerProto.CreateRequest();
    request.setUrn("urn:create");
    request.setProperties(struct(state));
    request.setTimeout(30);
    request.setPreview(true);
    return request.serializeBinary();
  },
  read: () => {
    const request = new providerProto.ReadRequest();
    request.setId("id-2");
    request.setUrn("urn:read");
    request.setProperties(struct(state));
    request.setInputs(struct(other));
    return request.serializeBinary();
  },
  update: () => {
    const request = new providerProto.UpdateRequest();
    request.setId("id-3");
    request.setUrn("urn:update");
    request.setOlds(struct(other));
    request.setNews(struct(state));
    request.setTimeout(30);
    request.setIgnorechangesList(["c"]);
    request.setPreview(true);
    request.setOldInputs(struct(other));
    return request.serializeBinary();
  },
  delete: () => {
    const request = new providerProto.DeleteRequest();
    request.setId("id-4");
    request.setUrn("urn:delete");
    request.setProperties(struct(state));
    request.setTimeout(30);
    request.setOldInputs(struct(other));
    return request.serializeBinary();
  },
};

describe("the native provider's request decoding", () => {
  it.each(decodedMethods)("reads a %s request as Pulumi's own messages encode it", (method) => {
    const bytes = encoded[method]();
    const expected = providerProto[`${method[0].toUpperCase()}${method.slice(1)}Request`].deserializeBinary(bytes);
    const bag = (value: Struct | undefined) => value?.toJavaScript() ?? {};
    const decoded = decodeRequest(method, bytes);
    expect(decoded.urn).toBe(expected.getUrn());
    expect(decoded.id).toBe(expected.getId?.() ?? "");
    expect(decoded.olds).toEqual(bag(expected.getOlds?.()));
    expect(decoded.news).toEqual(bag(expected.getNews?.()));
    expect(decoded.properties).toEqual(bag(expected.getProperties?.()));
  });

  it("gives the values themselves, every kind of them", () => {
    expect(decodeRequest("create", encoded.create()).properties).toEqual(state);
  });

  it("reads absent fields as empty", () => {
    expect(decodeRequest("delete", new providerProto.DeleteRequest().serializeBinary())).toEqual({
      urn: "",
      id: "",
      olds: {},
      news: {},
      properties: {},
    });
  });
});
