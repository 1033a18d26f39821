import { exports } from "cloudflare:workers";
import { deviceSigningString, type Paired, type PublicKeyJwk } from "#contract/extension";
import { base64url, sha256Hex } from "../src/lib/crypto";
import { call, type Answer } from "./api";

/** A browser extension's key pair, as the extension makes it (the private key not extractable). */
export async function deviceKeys(): Promise<{ keys: CryptoKeyPair; publicKey: PublicKeyJwk }> {
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
  const { kty, crv, x, y } = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
  return { keys, publicKey: { kty: kty as "EC", crv: crv as "P-256", x: x!, y: y! } };
}

export interface TestDevice extends Paired {
  keys: CryptoKeyPair;
}

/** The device fields, signed over the request as the extension signs them. */
export async function deviceAuth(device: TestDevice, method: string, path: string, body: string | null, at = Date.now()) {
  const ts = Math.floor(at / 1000);
  const signed = deviceSigningString(method, path, ts, await sha256Hex(body ?? ""));
  const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, device.keys.privateKey, new TextEncoder().encode(signed)));
  return { tenant: device.tenant, user: device.userId, device: device.deviceId, ts: String(ts), sig: base64url(sig) };
}

/** One device-signed request to the worker. */
export async function deviceCall(device: TestDevice, method: string, path: string, body?: unknown, at?: number): Promise<Answer> {
  const text = body === undefined ? null : JSON.stringify(body);
  const auth = await deviceAuth(device, method, path, text, at);
  const header = `Sesame-Device ${Object.entries(auth).map(([k, v]) => `${k}=${v}`).join(",")}`;
  return call(method, path, { headers: { authorization: header, ...(text ? { "content-type": "application/json" } : {}) }, ...(text ? { rawBody: text } : {}) });
}

/** Pairs a new device key with the user the ID token names. */
export async function pairDevice(tenant: string, idToken: string): Promise<TestDevice> {
  const { keys, publicKey } = await deviceKeys();
  const paired = await call("POST", `/v1/extension/pair?tenant=${tenant}`, { token: idToken, body: { publicKey, name: "Test browser" } });
  if (paired.status !== 201) throw new Error(`not paired: ${JSON.stringify(paired.json)}`);
  return { ...(paired.json as Paired), keys };
}

/** Opens the device's WebSocket to its inbox, and collects what arrives. */
export async function connectDevice(device: TestDevice) {
  const auth = await deviceAuth(device, "GET", "/v1/extension/connect", null);
  const response = await exports.default.fetch(new Request(`http://sesame.test/v1/extension/connect?${new URLSearchParams(auth)}`, { headers: { upgrade: "websocket" } }));
  const ws = response.webSocket;
  if (!ws) throw new Error(`no socket: ${response.status} ${await response.text()}`);
  ws.accept();
  const messages: any[] = [];
  ws.addEventListener("message", (event) => messages.push(JSON.parse(event.data as string)));
  return { ws, messages, hello: (after: number) => ws.send(JSON.stringify({ type: "hello", after })) };
}
