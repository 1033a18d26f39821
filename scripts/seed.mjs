import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { demoGroups, demoTenant, demoTenantId, demoUsers } from "./demo-tenant.mjs";

/**
 * Seeds the demo tenant through the real admin API, once: when the tenant already exists only
 * its allowed origins are brought up to date. The demo admin key is kept in the local state
 * folder, because a key is shown only when it is created.
 */
export async function seedDemo({ api, bootstrap, demoOrigins, keyFile }) {
  const request = async (method, path, token, body) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = response.status === 204 ? null : await response.json();
    return { status: response.status, json };
  };
  const must = async (method, path, token, body) => {
    const answer = await request(method, path, token, body);
    if (answer.status >= 400) throw new Error(`${method} ${path} failed: ${JSON.stringify(answer.json)}`);
    return answer.json;
  };

  const existing = await request("GET", `/v1/tenants/${demoTenantId}`, bootstrap);
  let created = false;
  let key;
  if (existing.status === 404) {
    const made = await must("POST", "/v1/tenants", bootstrap, demoTenant(demoOrigins));
    key = made.apiKey.key;
    created = true;
  } else {
    const origins = [...new Set([...existing.json.allowedOrigins, ...demoOrigins])];
    if (origins.length !== existing.json.allowedOrigins.length) {
      await must("PATCH", `/v1/tenants/${demoTenantId}`, bootstrap, { allowedOrigins: origins });
    }
    const saved = existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : "";
    if (saved && (await request("GET", `/v1/tenants/${demoTenantId}`, saved)).status === 200) key = saved;
    else key = (await must("POST", `/v1/tenants/${demoTenantId}/apiKeys`, bootstrap, { name: "npm start" })).key;
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });

  if (created) {
    const base = `/v1/tenants/${demoTenantId}`;
    // The demo page shows every flow, SMS sign-in among them.
    await must("PATCH", `${base}/policies/smsSignIn`, key, { enabled: true });
    const groupIds = {};
    for (const group of demoGroups) {
      groupIds[group.key] = (await must("POST", `${base}/groups`, key, { displayName: group.displayName, description: group.description })).id;
    }
    for (const { user, phones, emails } of demoUsers) {
      const body = { ...user, groups: (user.groups ?? []).map((name) => groupIds[name]) };
      const made = await must("POST", `${base}/users`, key, body);
      for (const phone of phones) await must("POST", `${base}/users/${made.id}/authentication/phoneMethods`, key, phone);
      for (const emailAddress of emails) await must("POST", `${base}/users/${made.id}/authentication/emailMethods`, key, { emailAddress });
    }
  }
  return { key, created };
}
