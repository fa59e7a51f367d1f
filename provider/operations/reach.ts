/**
 * Whether a connection reaches a Quay that takes its token, asked once per connection and run, with one GET,
 * when a preview has something to create or change: a wrong token or an unreachable URL then stops the
 * preview, not the `up` after the merge. A preview with nothing to do asks nothing.
 */
import { type ConfigSource, readPreviewChecksSetting } from "../quay/config";
import { isQuayError } from "../quay/errors";
import { commonRoutes } from "../quay/routes";
import { connectionOf, contextFor } from "./context";
import type { PropertyBag } from "./values";

const probes = new WeakMap<object, Promise<string | undefined>>();

/** What is wrong with the connection `inputs` name, in words; undefined when Quay answers and takes the token. */
export async function unreachable(config: ConfigSource | undefined, inputs: PropertyBag): Promise<string | undefined> {
  if (config === undefined || !readPreviewChecksSetting(config, connectionOf(inputs))) return undefined;
  const context = contextFor(config, inputs);
  let probe = probes.get(context);
  if (!probe) {
    probe = context.client.request(commonRoutes.getCurrentUser).then(
      () => undefined,
      (error: unknown) => {
        // A token without user:read (403) is still a token Quay takes.
        if (isQuayError(error, "QUAY_FORBIDDEN")) return undefined;
        if (isQuayError(error, "QUAY_UNAUTHORIZED")) {
          return `Quay at ${context.quayUrl} does not accept the token: check ${connectionOf(inputs)}:token (${(error as Error).message})`;
        }
        if (isQuayError(error, "QUAY_CONNECTION", "QUAY_TIMEOUT")) {
          return `cannot reach Quay at ${context.quayUrl}: check ${connectionOf(inputs)}:url (${(error as Error).message})`;
        }
        return undefined;
      },
    );
    probes.set(context, probe);
  }
  return probe;
}
