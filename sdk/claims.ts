/**
 * Stops a program that declares one Quay object twice (same kind, natural key and Quay), at preview:
 * otherwise `up` would create the object for one declaration and fail half-way for the other.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";

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
 * Guards the declaration of a `kind` object by the resource `name`: returns its first natural-key input
 * (`naturalKey[0]` of `args`), which resolves only once no other resource of the program declares the same
 * object, and otherwise fails the program before this one is registered. Empty for a resource read by id
 * (`opts.id`): it manages nothing. `quay` names the Quay when a provider resource decides it (native mode).
 */
export function claimDeclaration(
  kind: string,
  name: string,
  naturalKey: readonly string[],
  args: Record<string, pulumi.Input<unknown> | undefined>,
  opts: pulumi.CustomResourceOptions | undefined,
  quay?: pulumi.Input<string>,
): Record<string, pulumi.Output<unknown>> {
  if (opts?.id) return {};
  const key = Object.fromEntries([...naturalKey, "connection"].map((field) => [field, args[field]]));
  const guarded = pulumi.all([pulumi.output(key), quay]).apply(([inputs, where]) => {
    const identity = (require("pulumi-quay/runtime") as typeof runtime).declaredIdentity(
      kind,
      inputs,
      programConfig,
      where,
    );
    const first = identity && declarations().get(identity.key);
    if (identity && first !== undefined && first !== name) {
      throw new pulumi.RunError(
        `The resources "${first}" and "${name}" both declare ${identity.description}. Pulumi would create it for ` +
          "one and fail half-way through `up` for the other; remove one of them.",
      );
    }
    if (identity) declarations().set(identity.key, name);
    return inputs[naturalKey[0]];
  });
  return { [naturalKey[0]]: guarded };
}
