/**
 * The table of a tenant's parts: for each kind, which objects the shape declares (and what each needs
 * first), and where an object of that kind found in Quay goes back in the shape. The `Tenant` resource,
 * the `OrganizationBlueprint` component and the exporter all read this one table.
 */
import type { Part } from "./_shared/define";
import { organizationPart, robotPart, teamPart } from "./tenant.members";
import { mirrorPart, notificationPart, permissionPart, repositoryPart } from "./tenant.repositories";
import { defaultPermissionPart, immutabilityPart, prunePart, quotaPart } from "./tenant.rules";

export { validateTenant } from "./tenant.validate";

/** Every part of a tenant. */
export const tenantParts: readonly Part[] = [
  organizationPart,
  robotPart,
  teamPart,
  repositoryPart,
  permissionPart,
  prunePart,
  immutabilityPart,
  notificationPart,
  mirrorPart,
  defaultPermissionPart,
  quotaPart,
];
