// End-to-end fixture: one organization with every kind, wired by references as a user would write it.
const pulumi = require("@pulumi/pulumi");
const quay = require("pulumi-quay");

const config = new pulumi.Config();

const org = new quay.Organization("platform", {
  name: config.get("orgName") ?? "platform",
  email: `${config.get("orgName") ?? "platform"}@example.com`,
});

const deployer = new quay.Robot("deployer", { organization: org.name, name: "deployer", description: "CI pushes" });
const puller = new quay.Robot("puller", { organization: org.name, name: "puller", description: "Mirror pulls" });

const developers = new quay.Team("developers", {
  organization: org.name,
  name: "developers",
  role: "creator",
  description: config.get("teamDescription") ?? "Developers",
  members: [deployer.fullName],
});
const readers = new quay.Team("readers", { organization: org.name, name: "readers" });
new quay.TeamMember("admin-reads", {
  organization: org.name,
  team: readers.name,
  member: config.get("adminUser") ?? "admin",
});

const api = new quay.Repository("api", { namespace: org.name, name: "api", description: "The API" });
const web = new quay.Repository("web", { namespace: org.name, name: "frontend/web", visibility: "public" });
const nginx = new quay.Repository("nginx", { namespace: org.name, name: "nginx" });

new quay.RepositoryPermission("developers-write-api", {
  repository: api.fullName,
  team: developers.name,
  role: "write",
});
new quay.RepositoryPermission("deployer-write-web", {
  repository: web.fullName,
  user: deployer.fullName,
  role: "write",
});
new quay.DefaultPermission("readers-read-new", { organization: org.name, delegateTeam: readers.name, role: "read" });

new quay.RepositoryNotification("api-pushes", {
  repository: api.fullName,
  event: "repo_push",
  method: "webhook",
  config: { url: "https://hooks.example.com/quay/SECRET-HOOK-PATH" },
  title: "API pushes",
});

new quay.RepositoryMirror("nginx-mirror", {
  repository: nginx.fullName,
  externalReference: "docker.io/library/nginx",
  robot: puller.fullName,
  tagPatterns: ["1.*", "latest"],
  syncIntervalSeconds: 3600,
  username: "reader",
  password: config.requireSecret("mirrorPassword"),
});

exports.pullSecret = deployer.dockerConfigJson;
exports.repositories = [api.fullName, web.fullName, nginx.fullName];
