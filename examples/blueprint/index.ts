// A tenant's organization as one typed component, OrganizationBlueprint, whose objects are resources of
// their own (the same shape as examples/tenant, where one Tenant resource holds them all): teams, robots,
// repositories and who may use them, default permissions, a quota and prune rules, least privilege unless
// said otherwise; then the policy and the OAuth application that sit beside it.
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <a superuser's OAuth token with every scope>
//   pulumi up
// The quota's limits need a superuser and, on Quay 3.16 and later, FEATURE_SUPERUSERS_FULL_ACCESS.
import * as quay from "pulumi-quay";

const tenant = new quay.OrganizationBlueprint("storefront", {
  name: "storefront",
  email: "storefront-team@example.com",
  teams: {
    developers: { role: "creator", description: "Build and push", robots: ["ci"] },
    auditors: { description: "Read everything" },
  },
  robots: {
    ci: { description: "Pushes from CI" },
    cluster: { description: "Pulls into the production cluster" },
  },
  repositories: {
    api: {
      description: "Storefront API",
      teams: { developers: "write", auditors: "read" },
      robots: { cluster: "read" },
      prunePolicies: { "keep-100": { keepNewest: 100 } },
    },
    "jobs/worker": { teams: { developers: "write" }, robots: { cluster: "read" } },
  },
  defaultPermissions: { "auditors-read": { team: "auditors", role: "read" } },
  quota: {
    limit: "500 GiB",
    limits: [
      { type: "Warning", thresholdPercent: 80 },
      { type: "Reject", thresholdPercent: 100 },
    ],
  },
  prunePolicies: { "old-dev-tags": { olderThan: "30d", tagPattern: "dev-.*" } },
});

// Release tags can never be overwritten or deleted (Quay 3.17 and later).
new quay.TagImmutabilityPolicy("releases", {
  organization: tenant.organization.name,
  tagPattern: "v[0-9]+\\.[0-9]+\\.[0-9]+",
});

// A portal that signs users in with Quay.
const portal = new quay.OAuthApplication("portal", {
  organization: tenant.organization.name,
  name: "Storefront portal",
  redirectUri: "https://portal.example.com/callback",
});

/** For a Kubernetes image pull secret in the production cluster. */
export const pullSecret = tenant.robots.cluster.dockerConfigJson;
/** The portal's OAuth client id; its secret is `portal.clientSecret`. */
export const portalClientId = portal.clientId;
