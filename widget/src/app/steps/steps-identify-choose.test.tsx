import { afterEach, describe, expect, it } from "vitest";
import { envelope, fakeApi, ok, refused, smsMethods } from "../testing/fakes";
import { renderWidget } from "../testing/render";

let cleanup = () => {};
afterEach(() => cleanup());

const labelled = (root: ShadowRoot, input: HTMLElement | null) => root.querySelector(`label[for="${input?.id}"]`)?.textContent;

describe("identify step", () => {
  it("renders a labelled field for the user name, without taking the page's focus", async () => {
    const ui = await renderWidget(fakeApi({}));
    cleanup = ui.cleanup;
    expect(ui.heading()).toBe("Reset your password");
    const input = ui.$<HTMLInputElement>("input");
    expect(labelled(ui.shadow, input)).toBe("User name, email or phone number");
    expect(input?.getAttribute("autocomplete")).toBe("username");
    expect(ui.shadow.activeElement).toBeNull();
    expect(ui.text()).toContain("Contoso");
  });

  it("says what is missing, tied to the field, instead of submitting nothing", async () => {
    const api = fakeApi({});
    const ui = await renderWidget(api);
    cleanup = ui.cleanup;
    await ui.submit();
    const input = ui.$("input")!;
    expect(api.submits).toEqual([]);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(ui.shadow.getElementById(input.getAttribute("aria-describedby")!.split(" ")[0]!)?.textContent).toBe("Fill in this field.");
  });

  it("asks for a mobile number with the phone keyboard in SMS sign-in", async () => {
    const api = fakeApi({ create: () => ok(envelope("identify", {}, "sms_signin")), submit: () => ok(envelope("verify_code", {}, "sms_signin")) });
    const ui = await renderWidget(api, { flow: "sms-signin" });
    cleanup = ui.cleanup;
    expect(ui.heading()).toBe("Sign in with a text message");
    const input = ui.$<HTMLInputElement>("input")!;
    expect([input.type, input.getAttribute("autocomplete"), input.getAttribute("inputmode")]).toEqual(["tel", "tel", "tel"]);
    expect(ui.text()).toContain("Include the country code");
    await ui.type("input", "+1 201 555 0101");
    await ui.submit();
    expect(api.submits).toEqual([{ phoneNumber: "+1 201 555 0101" }]);
  });

  it("shows the server's refusal in the alert region and points the field at it", async () => {
    const ui = await renderWidget(fakeApi({ submit: () => refused("PHONE_NUMBER_INVALID") }), { flow: "sms-signin" });
    cleanup = ui.cleanup;
    await ui.type("input", "12");
    await ui.submit();
    expect(ui.$('[role="alert"]')?.textContent).toBe("Enter a valid phone number, including the country code.");
    expect(ui.$("input")!.getAttribute("aria-describedby")).toContain("sesame-alert");
  });
});

describe("choose_method step", () => {
  it("moves the focus to the new step's heading and lists the masked methods", async () => {
    const ui = await renderWidget(fakeApi({ submit: () => ok(envelope("choose_method", { methods: smsMethods })) }));
    cleanup = ui.cleanup;
    await ui.type("input", "alice@contoso.example");
    await ui.submit();
    await ui.until(() => ui.heading() === "Choose how to verify", "the choose step");
    expect(ui.shadow.activeElement).toBe(ui.$("h2"));
    expect(ui.$$("label.choice").map((label) => label.textContent)).toEqual([
      "Text my mobile phone ••• ••• ••01",
      "Email my alternate address a•••@example.org",
      "Enter a code from my authenticator app",
      "Answer my security questions",
    ]);
  });

  it("asks for the full phone number before anything is sent, and sends it with the choice", async () => {
    const api = fakeApi({ create: () => ok(envelope("choose_method", { methods: smsMethods })), submit: () => ok(envelope("verify_code")) });
    const ui = await renderWidget(api);
    cleanup = ui.cleanup;
    await ui.until(() => ui.$$("input[type=radio]").length === 4, "the methods");
    await ui.submit();
    expect(ui.text()).toContain("Choose a method.");
    await ui.click(ui.$$("input[type=radio]")[0]!);
    expect(ui.text()).toContain("enter your full phone number (••• ••• ••01)");
    const confirm = ui.$<HTMLInputElement>("#sesame-confirm")!;
    expect([labelled(ui.shadow, confirm), confirm.type]).toEqual(["Full phone number", "tel"]);
    await ui.submit();
    expect(ui.text()).toContain("Fill in this field.");
    await ui.type("#sesame-confirm", "+12015550101");
    await ui.submit();
    expect(api.submits).toEqual([{ method: "m1", confirm: "+12015550101" }]);
  });

  it("says which verification step of two this is", async () => {
    const api = fakeApi({ create: () => ok(envelope("choose_method", { methods: smsMethods, ui: { progress: { verified: 1, required: 2 } } })) });
    const ui = await renderWidget(api);
    cleanup = ui.cleanup;
    await ui.until(() => ui.text().includes("Verification step 2 of 2"), "the progress");
  });
});
