/** The checks of a tenant's shape that its schema cannot say: names it refers to without declaring them. */
import { unknownValue } from "../resources/_shared/define";
import type { Bag } from "./_shared/define";
import { entriesOf, pathText } from "./_shared/paths";
import { declared, ownersTeam } from "./tenant.names";

/**
 * The names the shape refers to that it does not declare, each naming its path: a team's robot, a role of a
 * team or robot, a mirror's robot, a default permission's delegate. Values unknown at preview are skipped.
 */
export function validateTenant(shape: Bag): { property: string; reason: string }[] {
  const problems: { property: string; reason: string }[] = [];
  const at = (...path: string[]) => pathText(path);
  const known = (value: unknown) => typeof value === "string" && value !== unknownValue;
  const needs = (property: string, map: "teams" | "robots", name: unknown, what: string) => {
    if (name === undefined || name === unknownValue) return;
    if (typeof name !== "string") {
      problems.push({ property, reason: `must be a ${what}'s name as a plain string` });
    } else if (!(map === "teams" && name === ownersTeam) && !declared(shape, map, name)) {
      problems.push({ property, reason: `names the ${what} "${name}", which is not declared in ${map}` });
    }
  };
  if (declared(shape, "teams", ownersTeam)) {
    problems.push({
      property: at("teams", ownersTeam),
      reason: "is Quay's own team: every organization has it, and no tenant declares it",
    });
  }
  for (const [team, spec] of entriesOf(shape.teams)) {
    for (const member of Array.isArray(spec.members) ? spec.members : []) {
      if (known(member) && (String(member).includes("+") || declared(shape, "robots", String(member)))) {
        problems.push({
          property: at("teams", team, "members"),
          reason: `lists users only: name the robot "${String(member)}" in robots, by short name`,
        });
      }
    }
    for (const robot of Array.isArray(spec.robots) ? spec.robots : []) {
      needs(at("teams", team, "robots"), "robots", robot, "robot");
    }
    if (spec.syncGroup && (spec.members !== undefined || spec.robots !== undefined)) {
      problems.push({
        property: at("teams", team, "members"),
        reason: "cannot be set with syncGroup: a synced team's members come from the group",
      });
    }
  }
  for (const [repository, spec] of entriesOf(shape.repositories)) {
    for (const [team] of entriesOf(spec.teams))
      needs(at("repositories", repository, "teams", team), "teams", team, "team");
    for (const [robot] of entriesOf(spec.robots)) {
      needs(at("repositories", repository, "robots", robot), "robots", robot, "robot");
    }
    for (const [user] of entriesOf(spec.users)) {
      if (user.includes("+")) {
        problems.push({
          property: at("repositories", repository, "users", user),
          reason: "lists users only: grant robots in robots, by short name",
        });
      }
    }
    const mirror = spec.mirror as Bag | undefined;
    if (mirror && typeof mirror === "object") {
      needs(at("repositories", repository, "mirror", "robot"), "robots", mirror.robot, "robot");
      if (spec.state !== undefined && spec.state !== "MIRROR" && spec.state !== unknownValue) {
        problems.push({
          property: at("repositories", repository, "state"),
          reason: "must be unset (or MIRROR) for a repository with a mirror: the mirror sets it",
        });
      }
    }
  }
  for (const [rule, spec] of entriesOf(shape.defaultPermissions)) {
    const given = [spec.team, spec.robot, spec.user].filter((value) => value !== undefined).length;
    if (given !== 1) {
      problems.push({
        property: at("defaultPermissions", rule),
        reason: "must set exactly one of team, robot and user",
      });
    }
    needs(at("defaultPermissions", rule, "team"), "teams", spec.team, "team");
    needs(at("defaultPermissions", rule, "robot"), "robots", spec.robot, "robot");
  }
  return problems;
}
