/**
 * The emulator's own control endpoints under `/__emulator/`, a prefix real Quay does not use: metrics,
 * state, users and tokens, tags, garbage collection, faults and feature flags.
 */
import type { FaultSettings } from "./faults";
import { messageError, Reply } from "./replies";
import type { EmulatorServer } from "./server";
import { dumpState } from "./state-dump";
import { pointTag } from "./tag-history";

/** Answers `method path` (below the prefix) with body `raw` for `server`. */
export function control(server: EmulatorServer, method: string, path: string, raw: string): Reply {
  let body: Record<string, unknown>;
  try {
    body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
  } catch (error) {
    return messageError(400, `control body is not JSON: ${(error as Error).message}`);
  }
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /faults":
      return new Reply(200, { ...server.faults.settings, injected: server.faults.injected });
    case "PUT /faults":
      try {
        server.setFaults(body as FaultSettings);
      } catch (error) {
        return messageError(400, (error as Error).message);
      }
      return new Reply(200, server.faults.settings);
    case "DELETE /faults":
      server.setFaults({});
      return new Reply(204, undefined);
    case "GET /features":
      return new Reply(200, server.options.features);
    case "PUT /features":
      Object.assign(server.options.features, body);
      return new Reply(200, server.options.features);
    case "GET /metrics":
      return new Reply(200, server.metrics);
    case "POST /metrics/reset":
      server.resetMetrics();
      return new Reply(200, server.metrics);
    case "GET /state":
      return new Reply(200, dumpState(server.state));
    case "POST /gc":
      return new Reply(200, server.state.collectGarbage(Number.POSITIVE_INFINITY));
    case "POST /users": {
      const username = String(body.username);
      server.state.addUser(username, {
        superuser: body.superuser === true,
        email: body.email as string | undefined,
        password: body.password as string | undefined,
      });
      return new Reply(200, { username, token: server.state.issueToken(username, body.scopes as never) });
    }
    case "POST /tags": {
      // A push, as `docker push` would make it: `{repository, tag, digest?, size?}`.
      const repository = server.state.repositories.get(String(body.repository));
      if (!repository) return messageError(404, `no repository ${body.repository}`);
      const digest = typeof body.digest === "string" ? body.digest : `sha256:${"0".repeat(64)}`;
      const size = typeof body.size === "number" ? body.size : 0;
      pointTag(server.state, repository, String(body.tag), { manifestDigest: digest, size });
      return new Reply(200, { repository: body.repository, tag: body.tag });
    }
    default:
      return messageError(404, `no control endpoint ${key}`);
  }
}
