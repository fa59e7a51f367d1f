// An organization as a platform team declares it: teams, robots, repositories, who may do what on
// them, what new repositories get by default, and a notification.
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <an OAuth token with user:admin, org:admin and repo:admin>
//   pulumi up
import * as quay from "pulumi-quay";

const org = new quay.Organization("payments", {
  name: "payments",
  email: "payments-team@example.com",
  tagExpirationSeconds: 604_800,
});

// Robots: machine identities; their tokens and pull secrets are secret outputs.
const ci = new quay.Robot("ci", { organization: org.name, name: "ci", description: "Pushes from CI" });
const cluster = new quay.Robot("cluster", {
  organization: org.name,
  name: "cluster",
  description: "Pulls in production",
});

// Teams: a role in the organization and, optionally, the complete member list.
const developers = new quay.Team("developers", {
  organization: org.name,
  name: "developers",
  role: "creator",
  description: "Payments developers",
  members: [ci.fullName],
});
const auditors = new quay.Team("auditors", { organization: org.name, name: "auditors" });

// Repositories; names may be nested.
const api = new quay.Repository("api", { namespace: org.name, name: "api", description: "Payments API" });
const worker = new quay.Repository("worker", { namespace: org.name, name: "jobs/worker" });

// Who may do what on each repository.
for (const [key, repository] of Object.entries({ api, worker })) {
  new quay.RepositoryPermission(`developers-write-${key}`, {
    repository: repository.fullName,
    team: developers.name,
    role: "write",
  });
  new quay.RepositoryPermission(`cluster-read-${key}`, {
    repository: repository.fullName,
    user: cluster.fullName,
    role: "read",
  });
}

// Every repository created from now on: auditors may read it.
new quay.DefaultPermission("auditors-read-new", { organization: org.name, delegateTeam: auditors.name, role: "read" });

// Tell a webhook about pushes to the API image.
new quay.RepositoryNotification("api-pushes", {
  repository: api.fullName,
  event: "repo_push",
  method: "webhook",
  config: { url: "https://hooks.example.com/quay/payments" },
  title: "Payments API pushed",
});

/** A `.dockerconfigjson` for the cluster's pull secret (secret). */
export const clusterPullSecret = cluster.dockerConfigJson;
/** The repositories, as `<namespace>/<name>`. */
export const repositories = [api.fullName, worker.fullName];
