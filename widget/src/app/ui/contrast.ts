/**
 * WCAG contrast for tenant colours: the tenant picks a brand colour, the widget picks the text
 * that stays readable on it (and keeps its own link colour when the brand colour would not be
 * readable as text), so branding cannot break 1.4.3.
 */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const isHex = (value: string | undefined): value is string => !!value && /^#[0-9a-f]{6}$/i.test(value);

/** Custom properties for the tenant's branding; the partner's --sesame-* properties win over them. */
export function brandProperties(branding: { primaryColor?: string; backgroundColor?: string } | undefined): Record<string, string> {
  const properties: Record<string, string> = {};
  const primary = branding?.primaryColor;
  const background = isHex(branding?.backgroundColor) ? branding.backgroundColor : "#ffffff";
  if (isHex(branding?.backgroundColor)) properties["--_brand-bg"] = background;
  if (isHex(primary)) {
    properties["--_brand-primary"] = primary;
    properties["--_brand-on-primary"] = contrastRatio(primary, "#ffffff") >= 4.5 ? "#ffffff" : "#000000";
    if (contrastRatio(primary, background) >= 4.5) properties["--_brand-link"] = primary;
  }
  return properties;
}
