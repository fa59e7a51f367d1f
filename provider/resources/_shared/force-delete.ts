/**
 * The `forceDelete` guard of kinds whose delete takes other objects along (an organization's
 * repositories, a repository's images), as ECR's `force_delete`: by default the delete is refused
 * while such content exists, so a stack never deletes what it did not declare.
 */
import { z } from "zod";
import type { QuayClient } from "../../quay/client";
import { QuayOperationError } from "../../quay/errors";
import { commonRoutes } from "../../quay/routes";

/** The `forceDelete` input, described for its kind. */
export function forceDeleteInput(description: string) {
  // Quay never holds it: refresh and adoption keep the declared value.
  return z.boolean({ error: "must be true or false" }).optional().meta({ description, writeOnly: true });
}

/** The repositories of `namespace` the token can see (one request), described for a refusal. */
export async function repositoriesHeld(client: QuayClient, namespace: string): Promise<string[]> {
  const listed = await client.request(commonRoutes.listRepositories, { query: { namespace } });
  const repositories = (listed as { repositories?: { name: string }[] } | undefined)?.repositories ?? [];
  return repositories.map((repository) => `repository ${namespace}/${repository.name}`);
}

/** How many found objects a refusal names before summing up the rest. */
const namedAtMost = 10;

/**
 * Throws, deleting nothing, when `found` (what the delete would take along, described for a person)
 * is not empty. `hint` adds what else the user may need to know.
 */
export function refuseUnlessForced(found: readonly string[], hint = ""): void {
  if (found.length === 0) return;
  const named = found.slice(0, namedAtMost).join(", ");
  const rest = found.length > namedAtMost ? ` and ${found.length - namedAtMost} more` : "";
  throw new QuayOperationError(
    "QUAY_REFUSED",
    `it still holds ${named}${rest}, which deleting it would delete too; nothing was deleted. Move or delete ` +
      "them in Quay and run again. To delete them along with it, set `forceDelete: true` on the resource and run " +
      "`pulumi up` before deleting it (an object being replaced keeps the settings it was recorded with; to leave " +
      `it in Quay instead, \`pulumi state delete\` it).${hint ? ` ${hint}` : ""}`,
  );
}
