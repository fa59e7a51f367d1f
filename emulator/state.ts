/** The emulator's in-memory Quay: users and their tokens, organizations and their teams. */
import { randomBytes, randomUUID } from "node:crypto";

/** OAuth scopes a token can carry (quay-behavior.md §1.2). */
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
  /** As stored: a random UUID when created without an e-mail (quay-behavior.md §2). */
  email: string;
  invoiceEmail: boolean;
  invoiceEmailAddress: string | null;
  tagExpirationSeconds: number;
  /** Teams in creation order (Quay sorts them by id). */
  teams: Map<string, TeamRecord>;
}

/** Quay's OAuth tokens are 40 characters of [A-Z0-9] (quay-behavior.md §1.7). */
export function newToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return [...randomBytes(40)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** The whole server state; handlers read and change it directly. */
export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
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
    };
    this.organizations.set(name, organization);
    return organization;
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

  /** Whether `username` is in one of the organization's teams. */
  isMember(organization: OrganizationRecord, username: string): boolean {
    return [...organization.teams.values()].some((team) => team.members.has(username));
  }

  /** Whether `username` is in an admin-role team of the organization. */
  isAdmin(organization: OrganizationRecord, username: string): boolean {
    return [...organization.teams.values()].some((team) => team.role === "admin" && team.members.has(username));
  }

  /** A JSON-friendly copy of everything, for tests that compare Pulumi state with server state. */
  dump(): Record<string, unknown> {
    return {
      users: [...this.users.values()],
      organizations: [...this.organizations.values()].map((organization) => ({
        ...organization,
        teams: [...organization.teams.values()].map((team) => ({ ...team, members: [...team.members].sort() })),
      })),
      deletedNamespaces: [...this.deletedNamespaces],
    };
  }
}
