/**
 * The registry the benchmark declares: `objects` Quay objects in `organizations` organizations, each in
 * the Tenant's shape (teams, robots, repositories with a team's role), the same objects the per-object
 * program declares one by one. Per unit of an organization: a team, a robot, a repository and the team's
 * role on it; the last unit is cut short so each organization holds exactly its share.
 */

/** One organization of the benchmark, in the Tenant's shape. */
export interface BenchOrganization {
  name: string;
  teams: Record<string, { description: string }>;
  robots: Record<string, Record<string, never>>;
  repositories: Record<string, { description: string; teams: Record<string, "read" | "write" | "admin"> }>;
}

/** The organizations holding `objects` objects in all (the organizations included), `edited` of their repositories edited. */
export function benchRegistry(prefix: string, objects: number, organizations: number, edited = 0): BenchOrganization[] {
  const perOrganization = Math.floor(objects / organizations);
  let editsLeft = edited;
  return Array.from({ length: organizations }, (_, index) => {
    const organization: BenchOrganization = { name: `${prefix}-${index}`, teams: {}, robots: {}, repositories: {} };
    let count = 1;
    for (let unit = 0; count < perOrganization; unit += 1) {
      organization.teams[`team${unit}`] = { description: `Team ${unit}` };
      if (++count >= perOrganization) break;
      organization.robots[`robot${unit}`] = {};
      if (++count >= perOrganization) break;
      const description = editsLeft > 0 ? `Repository ${unit} (edited)` : `Repository ${unit}`;
      if (editsLeft > 0) editsLeft -= 1;
      organization.repositories[`group${unit % 10}/repo${unit}`] = { description, teams: {} };
      if (++count >= perOrganization) break;
      organization.repositories[`group${unit % 10}/repo${unit}`].teams[`team${unit}`] = "write";
      count += 1;
    }
    return organization;
  });
}

/** How many objects `registry` declares. */
export function objectCount(registry: readonly BenchOrganization[]): number {
  return registry.reduce(
    (sum, organization) =>
      sum +
      1 +
      Object.keys(organization.teams).length +
      Object.keys(organization.robots).length +
      Object.values(organization.repositories).reduce(
        (inner, repository) => inner + 1 + Object.keys(repository.teams).length,
        0,
      ),
    0,
  );
}
