// Use what another team manages without managing it: the platform team's pull robot and base image,
// read from Quay with GET requests only (at preview too). Nothing here is created or changed.
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <an OAuth token that may see the platform organization>
//   pulumi config set platformOrganization platform
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as quay from "pulumi-quay";

const platform = new pulumi.Config().get("platformOrganization") ?? "platform";

const puller = quay.getRobot({ organization: platform, name: "puller" });
const base = quay.getRepository({ namespace: platform, name: "base/alpine" });

/** A `.dockerconfigjson` for the platform's pull robot: a secret, as the robot's token is. */
export const pullSecret = puller.dockerConfigJson;
/** The base image every team builds on. */
export const baseImage = pulumi.interpolate`${base.quayUrl}/${base.fullName}`.apply((url) =>
  url.replace(/^https?:\/\//, ""),
);
