import { computed, signal } from "@preact/signals";

/**
 * Who the console acts as: a tenant and a Bearer credential, either the console token an admin's
 * sign-in produced (short-lived, ES256, audience `<issuer>/admin`) or an admin API key typed in
 * for automation. Kept in sessionStorage, so it dies with the tab; never in localStorage or a cookie.
 */
export interface Session {
  tenant: string;
  credential: string;
  kind: "console" | "apiKey";
  /** Who signed in, for the header. */
  name: string;
  /** ms; console tokens only. */
  expiresAt: number | null;
}

const KEY = "sesame.console.session";

function load(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
    if (!stored || typeof stored.tenant !== "string" || typeof stored.credential !== "string") return null;
    if (stored.expiresAt !== null && stored.expiresAt <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());
export const signedIn = computed(() => session.value !== null);

export function signIn(next: Session): void {
  session.value = next;
  sessionStorage.setItem(KEY, JSON.stringify(next));
}

export function signOut(): void {
  session.value = null;
  sessionStorage.removeItem(KEY);
}
