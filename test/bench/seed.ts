/** One account of the bench: its tenant, user name and the mobile number it signs in with. */
export interface BenchAccount {
  tenant: string;
  userName: string;
  phone: string;
}

/** Runs `work` over `items` with `concurrency` in flight at once. */
export async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

async function must(api: string, method: string, path: string, token: string, body?: unknown): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (response.ok) return text ? JSON.parse(text) : null;
    // A loaded machine may overload an object while seeding; that is not what is measured.
    if (response.status >= 500 && attempt < 3) continue;
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
}

/** US numbers in the 555-01xx range, which libphonenumber accepts, over many area codes. */
const areaCodes = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228];
export const benchPhone = (n: number) => `+1${areaCodes[Math.floor(n / 100) % areaCodes.length]}5550${100 + (n % 100)}`;

/**
 * Tenants and accounts through the real admin API, as an operator and the tenants' admins would:
 * SMS through the webhook gateway, SMS sign-in on, each account with its own mobile number enabled
 * for sign-in. Returns the accounts interleaved by tenant, so consecutive requests hit different tenants.
 */
export async function seedBench(api: string, bootstrap: string, tenants: number, usersPerTenant: number, prefix = "bench"): Promise<BenchAccount[]> {
  const tenantIds = Array.from({ length: tenants }, (_, t) => `${prefix}-${t}`);
  const keys = await inParallel(tenantIds, 8, async (id) => {
    const made = await must(api, "POST", "/v1/tenants", bootstrap, { id, displayName: `Bench ${id}` });
    const key = made.apiKey.key as string;
    await must(api, "PATCH", `/v1/tenants/${id}/providers`, key, { sms: ["webhook"] });
    await must(api, "PATCH", `/v1/tenants/${id}/policies/smsSignIn`, key, { enabled: true });
    // Phone protection decides every send (its cost is measured) but in shadow mode: the bench's
    // fictional 555-01xx numbers, many per block, would otherwise be refused as pumping. The
    // CAPTCHA stays on at its lowest difficulty; the harness solves it as the widget would.
    await must(api, "PATCH", `/v1/tenants/${id}/policies/phoneProtection`, key, { mode: "shadow", captcha: { altchaDifficulty: 1_000 } });
    return key;
  });
  const accounts: BenchAccount[] = [];
  for (let u = 0; u < usersPerTenant; u++) {
    for (let t = 0; t < tenants; t++) accounts.push({ tenant: tenantIds[t]!, userName: `user${u}@${tenantIds[t]}.example`, phone: benchPhone(u * tenants + t) });
  }
  await inParallel(accounts, 16, async (account) => {
    const key = keys[tenantIds.indexOf(account.tenant)]!;
    const base = `/v1/tenants/${account.tenant}/users`;
    const user = await must(api, "POST", base, key, { userName: account.userName, displayName: account.userName.split("@")[0] });
    const phone = await must(api, "POST", `${base}/${user.id}/authentication/phoneMethods`, key, { phoneNumber: account.phone, phoneType: "mobile" });
    await must(api, "POST", `${base}/${user.id}/authentication/phoneMethods/${phone.id}/enableSmsSignIn`, key);
  });
  return accounts;
}
