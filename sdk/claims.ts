/**
 * Stops a program that declares one Quay object twice (same kind, natural key and Quay), at preview:
 * otherwise `up` would create the object for one declaration and fail half-way for the other. The check
 * runs in the program on every run, so it does not load the runtime (hundreds of milliseconds of the
 * program's start-up) unless two declarations look alike; the runtime then confirms and names them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";

/** What identifies the objects of a kind: the kind its objects count as, and its natural key. */
export interface KindIdentity {
  /** The kind, as the runtime knows it. */
  kind: string;
  /** The kind of the object it declares, for collisions: a composite declares its root (a Tenant, an Organization). */
  declares: string;
  /** The inputs that name the object in Quay. */
  naturalKey: readonly string[];
  /** Those of them a declaration must set: missing, the resource is one a targeted run leaves out. */
  required: readonly string[];
}

/** The declarations seen so far in this program, by identity: shared by every copy of the SDK loaded. */
function declarations(): Map<string, string> {
  const holder = globalThis as { [key: symbol]: Map<string, string> | undefined };
  const key = Symbol.for("pulumi-quay.declarations");
  holder[key] ??= new Map();
  return holder[key];
}

/** The program's stack configuration, as the runtime reads connection settings. */
const programConfig = {
  get(key: string): string | undefined {
    const separator = key.indexOf(":");
    return new pulumi.Config(key.slice(0, separator)).get(key.slice(separator + 1));
  },
};

/**
 * The Quay a connection namespace names: its URL as the runtime records it (`quayUrl`: origin and path, no
 * trailing slash or `/api/v1`; a test holds the two rules equal), or the namespace when it has none.
 */
export function connectionQuay(namespace: string, url: string | undefined): string {
  if (url === undefined) return `the Quay of the "${namespace}" connection`;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}`;
  } catch {
    return url;
  }
}

/**
 * Guards the declaration of an object of `identity.kind` by the resource `name`: returns its first
 * natural-key input, which resolves only once no other resource of the program declares the same object,
 * and otherwise fails the program before this one is registered. Empty for a resource read by id
 * (`opts.id`): it manages nothing. `quay` names the Quay when a provider resource decides it (native mode).
 */
export function claimDeclaration(
  identity: KindIdentity,
  name: string,
  args: Record<string, pulumi.Input<unknown> | undefined>,
  opts: pulumi.CustomResourceOptions | undefined,
  quay?: pulumi.Input<string>,
): Record<string, pulumi.Output<unknown>> {
  const { kind, declares, naturalKey, required } = identity;
  if (opts?.id) return {};
  const key = Object.fromEntries([...naturalKey, "connection"].map((field) => [field, args[field]]));
  const guarded = pulumi.all([pulumi.output(key), quay]).apply(([inputs, where]) => {
    if (required.some((field) => inputs[field] === undefined || inputs[field] === null)) return inputs[naturalKey[0]];
    const namespace = typeof inputs.connection === "string" ? inputs.connection : "quay";
    const url = programConfig.get(`${namespace}:url`) ?? (namespace === "quay" ? process.env.QUAY_URL : undefined);
    const identityKey = JSON.stringify([
      declares,
      where ?? connectionQuay(namespace, url),
      ...naturalKey.map((field) => inputs[field] ?? null),
    ]);
    const first = declarations().get(identityKey);
    if (first !== undefined && first !== name) {
      const found = (require("pulumi-quay/runtime") as typeof runtime).declaredIdentity(kind, inputs, programConfig, where);
      throw new pulumi.RunError(
        `The resources "${first}" and "${name}" both declare ${found?.description ?? `${declares} ${identityKey}`}. ` +
          "Pulumi would create it for one and fail half-way through `up` for the other; remove one of them.",
      );
    }
    declarations().set(identityKey, name);
    return inputs[naturalKey[0]];
  });
  return { [naturalKey[0]]: guarded };
}
