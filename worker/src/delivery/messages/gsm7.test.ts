import { describe, expect, it } from "vitest";
import { isGsm7, segments, septets, toGsm7 } from "./gsm7";

describe("GSM-7", () => {
  it("knows the basic alphabet and the extension table", () => {
    expect(isGsm7("Héllo Ñandú, ça va? àèéìòù ÄÖÜäöüß ¿¡ @£$¥ €[]{}")).toBe(false); // ç and ú are not GSM-7
    expect(isGsm7("Hello Ñandu, Ça va? àèéìòù ÄÖÜäöüß ¿¡ @£$¥ €[]{}")).toBe(true);
    expect(septets("abc")).toBe(3);
    expect(septets("€[]{}")).toBe(10);
  });

  it("counts segments: 160 septets in one, 153 each when split; 70 / 67 in UCS-2", () => {
    expect(segments("a".repeat(160))).toBe(1);
    expect(segments("a".repeat(161))).toBe(2);
    expect(segments("a".repeat(306))).toBe(2);
    expect(segments("a".repeat(307))).toBe(3);
    expect(segments(`${"a".repeat(159)}€`)).toBe(2);
    expect(segments("ú".repeat(70))).toBe(1);
    expect(segments("ú".repeat(71))).toBe(2);
  });

  it("writes text the way a phone without the letter would", () => {
    expect(toGsm7("Seu código de verificação é 123. Não o compartilhe.")).toBe("Seu codigo de verificacao é 123. Nao o compartilhe.");
    expect(toGsm7("Il n’a «rien» reçu – œuvre…")).toBe("Il n'a \"rien\" recu - oeuvre...");
    expect(toGsm7("Açaí Café™ 😀 Zürich")).toBe("Acai Café Zürich");
    expect(isGsm7(toGsm7("Łódź Ærø Ñuñoa İstanbul Δx 中文"))).toBe(true);
  });
});
