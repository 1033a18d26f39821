/**
 * Resolves after the next frame is painted. A hidden tab paints no frames, so a timeout stands
 * in there: what waits on it still happens, a little later. Used by the loader (one widget per
 * frame) and the app (the flow is created once the first step is painted).
 */
export const nextFrame = (): Promise<void> =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });
