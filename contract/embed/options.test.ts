import { describe, expect, it } from "vitest";
import { EmbedOptionsSchema, embedFlowType } from "./options";
import { VitalsReportSchema } from "./vitals";

describe("embed options", () => {
  it("accepts data-* strings and explicit functions, with defaults for flow and theme", () => {
    const onDone = () => {};
    expect(EmbedOptionsSchema.parse({ tenant: "demo" })).toEqual({ tenant: "demo", flow: "reset", theme: "auto" });
    expect(EmbedOptionsSchema.parse({ tenant: "demo", flow: "sms-signin", callback: onDone, errorCallback: "partner.onError", locale: "pt-BR", theme: "dark" })).toMatchObject({
      callback: onDone,
      errorCallback: "partner.onError",
    });
  });

  it.each([
    [{}, "tenant"],
    [{ tenant: "Demo Tenant" }, "tenant"],
    [{ tenant: "demo", flow: "password" }, "flow"],
    [{ tenant: "demo", theme: "blue" }, "theme"],
    [{ tenant: "demo", callback: "alert(1)" }, "callback"],
    [{ tenant: "demo", locale: "en_US<script>" }, "locale"],
    [{ tenant: "demo", sitekey: "x" }, ""],
  ])("refuses %j (at %s)", (input, path) => {
    const result = EmbedOptionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(path);
  });

  it("maps each data-flow to the API's flow type", () => {
    expect(Object.values(embedFlowType)).toEqual(["reset", "unlock", "sms_signin", "signin", "security_info"]);
  });
});

describe("vitals report", () => {
  it("holds only numbers and the flow's name", () => {
    expect(VitalsReportSchema.safeParse({ flow: "reset", metrics: [{ name: "INP", value: 48, rating: "good", widget: true }] }).success).toBe(true);
    expect(VitalsReportSchema.safeParse({ flow: "reset", metrics: [{ name: "INP", value: 48, target: "input#email" }] }).success).toBe(false);
  });
});
