import { render } from "preact";
import { decodeQrPath } from "../testing/qr-decode";
import { describe, expect, it } from "vitest";
import { QUIET_ZONE, QrCode, qrPath } from "./qr-code";


const uri = "otpauth://totp/Contoso:alice%40contoso.example?issuer=Contoso&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30";

describe("QrCode", () => {
  it("encodes an authenticator's otpauth URI so that a QR decoder reads it back exactly", () => {
    const { size, path } = qrPath(uri);
    expect(decodeQrPath(size, path)).toBe(uri);
  });

  it("keeps the four-module quiet zone clear", () => {
    const { size, path } = qrPath(uri);
    const cells = [...path.matchAll(/M(\d+) (\d+)/g)].map(([, x, y]) => [Number(x), Number(y)]);
    expect(Math.min(...cells.flat())).toBe(QUIET_ZONE);
    expect(Math.max(...cells.flat())).toBe(size - QUIET_ZONE - 1);
  });

  it("renders one labelled SVG image, dark on white, whose path decodes to the URI", () => {
    const box = document.createElement("div");
    render(<QrCode text={uri} label="QR code for your authenticator app" />, box);
    const svg = box.querySelector("svg")!;
    expect([svg.getAttribute("role"), svg.getAttribute("aria-label")]).toEqual(["img", "QR code for your authenticator app"]);
    const size = Number(svg.getAttribute("viewBox")!.split(" ")[2]);
    expect(decodeQrPath(size, svg.querySelector("path")!.getAttribute("d")!)).toBe(uri);
    expect(svg.querySelector("rect")!.getAttribute("fill")).toBe("#ffffff");
    render(null, box);
  });

  it("is not a decoder's echo: another text gives another code", () => {
    const { size, path } = qrPath(uri.replace("JBSW", "KBSW"));
    expect(decodeQrPath(size, path)).not.toBe(uri);
  });
});
