/** The emulator's in-memory Quay: users and their tokens, organizations and their teams. */
import { randomBytes, randomUUID } from "node:crypto";

/** OAuth scopes a token can carry (docs/quay-behavior.md §1.2). */
export const allScopes = [
  "repo:read",
  "repo:write",
  "repo:admin",
  "repo:create",
  "user:read",
  "user:admin",
  "org:admin",
  "super:user",
] as const;

/** A scope name. */
export type Scope = (typeof allScopes)[number];

/** A user account. */
export interface UserRecord {
  username: string;
  email: string;
  /** Listed in `SUPER_USERS`. */
  superuser: boolean;
}

/** An OAuth access token and what it may do. */
export interface TokenRecord {
  username: string;
  scopes: ReadonlySet<Scope>;
}

/** A repository role. */
export type Role = "read" | "write" | "admin";

/** A robot account, `<namespace>+<shortname>`. */
export interface RobotRecord {
  name: string;
  namespace: string;
  shortname: string;
  description: string;
  /** 64 characters of [A-Z0-9] (docs/quay-behavior.md §1.7). */
  token: string;
  created: Date;
  metadata: Record<string, unknown>;
}

/** A default permission ("prototype") of an organization. */
export interface PrototypeRecord {
  id: string;
  role: Role;
  delegate: { kind: "user" | "team"; name: string };
  activatingUser: string | null;
}

/** A repository notification. */
export interface NotificationRecord {
  uuid: string;
  title: string | null;
  event: string;
  method: string;
  config: Record<string, unknown>;
  eventConfig: Record<string, unknown>;
  failures: number;
}

/** A repository's mirror configuration. */
export interface MirrorRecord {
  isEnabled: boolean;
  externalReference: string;
  username: string | null;
  password: string | null;
  config: Record<string, unknown>;
  syncInterval: number;
  syncStartDate: string;
  syncStatus: "CANCEL" | "FAIL" | "NEVER_RUN" | "SUCCESS" | "SYNCING" | "SYNC_NOW";
  robot: string;
  rules: string[];
  skopeoTimeout: number;
  architectureFilter: string[];
}

/** A repository; its name may be nested (`team/app`). */
export interface RepositoryRecord {
  namespace: string;
  name: string;
  description: string;
  isPublic: boolean;
  state: "NORMAL" | "READ_ONLY" | "MIRROR";
  /** Direct roles of users and robots, by name. */
  userRoles: Map<string, Role>;
  /** Roles of teams of the owning organization, by team name. */
  teamRoles: Map<string, Role>;
  notifications: Map<string, NotificationRecord>;
  mirror?: MirrorRecord;
}

/** A team of an organization. */
export interface TeamRecord {
  name: string;
  role: "member" | "creator" | "admin";
  description: string;
  /** Usernames, robots included (`org+name`). */
  members: Set<string>;
}

/** An organization. */
export interface OrganizationRecord {
  name: string;
  /** As stored: a random UUID when created without an e-mail (docs/quay-behavior.md §2). */
  email: string;
  invoiceEmail: boolean;
  invoiceEmailAddress: string | null;
  tagExpirationSeconds: number;
  /** Teams in creation order (Quay sorts them by id). */
  teams: Map<string, TeamRecord>;
  /** Default permissions in creation order. */
  prototypes: PrototypeRecord[];
  /** Pending e-mail invitations to teams: username → team names. */
  invites: Map<string, Set<string>>;
}

