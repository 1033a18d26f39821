import { useState } from "preact/hooks";
import type { AuditEntry } from "#contract/audit";
import { MethodCollections, type AuthenticationMethod, type MethodType } from "#contract/admin/methods";
import type { User } from "#contract/admin/user";
import { tenantPath } from "../api";
import { DataTable, Loading, PageHeading, Problem, useLoad } from "../ui";
import { useSave } from "./settings";

const methodLabel = (method: AuthenticationMethod) =>
  method.type === "phone" ? `${{ mobile: "Mobile phone", alternateMobile: "Alternate mobile phone", office: "Office phone" }[method.phoneType]} ${method.phoneNumber}` : method.type === "email" ? `Email ${method.emailAddress}` : { authenticatorApp: "Authenticator app", securityQuestions: "Security questions", extension: "Sesame extension" }[method.type];

/** The admin API collection each method is removed from (`DELETE …/authentication/:collection/:id`). */
const collectionOf = Object.fromEntries(Object.entries(MethodCollections).map(([collection, type]) => [type, collection])) as Record<MethodType, string>;
const methodPath = (userId: string, method: AuthenticationMethod) => tenantPath(`/users/${userId}/authentication/${collectionOf[method.type]}/${method.id}`);

function UserDetail({ userId, back }: { userId: string; back: () => void }) {
  const user = useLoad<User>(tenantPath(`/users/${userId}`));
  const methods = useLoad<{ value: AuthenticationMethod[] }>(tenantPath(`/users/${userId}/authentication/methods`));
  const activity = useLoad<{ value: AuditEntry[] }>(tenantPath(`/auditLogs?userId=${encodeURIComponent(userId)}&$top=20`));
  const { save, problem, busy } = useSave();
  const [phone, setPhone] = useState("");
  const [phoneType, setPhoneType] = useState("mobile");
  const [email, setEmail] = useState("");
  const [confirming, setConfirming] = useState(false);
  if (!user.data) return <Loading loaded={user} label="the user" />;
  const u = user.data;
  const list = methods.data?.value ?? [];
  const refresh = () => {
    user.reload();
    methods.reload();
    activity.reload();
  };
  return (
    <section aria-labelledby="user-heading">
      <h2 id="user-heading">
        {u.displayName} ({u.userName})
      </h2>
      <button type="button" class="link" onClick={back}>
        Back to all users
      </button>
      <p>
        Roles: {u.roles.join(", ")}. {u.accountEnabled ? "Enabled" : "Disabled"}. {u.locked ? "Locked." : "Not locked."}
      </p>
      <div class="actions">
        {u.locked ? (
          <button type="button" disabled={busy} onClick={async () => (await save("PATCH", tenantPath(`/users/${userId}`), { locked: false }, "User unlocked.")) && refresh()}>
            Unlock
          </button>
        ) : null}
        <button type="button" class={u.accountEnabled ? "danger" : ""} disabled={busy} onClick={async () => (await save("PATCH", tenantPath(`/users/${userId}`), { accountEnabled: !u.accountEnabled }, u.accountEnabled ? "User disabled." : "User enabled.")) && refresh()}>
          {u.accountEnabled ? "Disable" : "Enable"}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={async () => {
                // As Entra's "require re-register": every method goes, and the user registers anew
                // at their next sign-in (the registration gate asks for what the policies need).
                for (const method of list) await save("DELETE", methodPath(userId, method), undefined, "Methods removed: the user registers again at the next sign-in.");
                setConfirming(false);
                refresh();
              }}
            >
              Yes, remove every method
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            Require re-registration
          </button>
        )}
      </div>
      <Problem problem={problem} />
      <DataTable
        caption="Authentication methods"
        columns={["Method", "Registered", "Last used", "Actions"]}
        rows={list.map((m) => [methodLabel(m), m.createdAt, m.lastUsedAt, ""])}
        render={(r, c) => {
          const method = list[r]!;
          if (c !== 3) return undefined;
          return (
            <button type="button" class="danger" disabled={busy} aria-label={`Remove ${methodLabel(method)}`} onClick={async () => (await save("DELETE", methodPath(userId, method), undefined, "Method removed.")) && refresh()}>
              Remove
            </button>
          );
        }}
      />
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await save("POST", tenantPath(`/users/${userId}/authentication/phoneMethods`), { phoneNumber: phone, phoneType }, "Phone registered.")) {
            setPhone("");
            refresh();
          }
        }}
      >
        <h3>Pre-register a phone</h3>
        <label for="new-phone">Phone number</label>
        <input id="new-phone" type="tel" required value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        <label for="new-phone-type">Type</label>
        <select id="new-phone-type" value={phoneType} onChange={(e) => setPhoneType(e.currentTarget.value)}>
          <option value="mobile">Mobile</option>
          <option value="alternateMobile">Alternate mobile</option>
          <option value="office">Office</option>
        </select>
        <button type="submit" disabled={busy}>
          Add phone
        </button>
      </form>
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await save("POST", tenantPath(`/users/${userId}/authentication/emailMethods`), { emailAddress: email }, "Email registered.")) {
            setEmail("");
            refresh();
          }
        }}
      >
        <h3>Pre-register an email</h3>
        <label for="new-email">Email address</label>
        <input id="new-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          Add email
        </button>
      </form>
      <DataTable caption="Recent activity" columns={["Time", "Activity", "Result", "Reason"]} rows={(activity.data?.value ?? []).map((e) => [e.time, e.activity, e.result, e.reason])} csv={`activity-${u.userName}`} />
    </section>
  );
}

export function UsersPage({ userId, open }: { userId: string | null; open: (id: string | null) => void }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const users = useLoad<{ value: User[] }>(tenantPath(`/users?$top=100${query ? `&$search=${encodeURIComponent(query)}` : ""}`));
  const list = users.data?.value ?? [];
  return (
    <>
      <PageHeading>Users</PageHeading>
      {userId ? (
        <UserDetail userId={userId} back={() => open(null)} key={userId} />
      ) : (
        <>
          <form
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              setQuery(search.trim());
            }}
          >
            <label for="user-search">Search users</label>
            <input id="user-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
            <button type="submit">Search</button>
          </form>
          <Loading loaded={users} label="users" />
          <DataTable
            caption={query ? `Users matching “${query}”` : "All users"}
            columns={["User name", "Display name", "Roles", "Enabled", "Locked"]}
            rows={list.map((u) => [u.userName, u.displayName, u.roles.join(", "), u.accountEnabled ? "yes" : "no", u.locked ? "yes" : "no"])}
            csv="users"
            render={(r, c) =>
              c === 0 ? (
                <a href={`#/users/${list[r]!.id}`} onClick={(event) => (event.preventDefault(), open(list[r]!.id))}>
                  {list[r]!.userName}
                </a>
              ) : undefined
            }
          />
        </>
      )}
    </>
  );
}
