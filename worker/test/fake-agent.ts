import { exports } from "cloudflare:workers";
import { CompactSign, compactDecrypt, exportJWK } from "jose";
import { ServerMessageSchema, parseMessage, type Command, type CommandOutcome, type EcPublicJwk, type ServerMessage } from "#contract/writeback";

/**
 * An agent written for worker tests: real keys, real JWE and JWS, over a real WebSocket to the
 * worker's `/v1/writeback/connect`, but no directory. The on-premises agent itself (agent/) is
 * tested in Node against a real OpenLDAP.
 */
export interface AgentKeys {
  encryption: CryptoKeyPair;
  signing: CryptoKeyPair;
}

export async function agentKeys(): Promise<AgentKeys> {
  const encryption = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
  const signing = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  return { encryption, signing };
}

const publicJwk = async (key: CryptoKey): Promise<EcPublicJwk> => {
  const { x, y } = await exportJWK(key);
  return { kty: "EC", crv: "P-256", x: x!, y: y! };
};

/** Opens the agent's WebSocket: the HTTP answer when the worker refuses it, the agent when not. */
export async function connectAgent(key: string, keys?: AgentKeys): Promise<FakeAgent | Response> {
  const response = await exports.default.fetch(
    new Request("http://sesame.test/v1/writeback/connect", { headers: { upgrade: "websocket", authorization: `Bearer ${key}` } }),
  );
  if (!response.webSocket) return response;
  response.webSocket.accept();
  return new FakeAgent(response.webSocket, keys ?? (await agentKeys()));
}

export class FakeAgent {
  readonly received: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    readonly keys: AgentKeys,
  ) {
    ws.addEventListener("message", (event) => {
      const message = typeof event.data === "string" ? parseMessage(ServerMessageSchema, event.data) : null;
      if (message) this.received.push(message);
      this.wake();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  async hello(overrides: Record<string, unknown> = {}): Promise<void> {
    this.send({
      type: "hello",
      protocol: 1,
      version: "0.1.0-test",
      directory: "openldap",
      encryptionKey: await publicJwk(this.keys.encryption.publicKey),
      signingKey: await publicJwk(this.keys.signing.publicKey),
      ...overrides,
    });
    await this.until(() => this.received.some((m) => m.type === "welcome") || this.closed !== null);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  commands(): Command[] {
    return this.received.filter((m): m is Command => m.type === "command");
  }

  /** The nth command this agent received, waiting for it. */
  async command(index = 0): Promise<Command> {
    await this.until(() => this.commands().length > index);
    return this.commands()[index]!;
  }

  /** Opens a command's sealed password as the real agent does. */
  async password(command: Command): Promise<{ password: string; header: Record<string, unknown> }> {
    const { plaintext, protectedHeader } = await compactDecrypt(command.password!, this.keys.encryption.privateKey);
    return { password: new TextDecoder().decode(plaintext), header: protectedHeader };
  }

  /** Answers a command with a result signed by `signWith` (this agent's key unless a test forges one). */
  async answer(command: Command, outcome: CommandOutcome, tenant: string, signWith = this.keys.signing.privateKey): Promise<void> {
    const payload = new TextEncoder().encode(JSON.stringify({ commandId: command.commandId, tenant, outcome, at: Date.now() }));
    const signed = await new CompactSign(payload).setProtectedHeader({ alg: "ES256" }).sign(signWith);
    this.send({ type: "result", commandId: command.commandId, signed });
  }

  close(): void {
    try {
      this.ws.close(1000, "test done");
    } catch {
      // already closed
    }
  }

  async until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
    const started = Date.now();
    while (!check()) {
      if (Date.now() - started > timeoutMs) throw new Error("fake agent: timed out waiting");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
