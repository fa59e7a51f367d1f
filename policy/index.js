// The registry policy pack of pulumi-quay: `pulumi preview --policy-pack node_modules/pulumi-quay/policy`.
const { registryPolicyPack } = require("../dist/provider/policy/pack");
const { rules } = require("../dist/provider/policy/rules");

registryPolicyPack(rules);
