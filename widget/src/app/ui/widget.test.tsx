import { afterEach, describe, expect, it, vi } from "vitest";
import { envelope, fakeApi, ok, refused } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("the widget around the steps", () => {
  it("renders in the chosen language, and says so with lang", async () => {
    const ui = await renderWidget(fakeApi({}), { locale: "pt-BR" });
    cleanup = ui.cleanup;
    expect(ui.heading()).toBe("Redefinir sua senha");
    expect(ui.$(".root")?.getAttribute("lang")).toBe("pt-BR");
    expect(ui.$("label")?.textContent).toBe("Nome de usuário, e-mail ou telefone");
  });

  it("applies the theme and the tenant's branding under the partner's custom properties", async () => {
    const ui = await renderWidget(fakeApi({}), { theme: "dark" });
    cleanup = ui.cleanup;
    const root = ui.$(".root")!;
    expect(root.classList.contains("dark")).toBe(true);
    expect(root.style.getPropertyValue("--_brand-primary")).toBe("#0f6cbd");
    expect(root.style.getPropertyValue("--_brand-on-primary")).toBe("#ffffff");
  });

  it("styles itself through one adopted stylesheet, so a strict style-src needs nothing inline", async () => {
    const ui = await renderWidget(fakeApi({}));
    cleanup = ui.cleanup;
    expect(ui.shadow.adoptedStyleSheets).toHaveLength(1);
    expect(ui.shadow.querySelector("style")).toBeNull();
  });

  it("shows the first step while the flow is created, the tenant's name in a row kept for it", async () => {
    let release!: () => void;
    const ui = await renderWidget(fakeApi({ create: () => new Promise((resolve) => (release = () => resolve(ok(envelope("identify"))))) }));
    cleanup = ui.cleanup;
    expect(ui.heading()).toBe("Reset your password");
    expect(ui.$(".brand")?.textContent).toBe("");
    release();
    await ui.until(() => ui.$(".brand")?.textContent === "Contoso", "the tenant's name");
  });
});

describe("errors that stop the flow", () => {
  it("a misconfigured widget (unknown tenant, foreign origin) says so, with nothing to retry", async () => {
    const ui = await renderWidget(fakeApi({ config: () => refused("ORIGIN_NOT_ALLOWED", { status: 403 }), create: () => refused("ORIGIN_NOT_ALLOWED", { status: 403 }) }));
    cleanup = ui.cleanup;
    expect(ui.$('[role="alert"]')?.textContent).toContain("isn't set up correctly");
    expect(ui.$$("button")).toHaveLength(0);
  });

  it("an unreachable server offers a retry that creates the flow again", async () => {
    let up = false;
    const api = fakeApi({ create: () => (up ? ok(envelope("identify")) : refused("NETWORK_ERROR", { status: 0 })) });
    const ui = await renderWidget(api);
    cleanup = ui.cleanup;
    expect(ui.$('[role="alert"]')?.textContent).toBe("We couldn't reach the server. Check your connection and try again.");
    up = true;
    await ui.click(ui.$$("button").find((b) => b.textContent === "Try again")!);
    await ui.until(() => ui.heading() === "Reset your password" && ui.$("input"), "the first step");
  });

  it("an expired flow offers to start over", async () => {
    const api = fakeApi({ submit: () => refused("FLOW_EXPIRED", { status: 410 }) });
    const ui = await renderWidget(api);
    cleanup = ui.cleanup;
    await ui.type("input", "alice");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe("This session has expired. Start over to continue.");
    await ui.click(ui.$$("button").find((b) => b.textContent === "Start over")!);
    await ui.until(() => ui.$("input"), "a fresh first step");
    expect(api.creates).toBe(2);
  });

  it("a step this widget does not know is refused as STATE_UNSUPPORTED, pointing to the helpdesk", async () => {
    const ui = await renderWidget(fakeApi({ create: () => ok(envelope("registration_required")) }));
    cleanup = ui.cleanup;
    expect(ui.$('[role="alert"]')?.textContent).toBe("This step can't be completed here. Contact your helpdesk.");
  });

  it("a throttle shows when to try again, counts down, and holds the button", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const ui = await renderWidget(fakeApi({ submit: () => refused("RATE_LIMITED", { status: 429, retryAfter: 75 }) }));
    cleanup = ui.cleanup;
    await ui.type("input", "alice");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe("Too many attempts. Try again in 75 seconds.");
    expect(ui.$("button[type=submit]")?.getAttribute("aria-disabled")).toBe("true");
    await vi.advanceTimersByTimeAsync(70_000);
    await ui.flush();
    expect(ui.$('[role="alert"]')?.textContent).toBe("Too many attempts. Try again in 5 seconds.");
    await vi.advanceTimersByTimeAsync(5_000);
    await ui.flush();
    expect(ui.$('[role="alert"]')?.textContent).toBe("");
    expect(ui.$("button[type=submit]")?.getAttribute("aria-disabled")).toBeNull();
  });
});
