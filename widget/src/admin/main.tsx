import { signal } from "@preact/signals";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { session, signOut } from "./session";
import { SignIn } from "./signin";
import { AuditPage } from "./pages/audit";
import { OverviewPage } from "./pages/overview";
import { ReportsPage } from "./pages/reports";
import { SETTINGS_TABS, SettingsPage, type SettingsTab } from "./pages/settings";
import { UsersPage } from "./pages/users";
import { WebhooksPage } from "./pages/webhooks";
import { LiveRegion } from "./ui";

/** The console's pages, by hash: `#/settings/methods`, `#/users/usr_…`. */
const PAGES = [
  ["overview", "Overview"],
  ["settings", "Settings"],
  ["users", "Users"],
  ["reports", "Reports"],
  ["audit", "Audit log"],
  ["webhooks", "Webhooks"],
] as const;
type Page = (typeof PAGES)[number][0];

const hash = signal(location.hash);
addEventListener("hashchange", () => (hash.value = location.hash));

function route(): { page: Page; sub: string | null } {
  const [, page, sub] = hash.value.split("/");
  const known = PAGES.find(([id]) => id === page);
  return { page: known ? known[0] : "overview", sub: sub ? decodeURIComponent(sub) : null };
}

const go = (path: string) => {
  location.hash = path;
};

function Shell() {
  const { page, sub } = route();
  const title = PAGES.find(([id]) => id === page)![1];
  useEffect(() => {
    document.title = `${title} · Sesame admin`;
    document.getElementById("page-heading")?.focus();
    // A settings tab keeps the focus where the keyboard put it; a new page or user moves it to the heading.
  }, [page, page === "settings" ? null : sub]);
  const tab = (SETTINGS_TABS.find(([id]) => id === sub)?.[0] ?? "properties") as SettingsTab;
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById("page-heading")?.focus())}>
        Skip to content
      </a>
      <header>
        <p class="brand">Sesame admin · {session.value!.tenant}</p>
        <p class="who">
          Signed in as {session.value!.name}{" "}
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        </p>
      </header>
      <nav aria-label="Console">
        <ul>
          {PAGES.map(([id, name]) => (
            <li key={id}>
              <a href={`#/${id}`} aria-current={id === page ? "page" : undefined}>
                {name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        {page === "overview" ? <OverviewPage /> : null}
        {page === "settings" ? <SettingsPage tab={tab} go={(next) => go(`/settings/${next}`)} /> : null}
        {page === "users" ? <UsersPage userId={sub} open={(id) => go(id ? `/users/${id}` : "/users")} /> : null}
        {page === "reports" ? <ReportsPage /> : null}
        {page === "audit" ? <AuditPage /> : null}
        {page === "webhooks" ? <WebhooksPage /> : null}
      </main>
    </>
  );
}

function Console() {
  return (
    <>
      {session.value ? <Shell /> : <SignIn />}
      <LiveRegion />
    </>
  );
}

// A console token expires: back to the sign-in then, rather than at the next refused call.
setInterval(() => {
  const current = session.value;
  if (current?.expiresAt && current.expiresAt <= Date.now()) signOut();
}, 10_000);

render(<Console />, document.getElementById("console")!);
