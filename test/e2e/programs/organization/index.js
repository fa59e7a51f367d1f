// End-to-end fixture: plain JavaScript, so the run measures the provider rather than ts-node.
const pulumi = require("@pulumi/pulumi");
const quay = require("pulumi-quay");

const config = new pulumi.Config();
const org = new quay.Organization("org", { name: config.require("orgName"), email: config.get("orgEmail") });

exports.organization = org.name;
exports.email = org.email;
