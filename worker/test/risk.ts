import { call, type Answer } from "./api";
import { flowTenant, messagesTo, startFlow, submit, userWithMethods } from "./flows";

/** A tenant for phone-protection tests, with its admin key and widget origin. */
export async function protectedTenant(id: string, extra: Record<string, unknown> = {}) {
  return flowTenant(id, extra);
}

export function setPolicy(tenant: string, key: string, body: Record<string, unknown>): Promise<Answer> {
  return call("PATCH", `/v1/tenants/${tenant}/policies/phoneProtection`, { token: key, body });
}

export interface Decision {
  flowId: string | null;
  score: number;
  decision: "allow" | "challenge" | "block";
  enforced: boolean;
  outcome: "sent" | "withheld" | "rate_limited" | "failed";
  signals: { reason: string; points: number }[];
  explanation: string[];
  ms: number;
}

/** The tenant's decisions about a number, newest first, waiting for the one a flow just made. */
export async function decisionsFor(tenant: string, key: string, phone: string, atLeast = 1): Promise<Decision[]> {
  for (let i = 0; i < 200; i++) {
    const answer = await call("GET", `/v1/tenants/${tenant}/phoneProtection/decisions?phoneNumber=${encodeURIComponent(phone)}`, { token: key });
    if (answer.json.value.length >= atLeast) return answer.json.value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no decision about ${phone}`);
}

export const reasonsOf = (decision: Decision) => decision.signals.map((s) => s.reason);

let users = 0;

/**
 * Registers a user with this mobile number and asks for an SMS code to it, as the widget would:
 * start, identify, choose SMS and type the number. Answers the choose step.
 */
export async function askForCode(tenant: string, key: string, origin: string, phone: string, ip = "203.0.113.7", register = true): Promise<{ answer: Answer; flowId: string }> {
  const userName = `risk${++users}-${phone.slice(-4)}@${tenant}.example`;
  if (register) await userWithMethods(tenant, key, { userName, phone, email: `${userName.split("@")[0]}.home@example.org` });
  const flowId = (await startFlow(tenant, origin, "reset", ip)).json.id as string;
  await submit(flowId, origin, { identifier: register ? userName : phone }, ip);
  return { answer: await submit(flowId, origin, { method: "sms-1", confirm: phone }, ip), flowId };
}

/** Whether any message reached the number (background delivery included). */
export async function received(phone: string): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    if ((await messagesTo(phone)).length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
