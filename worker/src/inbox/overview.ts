import type { ExtensionMethod, ExtensionOverview } from "#contract/extension";
import { directoryOf } from "../directory/stub";
import type { Env } from "../env";
import { unwrap } from "../http/api-error";
import { lastReviewedAt, registrationOf } from "../flows/shared/requirements";
import type { Device } from "./device-auth";
import { inboxOf } from "./stubs";

const DAY_MS = 86_400_000;

/** What the popup shows of the user's security info: masked as the admin API masks it. */
export async function extensionOverview(env: Env, device: Device): Promise<ExtensionOverview> {
  const directory = directoryOf(env, device.tenantId);
  const [ctx, methods, blocked] = await Promise.all([directory.signInContext(), directory.listMethods(device.userId), inboxOf(env, device.tenantId, device.userId).blocked()]);
  const { tenant, reset } = unwrap(ctx);
  const registration = registrationOf(device.subject, reset);
  const reviewed = lastReviewedAt(device.subject);
  const reconfirmDays = reset.registration.reconfirmDays;
  return {
    userName: device.subject.user.userName,
    tenantName: tenant.branding.name ?? tenant.displayName,
    methods: unwrap(methods).map(
      (m): ExtensionMethod => ({
        id: m.id,
        type: m.type,
        ...(m.type === "phone" ? { phoneType: m.phoneType } : {}),
        hint: m.type === "phone" ? m.phoneNumber : m.type === "email" ? m.emailAddress : null,
        lastUsedAt: m.lastUsedAt,
        lastConfirmedAt: m.lastConfirmedAt,
      }),
    ),
    registration: { required: registration.required, registered: registration.registered },
    reconfirmDueAt: reconfirmDays > 0 && reviewed !== null ? new Date(reviewed + reconfirmDays * DAY_MS).toISOString() : null,
    blocked,
  };
}
