import { afterEach, describe, expect, it } from "vitest";
import type { FlowEnvelope } from "#contract/flows/envelope";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => cleanup());

const overview = (methods: NonNullable<FlowEnvelope["ui"]["securityInfo"]>["methods"]) =>
  envelope(
    "overview",
    {
      ui: {
        securityInfo: {
          methods,
          questions: [],
          questionsToRegister: 3,
          changesAllowedUntil: new Date(Date.now() + 600_000).toISOString(),
          registration: { required: 1, registered: methods.length },
        },
      },
    },
    "security_info",
  );
const phone = { id: "ph1", type: "phone" as const, phoneType: "mobile" as const, hint: "+1 ••• ••• ••77", smsSignIn: true, lastConfirmedAt: null };
const totp = { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", uri: "otpauth://totp/Contoso:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Contoso" };
const verifyTotp = (withSecret: boolean) =>
  envelope(
    "verify_totp",
    {
      messages: withSecret ? [{ id: 1010014, key: "SCAN_AUTHENTICATOR_QR", type: "info", text: "Scan the QR code with your authenticator app, then enter the code it shows." }] : [],
      ui: { code: { channel: "totp", length: 6, resendAvailableAt: null }, ...(withSecret ? { totp } : {}) },
    },
    "security_info",
  );

describe("My security info", () => {
  it("lists the user's methods masked, each removable by a button that names it", async () => {
    const api = fakeApi({ create: () => ok(overview([phone])), submit: () => ok(overview([])) });
    const ui = await renderWidget(api, { flow: "security-info" });
    cleanup = ui.cleanup;
    await ui.until(() => ui.heading() === "My security info", "the overview");
    expect(ui.text()).toContain("Phone +1 ••• ••• ••77");
    const remove = ui.$$("button").find((button) => button.getAttribute("aria-label") === "Remove Phone +1 ••• ••• ••77")!;
    await ui.click(remove);
    expect(api.submits).toEqual([{ action: "remove", methodId: "ph1" }]);
    await ui.until(() => ui.text().includes("You haven't added any methods yet."), "the empty list");
  });

  it("adds an authenticator app: QR code and spaced secret, kept after a wrong code, then the code", async () => {
    const api = fakeApi({
      create: () => ok(overview([phone])),
      submit: (payload) => {
        if (payload.action === "add_authenticator") return ok(verifyTotp(true));
        if (payload.code === "000000") return refused("OTP_INVALID", { flow: verifyTotp(false) });
        return ok(overview([phone, { id: "app1", type: "authenticatorApp", hint: null, lastConfirmedAt: null }]));
      },
    });
    const ui = await renderWidget(api, { flow: "security-info" });
    cleanup = ui.cleanup;
    await ui.until(() => ui.heading() === "My security info", "the overview");
    await ui.click(ui.$$("button").find((button) => button.textContent === "Add an authenticator app")!);
    await ui.until(() => ui.heading() === "Set up your authenticator app", "the authenticator step");
    expect(ui.$("svg[role=img]")?.getAttribute("aria-label")).toBe("QR code for your authenticator app");
    expect(ui.$("code.secret")?.textContent).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(ui.text()).toContain("Scan the QR code with your authenticator app");
    expect(ui.$("#sesame-code")?.getAttribute("autocomplete")).toBe("one-time-code");

    await ui.type("#sesame-code", "000000");
    await ui.submit();
    expect(ui.text()).toContain("That code didn't work.");
    expect(ui.$("svg[role=img]")).not.toBeNull();
    expect(ui.$("code.secret")?.textContent).toContain("JBSW");

    await ui.type("#sesame-code", "123456");
    await ui.submit();
    await ui.until(() => ui.heading() === "My security info", "the overview again");
    expect(ui.text()).toContain("Authenticator app");
    expect(ui.$$("button").some((button) => button.textContent === "Add an authenticator app")).toBe(false);
    expect(api.submits).toEqual([{ action: "add_authenticator" }, { action: "verify", code: "000000" }, { action: "verify", code: "123456" }]);
  });

  it("cancels adding a method with `cancel`, and finishes with `finish`", async () => {
    const api = fakeApi({
      create: () => ok(verifyTotp(true)),
      submit: (payload) => ok(payload.action === "cancel" ? overview([phone]) : envelope("done", {}, "security_info")),
    });
    const ui = await renderWidget(api, { flow: "security-info" });
    cleanup = ui.cleanup;
    await ui.until(() => ui.heading() === "Set up your authenticator app", "the authenticator step");
    await ui.click(ui.$$("button").find((button) => button.textContent === "Cancel")!);
    await ui.until(() => ui.heading() === "My security info", "the overview");
    await ui.click(ui.$$("button").find((button) => button.textContent === "Done")!);
    await ui.until(() => ui.heading() === "Your security info is up to date", "done");
    expect(api.submits).toEqual([{ action: "cancel" }, { action: "finish" }]);
  });

  it("without a valid sign-in says to sign in again, with no retry that cannot help", async () => {
    const api = fakeApi({ create: () => refused("UNAUTHENTICATED", { status: 401 }) });
    const ui = await renderWidget(api, { flow: "security-info" });
    cleanup = ui.cleanup;
    await ui.until(() => ui.text().includes("Sign in again to see your security info."), "the refusal");
    expect(ui.$("button")).toBeNull();
  });
});
