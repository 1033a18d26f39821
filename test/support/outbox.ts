/** A message in the dev outbox, as `/dev/outbox.json` lists it (newest first). */
export interface OutboxEntry {
  channel: string;
  to: string;
  text: string;
  createdAt: string;
}

/**
 * The newest code the dev outbox holds for `to`, sent at or after `since`: what a user reads off
 * their phone or inbox. Delivery runs after the answer, so it waits (up to 15 s) for it to land.
 *
 * @example
 * await page.locator("#sesame-code").fill(await outboxCode(sesame.api, "+12015550101", since));
 */
export async function outboxCode(api: string, to: string, since: number): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const { value } = (await (await fetch(`${api}/dev/outbox.json?tenant=demo`)).json()) as { value: OutboxEntry[] };
    const code = value
      .filter((entry) => entry.to === to && Date.parse(entry.createdAt) >= since)
      .map((entry) => /\b(\d{6,10})\b/.exec(entry.text)?.[1])
      .find(Boolean);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code for ${to} in the dev outbox`);
}
