/**
 * The emulator's in-memory Quay: users and tokens, organizations with their teams, repositories,
 * robots, and what deletions leave behind until Quay's garbage collectors run. Handler families keep
 * data of their own on these records with {@link EmulatorState.attached}; it goes with the record.
 */
import { randomUUID } from "node:crypto";
import {
  allScopes,
  newToken,
  type OrganizationRecord,
  type PrototypeRecord,
  type RepositoryRecord,
  type RobotRecord,
  repositoryKey,
  type Scope,
  type TeamRecord,
  type TokenRecord,
  type UserRecord,
} from "./records";

/**
 * Something a deletion left for a garbage collector, and when the collector gets to it: at a time, or
 * (with {@link EmulatorState.gcAfterRequests}) once the emulator has served so many requests.
 */
interface Pending<T> {
  item: T;
  due: number;
  dueRequest: number;
}

/** The whole server state; handlers read and change it directly. */
export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
  /** Live repositories by `namespace/name`, in creation order. */
  readonly repositories = new Map<string, RepositoryRecord>();
  /** Robot accounts by full name. */
  readonly robots = new Map<string, RobotRecord>();
  /** Deleted namespaces whose names stay taken until the namespace GC purges them (§0.11). */
  readonly deletedNamespaces: Pending<string>[] = [];
  /** Deleted repositories, renamed to a UUID and `MARKED_FOR_DELETION`, until the repository GC purges them (§V.5). */
  readonly deletedRepositories: Pending<RepositoryRecord>[] = [];
  /** How long Quay's garbage collectors take to get to a deletion (they poll every 60 s). */
  gcDelayMs = 60_000;
  /**
   * When set, the collectors get to a deletion after this many further requests instead of after
   * {@link gcDelayMs}: the same outcome on a fast machine and a loaded one, for tests.
   */
  gcAfterRequests: number | undefined;
  /** Requests served so far, the clock of {@link gcAfterRequests}. */
  requestsServed = 0;
  private readonly gcTriggers: { route?: string; remaining: number }[] = [];
  /** The time in milliseconds, for what Quay times (login throttling, tag lifetimes); tests may replace it. */
  clock: () => number = Date.now;
  /** Quay's `SUPER_USERS`: the names that are superusers once such a user exists (the first, initialized, one). */
  readonly superuserNames = new Set<string>();
  private readonly families = new WeakMap<object, Map<string, unknown>>();
  private nextUserId = 1;
  private nextRepositoryId = 1;

  /** Data a handler family keeps on `record` (an organization, a repository, a robot), created on first use. */
  attached<T>(record: object, family: string, create: () => T): T {
    let byFamily = this.families.get(record);
    if (!byFamily) {
      byFamily = new Map();
      this.families.set(record, byFamily);
    }
    if (!byFamily.has(family)) byFamily.set(family, create());
    return byFamily.get(family) as T;
  }

  /** Adds a user account; without a password it cannot sign in. */
  addUser(username: string, options: { superuser?: boolean; email?: string; password?: string } = {}): UserRecord {
    const user = {
      username,
      email: options.email ?? `${username}@example.com`,
      superuser: options.superuser ?? false,
      enabled: true,
      id: this.nextUserId++,
      password: options.password ?? null,
      sessionGeneration: 0,
    };
    this.users.set(username, user);
    return user;
  }

  /** Issues a token for `username` with `scopes` (all of them by default), valid for `lifetimeMs` when given. */
  issueToken(username: string, scopes: readonly Scope[] = allScopes, lifetimeMs?: number): string {
    const token = newToken();
    const expiresAt = lifetimeMs === undefined ? undefined : this.clock() + lifetimeMs;
    this.tokens.set(token, { username, scopes: new Set(scopes), expiresAt });
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

  /** Marks an organization deleted: its name stays taken until purged; its repositories and robots go (§2, §16). */
  deleteOrganization(name: string): void {
    this.organizations.delete(name);
    this.deleteNamespaceContents(name);
  }

  /** A deleted namespace's name stays taken until purged; its repositories and robots go with it. */
  private deleteNamespaceContents(name: string): void {
    this.deletedNamespaces.push(this.pending(name));
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
      id: this.nextRepositoryId++,
      namespace,
      name,
      description: options.description,
      isPublic: options.isPublic,
      state: "NORMAL",
      statusToken: randomUUID(),
      userRoles: new Map([[options.creator, "admin"]]),
      teamRoles: new Map(),
      tags: new Map(),
    };
    const organization = this.organizations.get(namespace);
    if (organization && options.creator !== namespace) this.applyPrototypes(organization, repository, options.creator);
    this.repositories.set(repositoryKey(namespace, name), repository);
    return repository;
  }

  /** Marks a repository for deletion: renamed to a UUID at once (the name is free), purged later (§4, §V.5). */
  deleteRepository(repository: RepositoryRecord): void {
    this.repositories.delete(repositoryKey(repository.namespace, repository.name));
    repository.name = randomUUID();
    repository.state = "MARKED_FOR_DELETION";
    this.deletedRepositories.push(this.pending(repository));
  }

  /** Repositories deleted but not purged yet: they still hold their mirror configuration and permissions. */
  markedRepositories(): RepositoryRecord[] {
    this.collectGarbage();
    return this.deletedRepositories.map((pending) => pending.item);
  }

  /** Every repository of `namespace`, live or marked for deletion, in creation order. */
  repositoriesOf(namespace: string): RepositoryRecord[] {
    return [...this.repositories.values(), ...this.markedRepositories()]
      .filter((repository) => repository.namespace === namespace)
      .sort((left, right) => left.id - right.id);
  }

  /**
   * Marks a user deleted: like an organization, the name stays taken until purged and its repositories and
   * robots go; its tokens stop working (§14).
   */
  deleteUser(username: string): void {
    this.users.delete(username);
    this.deleteNamespaceContents(username);
    for (const [token, record] of this.tokens) if (record.username === username) this.tokens.delete(token);
    for (const organization of this.organizations.values()) {
      for (const team of organization.teams.values()) team.members.delete(username);
    }
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
    this.collectGarbage();
    if (this.users.has(name) || this.organizations.has(name)) return "live";
    return this.deletedNamespaces.some((pending) => pending.item === name) ? "deleted" : undefined;
  }

  /**
   * Runs Quay's namespace and repository garbage collectors on what is due (everything with
   * `now: Infinity`): deleted names become free and deleted repositories go, with their mirrors.
   */
  collectGarbage(now = Date.now()): { namespaces: string[]; repositories: number } {
    const isDue = (entry: Pending<unknown>) => entry.due <= now || entry.dueRequest <= this.requestsServed;
    const purge = <T>(pending: Pending<T>[]) => {
      const due = pending.filter(isDue);
      pending.splice(0, pending.length, ...pending.filter((entry) => !isDue(entry)));
      return due.map((entry) => entry.item);
    };
    return { namespaces: purge(this.deletedNamespaces), repositories: purge(this.deletedRepositories).length };
  }

  /**
   * Makes the collectors get to everything deleted so far once `requests` more requests are served (of
   * the route `route`, `METHOD /path` as the metrics name it, when given): a test's event, not a timer.
   */
  collectGarbageAfter(requests: number, route?: string): void {
    this.gcTriggers.push({ route, remaining: requests });
  }

  /** Counts a request to `route` (as the metrics name it), the clock of the collectors' counted triggers. */
  served(route: string): void {
    this.requestsServed += 1;
    for (const trigger of [...this.gcTriggers]) {
      if (trigger.route !== undefined && trigger.route !== route) continue;
      // The request now arriving is the one after those to wait for: the collectors run before it.
      trigger.remaining -= 1;
      if (trigger.remaining >= 0) continue;
      this.gcTriggers.splice(this.gcTriggers.indexOf(trigger), 1);
      this.collectGarbage(Number.POSITIVE_INFINITY);
    }
  }

  /** `item`, due for the collectors after the delay or the number of requests set. */
  private pending<T>(item: T): Pending<T> {
    const counted = this.gcAfterRequests !== undefined;
    return {
      item,
      due: counted ? Number.POSITIVE_INFINITY : Date.now() + this.gcDelayMs,
      dueRequest: counted ? this.requestsServed + (this.gcAfterRequests ?? 0) : Number.POSITIVE_INFINITY,
    };
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

  /** The data handler families keep on `record`, by family, when they keep any. */
  attachedTo(record: object): ReadonlyMap<string, unknown> | undefined {
    return this.families.get(record);
  }
}
