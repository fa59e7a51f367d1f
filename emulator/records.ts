/**
 * The records of the emulator's in-memory Quay (users, tokens, robots, organizations, teams,
 * repositories, prototypes) and the small facts they are built with: scopes, token shapes, avatars.
 */
import { createHash, randomBytes } from "node:crypto";

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
  /** A disabled user's tokens are refused. */
  enabled: boolean;
  /** Creation order, as Quay's ids give it. */
  id: number;
  /** The password to sign in with (`POST /api/v1/signin`); null for a user who cannot sign in. */
  password: string | null;
  /** Raised by a sign-out, which ends every session of the user (`invalidate_all_sessions`). */
  sessionGeneration: number;
}

/** An OAuth access token and what it may do. */
export interface TokenRecord {
  username: string;
  scopes: ReadonlySet<Scope>;
  /** When the token stops working, in the state's milliseconds; never when undefined. */
  expiresAt?: number;
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

/** A repository; its name may be nested (`team/app`). */
export interface RepositoryRecord {
  /** Creation order, as Quay's ids give it. */
  id: number;
  namespace: string;
  name: string;
  description: string;
  isPublic: boolean;
  state: "NORMAL" | "READ_ONLY" | "MIRROR" | "MARKED_FOR_DELETION";
  /** The badge token of a private repository: a UUID. */
  statusToken: string;
  /** Direct roles of users and robots, by name. */
  userRoles: Map<string, Role>;
  /** Roles of teams of the owning organization, by team name. */
  teamRoles: Map<string, Role>;
  /**
   * Live tags by name, with the manifest each points at (pushed through the control API), and the time a
   * tag expires when one was set; versions that ended are in `tag-history.ts`.
   */
  tags: Map<string, { manifestDigest: string; size: number; pushed: Date; expires?: Date }>;
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

/** A date as Python's `isoformat()` prints it, with microseconds, and a `Z` (mirrors, OAuth tokens, §1.7). */
export function pythonIsoformat(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Quay's avatar object: a SHA-256 hash of the name and a colour taken from it (docs/quay-behavior.md §1.7). */
export function avatar(name: string, kind: string) {
  const hash = createHash("sha256").update(name).digest("hex");
  const palette = ["#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd"];
  return { name, hash, color: palette[Number.parseInt(hash.slice(0, 2), 16) % palette.length], kind };
}
