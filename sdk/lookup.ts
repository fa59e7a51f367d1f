/**
 * Lookups from a program: objects it uses but does not manage, read from Quay with GET requests only, at
 * preview and update alike. The connection settings come from the stack configuration, as for resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";
import { lookupSettings } from "./settings";

/** Where to look: the configuration namespace of the connection (default `quay`). */
export interface LookupOptions {
  /** Configuration namespace holding the Quay connection settings (`<connection>:url`, ...). Default `quay`. */
  connection?: string;
}

/** A lookup's result: each field its own output, so only the secret ones are secret. */
export type LookupResult<T> = { [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * Reads the `kind` object that `key` names; the result holds `fields`, of which `secrets` stay Pulumi
 * secrets. Fails the program, naming the object, when Quay has none.
 */
export function lookup<T>(
  kind: string,
  key: Record<string, pulumi.Input<string | undefined> | undefined>,
  fields: readonly string[],
  secrets: readonly string[],
  options: LookupOptions = {},
): LookupResult<T> {
  const namespace = options.connection ?? "quay";
  const config = new pulumi.Config(namespace);
  const values: Record<string, pulumi.Input<string | undefined>> = Object.fromEntries(
    lookupSettings.map((name) => [`${namespace}:${name}`, config.get(name)]),
  );
  values[`${namespace}:token`] = config.getSecret("token");
  const found = pulumi.all([pulumi.output(key), pulumi.output(values)]).apply(async ([resolved, configured]) => {
    const source = { get: (name: string) => configured[name] };
    const connection = options.connection === undefined ? {} : { connection: options.connection };
    return (require("pulumi-quay/runtime") as typeof runtime).lookup(kind, { ...resolved, ...connection }, source);
  });
  // The token makes the whole answer secret; each field is secret only when the kind says so.
  return Object.fromEntries(
    fields.map((name) => {
      const value = found.apply((result) => result[name]);
      return [name, secrets.includes(name) ? value : pulumi.unsecret(value)];
    }),
  ) as LookupResult<T>;
}
