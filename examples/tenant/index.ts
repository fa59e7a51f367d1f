// A tenant's organization and everything it holds as one Tenant resource: teams, robots, repositories and
// who may use them, prune and immutability rules, a notification, default permissions and a quota, least
// privilege unless said otherwise. The provider applies the objects itself, in parallel: a preview names
// each object and field that changes, and a registry of hundreds of objects applies in seconds.
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <a superuser's OAuth token with every scope>
//   pulumi config set --secret deployHook https://hooks.example.com/quay/<token>
//   pulumi up
// The quota's limits need a superuser and, on Quay 3.16 and later, FEATURE_SUPERUSERS_FULL_ACCESS; tag
// immutability needs Quay 3.17 with FEATURE_IMMUTABLE_TAGS.
import * as pulumi from "@pulumi/pulumi";
import * as quay from "pulumi-quay";

const config = new pulumi.Config();

const tenant = new quay.Tenant("checkout", {
  name: "checkout",
  email: "checkout-team@example.com",
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
      description: "Checkout API",
      teams: { developers: "write", auditors: "read" },
      robots: { cluster: "read" },
      prunePolicies: { "keep-100": { keepNewest: 100 } },
      notifications: {
        deploy: { event: "repo_push", method: "webhook", config: { url: config.requireSecret("deployHook") } },
      },
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
  // Release tags can never be overwritten or deleted.
  immutabilityPolicies: { releases: { tagPattern: "v[0-9]+\\.[0-9]+\\.[0-9]+" } },
});

// A portal that signs users in with Quay, beside the tenant: a Tenant does not hold OAuth applications.
const portal = new quay.OAuthApplication("portal", {
  organization: tenant.name,
  name: "Checkout portal",
  redirectUri: "https://portal.example.com/callback",
});

/** For a Kubernetes image pull secret in the production cluster. */
export const pullSecret = tenant.robotCredentials.apply((robots) => robots.cluster.dockerConfigJson);
/** The portal's OAuth client id; its secret is `portal.clientSecret`. */
export const portalClientId = portal.clientId;
