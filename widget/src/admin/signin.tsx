import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";
import { useEffect, useRef, useState } from "preact/hooks";
import type { FlowEnvelope } from "#contract/flows/envelope";
import { api, problemText, type ApiProblem } from "./api";
import { signIn } from "./session";
import { Problem } from "./ui";

type Me = { kind: "consoleUser"; userName: string; expiresAt: string } | { kind: "apiKey"; keyId: string } | { kind: "operator" };

/** Solves the flow's ALTCHA proof of work in the browser, as the widget does: nothing to click. */
async function captchaToken(flow: FlowEnvelope): Promise<string | undefined> {
  const captcha = flow.ui.captcha;
  if (!captcha || captcha.provider !== "altcha") return undefined;
  const challenge = captcha.challenge as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("captcha");
  return btoa(JSON.stringify({ challenge, solution }));
}

async function finish(tenant: string, credential: string, kind: "console" | "apiKey"): Promise<ApiProblem | null> {
  const answer = await fetch(`/v1/tenants/${encodeURIComponent(tenant)}/me`, { headers: { authorization: `Bearer ${credential}` }, credentials: "omit" });
  const body = (await answer.json().catch(() => null)) as (Me & { error?: ApiProblem }) | null;
  if (!answer.ok || !body || body.error) {
    return body?.error ?? { code: "INTERNAL", message: `HTTP ${answer.status}`, status: answer.status };
  }
  const name = body.kind === "consoleUser" ? body.userName : body.kind === "apiKey" ? `API key ${body.keyId}` : "operator";
  signIn({ tenant, credential, kind, name, expiresAt: body.kind === "consoleUser" ? Date.parse(body.expiresAt) : null });
  return null;
}

/**
 * The console's sign-in: an admin of the tenant with their password and a second factor, through
 * the same sign-in flow API the widget uses (started with `client=console`, so the token is a
 * console token); or an admin API key, for automation and break-glass access.
 */
export function SignIn() {
  const [tenant, setTenant] = useState(() => new URLSearchParams(location.search).get("tenant") ?? "");
  const [flow, setFlow] = useState<FlowEnvelope | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<"account" | "apiKey">("account");
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [flow?.state, mode]);

  async function step(payload: Record<string, unknown>) {
    if (!flow) return;
    setBusy(true);
    setProblem(null);
    try {
      const body = flow.state === "identify" ? { ...payload, ...(await captchaTokenOrNull(flow)) } : payload;
      const answer = await api<FlowEnvelope>("POST", `/v1/flows/${flow.id}`, body, { auth: false });
      if (!answer.ok) {
        const refused = (answer.problem as ApiProblem & { flow?: FlowEnvelope }).flow;
        if (refused) setFlow(refused);
        setProblem(answer.problem);
        // A failed first step needs a fresh flow (and CAPTCHA) to try again.
        if (flow.state === "identify") setFlow(await start(tenant));
        return;
      }
      if (answer.value.state === "done" && answer.value.ui.token) {
        const failed = await finish(tenant, answer.value.ui.token, "console");
        if (failed) setProblem(failed);
        return;
      }
      setFlow(answer.value);
    } finally {
      setBusy(false);
    }
  }

  async function captchaTokenOrNull(current: FlowEnvelope): Promise<{ captcha?: string }> {
    try {
      const token = await captchaToken(current);
      return token ? { captcha: token } : {};
    } catch {
      return {};
    }
  }

  async function start(id: string): Promise<FlowEnvelope | null> {
    const answer = await api<FlowEnvelope>("POST", `/v1/flows/signin?tenant=${encodeURIComponent(id)}&client=console`, undefined, { auth: false });
    if (!answer.ok) {
      setProblem(answer.problem);
      return null;
    }
    return answer.value;
  }

  const onTenant = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setFlow(await start(tenant.trim()));
    setBusy(false);
  };

  const form = (event: Event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget as HTMLFormElement)) as Record<string, string>;
    if (mode === "apiKey") {
      setBusy(true);
      setProblem(null);
      void finish(tenant.trim(), (data.key ?? "").trim(), "apiKey").then((failed) => {
        setProblem(failed);
        setBusy(false);
      });
      return;
    }
    if (flow?.state === "identify") void step({ userName: data.userName, password: data.password });
    else if (flow?.state === "choose_method") void step({ method: data.method });
    else if (flow?.state === "verify_code") void step({ action: "verify", code: data.code });
  };

  return (
    <main id="main" class="signin">
      <h1 ref={heading} tabIndex={-1}>
        {mode === "apiKey" ? "Sign in with an admin API key" : flow?.state === "choose_method" ? "Verify it's you" : flow?.state === "verify_code" ? "Enter your code" : "Sign in to the Sesame admin console"}
      </h1>
      <Problem problem={problem} />
      {mode === "account" && !flow ? (
        <form onSubmit={onTenant}>
          <label for="tenant">Organization (tenant id)</label>
          <input id="tenant" name="tenant" required autoComplete="organization" value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>
            Next
          </button>
        </form>
      ) : null}
      {mode === "account" && flow?.state === "identify" ? (
        <form onSubmit={form}>
          <p>Organization: {tenant}</p>
          <label for="userName">User name</label>
          <input id="userName" name="userName" required autoComplete="username" />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" required autoComplete="current-password" />
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : null}
      {mode === "account" && flow?.state === "choose_method" ? (
        <form onSubmit={form}>
          <fieldset>
            <legend>Admins sign in with a second method. Where should we send a code?</legend>
            {(flow.methods ?? []).map((method, index) => (
              <div class="choice" key={method.id}>
                <input type="radio" id={`method-${method.id}`} name="method" value={method.id} defaultChecked={index === 0} />
                <label for={`method-${method.id}`}>
                  {{ sms: "Text", voice: "Call", email: "Email", totp: "Authenticator app" }[method.kind as string] ?? method.kind} {method.hint}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>
            Send code
          </button>
        </form>
      ) : null}
      {mode === "account" && flow?.state === "verify_code" ? (
        <form onSubmit={form}>
          <label for="code">Code</label>
          <input id="code" name="code" required inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6,10}" />
          <button type="submit" disabled={busy}>
            Verify
          </button>
        </form>
      ) : null}
      {mode === "account" && flow && !["identify", "choose_method", "verify_code"].includes(flow.state) ? (
        <p role="alert">{flow.messages.map((m) => m.text).join(" ") || problemText({ code: "FORBIDDEN", message: "This account cannot sign in to the console.", status: 403 })}</p>
      ) : null}
      {mode === "apiKey" ? (
        <form onSubmit={form}>
          <label for="tenant-key">Organization (tenant id)</label>
          <input id="tenant-key" name="tenant" required value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} />
          <label for="key">Admin API key</label>
          <input id="key" name="key" type="password" required autoComplete="off" />
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      ) : null}
      <p>
        <button
          type="button"
          class="link"
          onClick={() => {
            setMode(mode === "account" ? "apiKey" : "account");
            setProblem(null);
          }}
        >
          {mode === "account" ? "Use an admin API key instead" : "Sign in with your admin account instead"}
        </button>
      </p>
    </main>
  );
}
