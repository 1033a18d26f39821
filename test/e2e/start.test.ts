import { describe, expect, it } from "vitest";
import { startSesame } from "../support/start-sesame";

async function userNames(api: string, key: string): Promise<string[]> {
  const response = await fetch(`${api}/v1/tenants/demo/users?$top=100`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: { userName: string }[] }).value.map((u) => u.userName);
}

describe("npm start", () => {
  it("runs the worker with a seeded demo tenant, keeps its data across restarts, and stops cleanly", async () => {
    const first = await startSesame();
    let names: string[];
    try {
      const health = await fetch(`${first.api}/v1/health`);
      expect(await health.json()).toMatchObject({ status: "ok" });
      names = await userNames(first.api, first.adminKey);
      expect(names).toEqual(expect.arrayContaining(["alice@contoso.example", "carol@contoso.example"]));
      expect(first.output()).toContain(`${first.api}/v1/health`);
    } finally {
      await first.stop();
    }
    await expect(fetch(`${first.api}/v1/health`)).rejects.toThrow();

    const second = await startSesame({ port: first.port, stateDir: first.stateDir });
    try {
      expect(second.adminKey).toBe(first.adminKey);
      expect(await userNames(second.api, second.adminKey)).toEqual(names);
    } finally {
      await second.stop();
    }
  });
});
