/**
 * What the native SDK (`pulumi-quay/native`) adds to Pulumi's own classes: the `Provider` of one Quay
 * connection, and the options every native resource gets — the plugin version to run, and an alias to
 * the dynamic-mode type, so a stack moves from `pulumi-quay` to `pulumi-quay/native` without recreating
 * anything.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProviderArgs } from "./settings";

export type { ProviderArgs } from "./settings";

/** This package's version: the `pulumi-resource-quay` plugin version its native resources ask for. */
const version: string = require("../../package.json").version;

/** The options of a native resource of `kind`: the plugin version, and the alias to its dynamic-mode type. */
export function nativeOptions(
  kind: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions({ version, aliases: [{ type: `pulumi-nodejs:dynamic/quay:${kind}` }] }, opts);
}

/**
 * One Quay connection for native resources: give it as `provider` to manage several Quay instances from one
 * program. Without one, resources use the stack configuration (`quay:url`, `quay:token`, ...).
 */
export class Provider extends pulumi.ProviderResource {
  /** The Quay this provider talks to. */
  declare public readonly url: pulumi.Output<string | undefined>;

  /**
   * Creates a Provider.
   *
   * @param name The _unique_ name of the provider.
   * @param args The connection's settings.
   * @param opts A bag of options that control this provider's behavior.
   */
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props = { ...args, token: args.token === undefined ? undefined : pulumi.secret(args.token) };
    super("quay", name, props, pulumi.mergeOptions({ version }, opts));
  }
}
