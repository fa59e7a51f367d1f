/**
 * What the native SDK (`pulumi-quay/native`) adds to Pulumi's own classes: the `Provider` of one Quay
 * connection, and the options every native resource gets — the plugin version to run, and an alias to
 * the dynamic-mode type, so a stack moves from `pulumi-quay` to `pulumi-quay/native` without recreating
 * anything.
 */
import * as pulumi from "@pulumi/pulumi";

/** This package's version: the `pulumi-resource-quay` plugin version its native resources ask for. */
const version: string = require("../../package.json").version;

/** The options of a native resource of `kind`: the plugin version, and the alias to its dynamic-mode type. */
export function nativeOptions(
  kind: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions({ version, aliases: [{ type: `pulumi-nodejs:dynamic/quay:${kind}` }] }, opts);
}

/** The settings of a {@link Provider}: the keys of a connection, as in stack configuration (`quay:url`, ...). */
export interface ProviderArgs {
  /** Base URL of the Quay instance, e.g. `https://quay.example.com`. Default: `QUAY_URL`. */
  url?: pulumi.Input<string>;
  /** OAuth access token; kept as a secret. Default: `QUAY_TOKEN`. */
  token?: pulumi.Input<string>;
  /** Extra trusted CA certificates, PEM text. */
  caCertificate?: pulumi.Input<string>;
  /** Path of a PEM file with extra CAs. */
  caCertificateFile?: pulumi.Input<string>;
  /** `true` skips TLS certificate verification; for test instances only. */
  insecureSkipTlsVerify?: pulumi.Input<boolean>;
  /** Time limit per attempt, in seconds. Default 30. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Retries of a failed attempt. Default 5. */
  maxRetries?: pulumi.Input<number>;
  /** Most requests in flight at once. Default 8. */
  maxConcurrency?: pulumi.Input<number>;
  /** How long a delete waits for Quay to let go of what blocks it, in seconds. Default 180. */
  deleteWaitSeconds?: pulumi.Input<number>;
  /** `true` makes creates take over existing objects instead. */
  adopt?: pulumi.Input<boolean>;
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
