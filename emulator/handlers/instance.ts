/**
 * What a Quay says about itself: the registry's capabilities (`endpoints/api/capabilities.py`, 3.17 and
 * later, no token needed) and, for superusers with FEATURE_SUPERUSER_CONFIGDUMP, its configuration
 * (`SuperUserDumpConfig`). docs/quay-behavior.md §V.19.
 */
import { type Features, type Handler, type HandlerFamily, type RequestContext, sinceVersion } from "../context";
import { mirrorArchitectures } from "../mirroring";
import { isSuperuser, requireFreshLogin, unauthorized } from "../permissions";

/** GET /registry/capabilities — sparse manifests follow FEATURE_SPARSE_INDEX. */
const getRegistryCapabilities: Handler = (context) => ({
  status: 200,
  body: {
    sparse_manifests: {
      supported: context.features.sparseIndex,
      required_architectures: [],
      optional_architectures_allowed: context.features.sparseIndex,
    },
    mirror_architectures: mirrorArchitectures,
  },
});

/** Quay's names of the feature flags the emulator honours. */
const featureNames: Record<keyof Features, string> = {
  superusersFullAccess: "FEATURE_SUPERUSERS_FULL_ACCESS",
  changeTagExpiration: "FEATURE_CHANGE_TAG_EXPIRATION",
  extendedRepositoryNames: "FEATURE_EXTENDED_REPOSITORY_NAMES",
  repoMirror: "FEATURE_REPO_MIRROR",
  teamInvites: "FEATURE_MAILING",
  teamSyncing: "FEATURE_TEAM_SYNCING",
  sparseIndex: "FEATURE_SPARSE_INDEX",
  nonSuperuserTeamSyncingSetup: "FEATURE_NONSUPERUSER_TEAM_SYNCING_SETUP",
  quotaManagement: "FEATURE_QUOTA_MANAGEMENT",
  autoPrune: "FEATURE_AUTO_PRUNE",
  proxyCache: "FEATURE_PROXY_CACHE",
  immutableTags: "FEATURE_IMMUTABLE_TAGS",
  orgMirror: "FEATURE_ORG_MIRROR",
  userInitialize: "FEATURE_USER_INITIALIZE",
  userMetadata: "FEATURE_USER_METADATA",
  partialUserAutocomplete: "FEATURE_PARTIAL_USER_AUTOCOMPLETE",
  appSpecificTokens: "FEATURE_APP_SPECIFIC_TOKENS",
  superuserConfigDump: "FEATURE_SUPERUSER_CONFIGDUMP",
};

/** The configuration the emulator runs with, in Quay's keys; it has no environment or schema to show. */
function configuration(context: RequestContext) {
  const features = Object.fromEntries(
    (Object.keys(featureNames) as (keyof Features)[]).map((name) => [featureNames[name], context.features[name]]),
  );
  return {
    SERVER_HOSTNAME: context.host,
    PREFERRED_URL_SCHEME: "http",
    AUTHENTICATION_TYPE: context.authentication,
    SUPER_USERS: [...context.state.superuserNames],
    ...features,
  };
}

/** GET /superuser/config — a superuser's, and only with config dumps on: else 403 insufficient_scope (§V.19). */
const getSuperuserConfig: Handler = (context) => {
  requireFreshLogin(context);
  if (!isSuperuser(context) || !context.features.superuserConfigDump) throw unauthorized(context);
  return { status: 200, body: { config: configuration(context), warning: {}, env: {}, schema: {} } };
};

/** The instance routes. */
export const family: HandlerFamily = {
  routes: {
    getRegistryCapabilities: "GET /registry/capabilities",
    getSuperuserConfig: "GET /superuser/config",
  },
  handlers: { getRegistryCapabilities, getSuperuserConfig },
  versionGates: sinceVersion({ getRegistryCapabilities }, "3.17"),
};
