// The smallest pulumi-quay program: one organization.
//   pulumi config set quay:url https://quay.example.com
//   pulumi config set --secret quay:token <an OAuth token with user:admin and org:admin>
//   pulumi up
import * as quay from "pulumi-quay";

const platform = new quay.Organization("platform", {
  name: "platform",
  email: "platform-team@example.com",
});

/** The organization's name, as Quay has it. */
export const organization = platform.name;
/** Its contact e-mail. */
export const email = platform.email;
