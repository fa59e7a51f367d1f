/**
 * A loopback HTTP(S) server that answers each request with the next scripted reply: a status and
 * body, a dropped connection, or silence. Records what it received. For client tests only; the
 * resource tests use the emulator.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** One scripted answer. */
export type ScriptedReply =
  | { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
  | { drop: true }
  | { hang: true };

/** What the server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A running scripted server. */
export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  /** Replaces the script; replies are used in order, the last one repeats. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

/** Starts a scripted server; pass `tls` for HTTPS with that key and certificate. */
export async function startScriptedServer(tls?: { key: string; cert: string }): Promise<ScriptedServer> {
  let replies: ScriptedReply[] = [{ status: 200, body: {} }];
  const received: ReceivedRequest[] = [];
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const reply = replies.length > 1 ? replies.shift()! : replies[0];
      if ("drop" in reply) {
        request.socket.destroy();
        return;
      }
      if ("hang" in reply) return;
      const payload = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
      response.writeHead(reply.status, {
        "content-type": reply.raw === undefined ? "application/json" : "text/html",
        ...reply.headers,
      });
      response.end(payload);
    });
  };
  const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    received,
    script: (...next) => {
      replies = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
