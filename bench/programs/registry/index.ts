// Benchmark program, in TypeScript as users write it: the registry the stack config `organizations`
// describes (each organization in the Tenant's shape), declared in the stack config's `form`:
//   objects: one resource per object, wired by references, as a user writes them without a Tenant;
//   tenant:  one Tenant per organization;
//   floor:   one dynamic resource that calls nothing (the engine's own cost of a run).
// `native` picks pulumi-quay/native. The program's start (ms since its process began, before the first
// resource) is written to the file PQ_BENCH_STARTUP names.
import { appendFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type * as Quay from "pulumi-quay";

const startedMs = performance.now();
const config = new pulumi.Config();
const native = config.getBoolean("native") ?? false;
const quay: typeof Quay = native ? require("pulumi-quay/native") : require("pulumi-quay");
const form = config.require("form");

interface Organization {
  name: string;
  teams: Record<string, { description: string }>;
  robots: Record<string, Record<string, never>>;
  repositories: Record<string, { description: string; teams: Record<string, "read" | "write" | "admin"> }>;
}

if (form === "floor") {
  const nothing: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
      return { id: "floor", outs: inputs };
    },
    async diff(_id, olds, news) {
      return { changes: olds.value !== news.value };
    },
    async update(_id, _olds, news) {
      return { outs: news };
    },
    async read(id, props) {
      return { id, props };
    },
  };
  class Nothing extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, string>) {
      super(nothing, name, props, {});
    }
  }
  new Nothing("floor", { value: config.get("edit") ?? "" });
} else {
  for (const organization of config.requireObject<Organization[]>("organizations")) {
    if (form === "tenant") {
      new quay.Tenant(organization.name, organization);
      continue;
    }
    const org = new quay.Organization(organization.name, { name: organization.name });
    const teams: Record<string, Quay.Team> = {};
    for (const [name, team] of Object.entries(organization.teams)) {
      teams[name] = new quay.Team(`${organization.name}-${name}`, { organization: org.name, name, ...team });
    }
    for (const name of Object.keys(organization.robots)) {
      new quay.Robot(`${organization.name}-${name}`, { organization: org.name, name });
    }
    for (const [name, repository] of Object.entries(organization.repositories)) {
      const repo = new quay.Repository(`${organization.name}-${name}`, {
        namespace: org.name,
        name,
        description: repository.description,
      });
      for (const [team, role] of Object.entries(repository.teams)) {
        new quay.RepositoryPermission(`${organization.name}-${name}-${team}`, {
          repository: repo.fullName,
          team: teams[team].name,
          role,
        });
      }
    }
  }
}

if (process.env.PQ_BENCH_STARTUP) appendFileSync(process.env.PQ_BENCH_STARTUP, `${startedMs}\n`);
