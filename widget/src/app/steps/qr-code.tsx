import { encode } from "uqr";

/**
 * A QR code drawn as one SVG path (uqr encodes; nothing is set through innerHTML, which Trusted
 * Types would refuse). Dark modules on white whatever the theme, with the four-module quiet zone
 * scanners expect, and kept as drawn in forced-colours mode. Part of the authenticator step's
 * lazy chunk, so no other page view pays for the encoder.
 *
 * @example
 * <QrCode text={flow.ui.totp.uri} label="QR code for your authenticator app" />
 */
export const QUIET_ZONE = 4;

/** The path of the dark modules, one unit square each, offset by the quiet zone. */
export function qrPath(text: string): { size: number; path: string } {
  const { data, size } = encode(text, { ecc: "M", border: 0 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }),
  );
  return { size: size + 2 * QUIET_ZONE, path };
}

export function QrCode(props: { text: string; label: string }) {
  const { size, path } = qrPath(props.text);
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      width="200"
      height="200"
      shape-rendering="crispEdges"
      style={{ display: "block", maxWidth: "100%", height: "auto", forcedColorAdjust: "none" }}
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