/** Quay's tokens are [A-Z0-9]: 40 characters for OAuth tokens, 64 for robots (docs/quay-behavior.md §1.7). */
export function newToken(length = 40): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** The key of a repository in {@link EmulatorState.repositories}. */
export function repositoryKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** The whole server state; handlers read and change it directly. */
export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
  /** Repositories by `namespace/name`, in creation order. */
  readonly repositories = new Map<string, RepositoryRecord>();
  /** Robot accounts by full name. */
  readonly robots = new Map<string, RobotRecord>();
  /** Names of deleted namespaces the garbage collector has not purged yet: still taken (§0.11). */
  readonly deletedNamespaces = new Set<string>();

  /** Adds a user account. */
  addUser(username: string, options: { superuser?: boolean; email?: string } = {}): UserRecord {
    const user = { username, email: options.email ?? `${username}@example.com`, superuser: options.superuser ?? false };
    this.users.set(username, user);
    return user;
  }

  /** Issues a token for `username` with `scopes` (all of them by default). */
  issueToken(username: string, scopes: readonly Scope[] = allScopes): string {
    const token = newToken();
    this.tokens.set(token, { username, scopes: new Set(scopes) });
    return token;
  }

  /** Creates an organization with its `owners` team (role admin) holding the creator (§2). */
  createOrganization(name: string, email: string | undefined, creator: string): OrganizationRecord {
    const organization: OrganizationRecord = {
      name,
      email: email ?? randomUUID(),
      invoiceEmail: false,
      invoiceEmailAddress: null,
      tagExpirationSeconds: 1_209_600,
      teams: new Map([["owners", { name: "owners", role: "admin", description: "", members: new Set([creator]) }]]),
      prototypes: [],
      invites: new Map(),
    };
    this.organizations.set(name, organization);
    return organization;
  }

  /** Marks an organization deleted: its name stays taken, its repositories and robots go (§2, §16). */
  deleteOrganization(name: string): void {
    this.organizations.delete(name);
    this.deletedNamespaces.add(name);
    for (const [key, repository] of this.repositories) {
      if (repository.namespace === name) this.repositories.delete(key);
    }
    for (const [robotName, robot] of this.robots) {
      if (robot.namespace === name) this.robots.delete(robotName);
    }
  }

  /** Creates a repository with Quay's side effects: the creator's admin role and the org's prototypes (§4). */
  createRepository(
    namespace: string,
    name: string,
    options: { description: string; isPublic: boolean; creator: string },
  ): RepositoryRecord {
    const repository: RepositoryRecord = {
      namespace,
      name,
      description: options.description,
      isPublic: options.isPublic,
      state: "NORMAL",
      userRoles: new Map([[options.creator, "admin"]]),
      teamRoles: new Map(),
      notifications: new Map(),
    };
    const organization = this.organizations.get(namespace);
    if (organization && options.creator !== namespace) this.applyPrototypes(organization, repository, options.creator);
    this.repositories.set(repositoryKey(namespace, name), repository);
    return repository;
  }

  /** `permission.apply_default_permissions`: a prototype for the creator beats a generic one (§7). */
  private applyPrototypes(organization: OrganizationRecord, repository: RepositoryRecord, creator: string): void {
    const chosen = new Map<string, PrototypeRecord>();
    for (const prototype of organization.prototypes) {
      if (prototype.activatingUser !== null && prototype.activatingUser !== creator) continue;
      const key = `${prototype.delegate.kind}:${prototype.delegate.name}`;
      const current = chosen.get(key);
      if (!current || (current.activatingUser === null && prototype.activatingUser !== null))
        chosen.set(key, prototype);
    }
    for (const prototype of chosen.values()) {
      const roles = prototype.delegate.kind === "team" ? repository.teamRoles : repository.userRoles;
      roles.set(prototype.delegate.name, prototype.role);
    }
  }

  /** A robot account for `namespace` with a fresh 64-character token. */
  createRobot(namespace: string, shortname: string, description: string, metadata: Record<string, unknown>) {
    const robot: RobotRecord = {
      name: `${namespace}+${shortname}`,
      namespace,
      shortname,
      description,
      token: newToken(64),
      created: new Date(),
      metadata,
    };
    this.robots.set(robot.name, robot);
    return robot;
  }

  /** Whether a user or organization, live or deleted but not purged, has this name. */
  nameTaken(name: string): "live" | "deleted" | undefined {
    if (this.users.has(name) || this.organizations.has(name)) return "live";
    return this.deletedNamespaces.has(name) ? "deleted" : undefined;
  }

  /** Runs the namespace garbage collector: deleted names become free. */
  purgeDeletedNamespaces(): string[] {
    const purged = [...this.deletedNamespaces];
    this.deletedNamespaces.clear();
    return purged;
  }

  /** Whether `username` is in one of the organization's teams (robots included). */
  isMember(organization: OrganizationRecord, username: string): boolean {
    return [...organization.teams.values()].some((team) => team.members.has(username));
  }

  /** Whether `username` is in an admin-role team of the organization. */
  isAdmin(organization: OrganizationRecord, username: string): boolean {
    return [...organization.teams.values()].some((team) => team.role === "admin" && team.members.has(username));
  }

  /** The teams of `organization` that hold `username`. */
  teamsOf(organization: OrganizationRecord, username: string): TeamRecord[] {
    return [...organization.teams.values()].filter((team) => team.members.has(username));
  }

  /** A JSON-friendly copy of everything, for tests that compare Pulumi state with server state. */
  dump(): Record<string, unknown> {
    return {
      users: [...this.users.values()],
      organizations: [...this.organizations.values()].map((organization) => ({
        ...organization,
        teams: [...organization.teams.values()].map((team) => ({ ...team, members: [...team.members].sort() })),
        invites: Object.fromEntries([...organization.invites].map(([user, teams]) => [user, [...teams].sort()])),
      })),
      repositories: [...this.repositories.values()].map((repository) => ({
        ...repository,
        userRoles: Object.fromEntries(repository.userRoles),
        teamRoles: Object.fromEntries(repository.teamRoles),
        notifications: [...repository.notifications.values()],
      })),
      robots: [...this.robots.values()].map(({ token: _token, ...robot }) => robot),
      deletedNamespaces: [...this.deletedNamespaces],
    };
  }
}
