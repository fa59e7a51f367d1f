// A generated registry of `size` resources in one organization: per unit a team, a robot, a
// repository, the team's and the robot's permissions on it and a notification; a default permission
// every 8th unit and a mirror every 5th. `edit` (0–100) changes that percentage of the descriptions,
// `editCount` that many.
// With `baseline=true`, the same shape is built from trivial dynamic resources that call nothing:
// the engine's own floor for the benchmark. With `native=true`, the resources are pulumi-quay's native
// ones, served by the `pulumi-resource-quay` plugin.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const size = Number(config.require("size"));
const edit = Number(config.get("edit") ?? "0");
const editCount = Number(config.get("editCount") ?? "0");
const orgName = config.get("orgName") ?? "scale";
const baseline = config.getBoolean("baseline") ?? false;
const native = config.getBoolean("native") ?? false;

/** A dynamic resource that stores its inputs and calls nothing. */
const trivialProvider = {
  async create(inputs) {
    return { id: inputs.key, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: JSON.stringify({ ...olds, __provider: 0 }) !== JSON.stringify({ ...news, __provider: 0 }) };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async read(id, props) {
    return { id, props };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(kind, name, args, opts) {
    super(trivialProvider, name, { ...args, key: `${kind}:${name}`, fullName: undefined }, opts, "baseline", kind);
  }
}

/** Declares one resource, real or trivial; `fullName` stands in for every output used as a reference. */
function declare(kind, name, args, opts) {
  if (baseline) {
    const resource = new Trivial(kind, name, args, opts);
    return { name: resource.key, fullName: resource.key, resource };
  }
  const quay = require(native ? "pulumi-quay/native" : "pulumi-quay");
  const resource = new quay[kind](name, args, opts);
  return Object.assign(resource, { resource });
}

let count = 0;
const add = (kind, name, args, opts = {}) => {
  count += 1;
  return declare(kind, name, args, opts);
};

const org = add("Organization", "org", { name: orgName });
const described = (i, text) => (i < Math.max(editCount, (size * edit) / 100) ? `${text} (edited)` : text);
for (let i = 0; count < size; i += 1) {
  const team = add("Team", `team-${i}`, {
    organization: org.name,
    name: `team${i}`,
    description: described(i, `Team ${i}`),
  });
  if (count >= size) break;
  const robot = add("Robot", `robot-${i}`, { organization: org.name, name: `robot${i}` });
  if (count >= size) break;
  // After its robot, so a destroy deletes the repository (and with it any mirror naming the robot) first.
  const repository = add(
    "Repository",
    `repo-${i}`,
    { namespace: org.name, name: `group${i % 10}/repo${i}`, description: described(i, `Repository ${i}`) },
    { dependsOn: [robot.resource] },
  );
  const rest = [
    [
      "RepositoryPermission",
      `team-${i}-on-repo-${i}`,
      { repository: repository.fullName, team: team.name, role: "write" },
    ],
    [
      "RepositoryPermission",
      `robot-${i}-on-repo-${i}`,
      // A mirror raises its robot to write; declaring less would fight it.
      { repository: repository.fullName, user: robot.fullName, role: i % 5 === 0 ? "write" : "read" },
    ],
    [
      "RepositoryNotification",
      `repo-${i}-pushes`,
      {
        repository: repository.fullName,
        event: "repo_push",
        method: "webhook",
        config: { url: `https://hooks.example.com/${i}` },
      },
    ],
  ];
  if (i % 8 === 0)
    rest.push([
      "DefaultPermission",
      `team-${i}-default`,
      { organization: org.name, delegateTeam: team.name, role: "read" },
    ]);
  if (i % 5 === 0) {
    rest.push([
      "RepositoryMirror",
      `repo-${i}-mirror`,
      {
        repository: repository.fullName,
        externalReference: `docker.io/library/image${i}`,
        robot: robot.fullName,
        tagPatterns: ["latest"],
      },
    ]);
  }
  for (const [kind, name, args] of rest) {
    if (count >= size) break;
    add(kind, name, args);
  }
}

exports.resources = count;
