// End-to-end fixture, in TypeScript as users write it (compiled by Pulumi with the tsconfig that
// `pulumi new typescript` writes): declares what the stack config `resources` (JSON) lists, as
// [{ "kind": "Repository", "name": "app", "args": {...} }]. A value written "@other.field", at any depth, is
// the output `field` of the resource named `other`, declared earlier: a reference, as a user writes
// `org.name`. One written "secret:key" is the secret stack config value `key`, as a user passes a password.
// With the stack config `native` true, the resources are the native provider's; "@provider" names an
// explicit provider made from the config `providerUrl` (itself possibly "@other.field") and the secret
// `providerToken`, made when a resource first names it. With the stack config `retainOnDelete` true, every
// resource gets `retainOnDelete` (the first step of moving a stack to a Tenant, in the README).
import * as pulumi from "@pulumi/pulumi";
import * as dynamicQuay from "pulumi-quay";
import * as nativeQuay from "pulumi-quay/native";

const config = new pulumi.Config();
const native = config.getBoolean("native") ?? false;
if (config.getBoolean("retainOnDelete")) {
  pulumi.runtime.registerStackTransformation((args) => ({
    props: args.props,
    opts: { ...args.opts, retainOnDelete: true },
  }));
}
const quay: Record<string, unknown> = native ? nativeQuay : dynamicQuay;
const declared: Record<string, Record<string, pulumi.Output<unknown>>> = {};

function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
  }
  const reference = typeof value === "string" ? /^@([\w-]+)\.(\w+)$/.exec(value) : null;
  if (reference) return declared[reference[1]][reference[2]];
  const secret = typeof value === "string" ? /^secret:(\w+)$/.exec(value) : null;
  return secret ? config.requireSecret(secret[1]) : value;
}

let explicit: nativeQuay.Provider | undefined;
function explicitProvider(): nativeQuay.Provider {
  explicit ??= new nativeQuay.Provider("explicit", {
    url: resolve(config.require("providerUrl")) as pulumi.Input<string>,
    token: config.requireSecret("providerToken"),
  });
  return explicit;
}

interface Declaration {
  kind: string;
  name: string;
  args: Record<string, unknown>;
  provider?: boolean;
}

type AnyResource = new (
  name: string,
  args: unknown,
  opts?: pulumi.CustomResourceOptions,
) => Record<string, pulumi.Output<unknown>>;

for (const { kind, name, args, provider } of config.requireObject<Declaration[]>("resources")) {
  const Resource = quay[kind] as AnyResource;
  declared[name] = new Resource(name, resolve(args), provider ? { provider: explicitProvider() } : {});
}
