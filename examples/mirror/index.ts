// Mirror tags of an external repository into Quay (needs FEATURE_REPO_MIRROR on the Quay).
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <an OAuth token with org:admin and repo:admin>
//   pulumi config set --secret upstreamPassword <password or token for the external registry>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as quay from "pulumi-quay";

const config = new pulumi.Config();

const org = new quay.Organization("mirrors", { name: "mirrors" });
const puller = new quay.Robot("puller", { organization: org.name, name: "puller", description: "Mirror pulls" });
const nginx = new quay.Repository(
  "nginx",
  {
    namespace: org.name,
    name: "nginx",
    description: "Mirror of nginx",
    // Its tags come from upstream and the next sync brings them back: deleting them loses nothing.
    forceDelete: true,
  },
  // Quay cannot delete a mirror configuration, so the robot is in use until the repository goes: a
  // destroy must delete the repository before the robot.
  { dependsOn: [puller] },
);

new quay.RepositoryMirror("nginx", {
  repository: nginx.fullName,
  // Quay checks that the registry's host name resolves to a public address.
  externalReference: "docker.io/library/nginx",
  robot: puller.fullName,
  tagPatterns: ["1.27.*", "stable"],
  syncIntervalSeconds: 6 * 3600,
  username: "mirror-reader",
  // Write-only in Quay: stored encrypted in state, sent only when it changes.
  password: config.requireSecret("upstreamPassword"),
  // Change this value to start a sync right away.
  syncTrigger: config.get("syncTrigger"),
});

/** Pull from here once the first sync has run. */
export const repository = nginx.fullName;
