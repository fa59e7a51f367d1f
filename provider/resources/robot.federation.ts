/**
 * A robot's federation (docs/quay-behavior.md §21): the OIDC issuer and subject pairs whose tokens may act
 * as it, for keyless logins from CI systems. Quay 3.13 and later; a user's robot from 3.17.2.
 */

import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { isQuayError } from "../quay/errors";
import { params, pathsFor } from "./robot.routes";

/** One trusted identity: tokens from `issuer` whose subject is `subject` may act as the robot. */
export interface FederationPair {
  issuer: string;
  subject: string;
}

const federationReply = z.array(z.object({ issuer: z.string(), subject: z.string() }));

/** Pairs in one order, duplicates removed: the order a program lists them in does not matter. */
export function normalizedPairs(pairs: readonly FederationPair[]): FederationPair[] {
  const unique = new Map(pairs.map((pair) => [`${pair.issuer} ${pair.subject}`, pair]));
  return [...unique.values()].sort((a, b) => a.issuer.localeCompare(b.issuer) || a.subject.localeCompare(b.subject));
}

/** The robot's pairs, in one order. */
export async function readFederation(client: QuayClient, organization: string | undefined, name: string) {
  const pairs = await client.cachedRead(pathsFor(organization).getFederation, federationReply, {
    params: params(organization, name),
  });
  return normalizedPairs(pairs ?? []);
}

/** {@link readFederation}, with none where Quay has no federation to show (before 3.13). */
export async function readFederationWhereServed(client: QuayClient, organization: string | undefined, name: string) {
  return readFederation(client, organization, name).catch((error: unknown) => {
    if (isQuayError(error, "QUAY_NOT_FOUND")) return [];
    throw error;
  });
}

/** Replaces the robot's pairs (Quay's POST replaces the whole list). */
export async function writeFederation(
  client: QuayClient,
  organization: string | undefined,
  name: string,
  pairs: readonly FederationPair[],
) {
  await client.request(pathsFor(organization).setFederation, { params: params(organization, name), body: pairs });
}
