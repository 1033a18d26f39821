import jsQR from "jsqr";

/**
 * What a camera sees of the widget's QR code: the SVG path's unit squares (`M x yh1v1h-1z`),
 * rasterised at `scale` pixels each and read by jsQR. Shared by the step's unit test and the
 * Chromium test that scans the real page.
 */
export function decodeQrPath(size: number, path: string, scale = 4): string | null {
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
      }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}
