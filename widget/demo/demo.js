// The partner page's own script (no inline scripts: the page's CSP forbids them). It receives
// the widget's results the three ways a partner can: named callbacks, DOM events, and the
// explicit API. A real partner would POST a sign-in token to its backend and verify it there.
const log = (text) => {
  const item = document.createElement("li");
  item.textContent = text;
  document.getElementById("log").append(item);
};
const brief = (result) => ({ ...result, ...(result.token ? { token: `${result.token.slice(0, 16)}…` } : {}) });

window.demoEvents = [];
window.demo = {
  onSuccess(result) {
    log(`callback: success ${JSON.stringify(brief(result))}`);
  },
  onError(code) {
    log(`error-callback: ${code}`);
  },
};
for (const kind of ["success", "error"]) {
  document.addEventListener(`sesame:${kind}`, (event) => {
    window.demoEvents.push({ kind, detail: event.detail });
    log(`event sesame:${kind} ${JSON.stringify(brief(event.detail))}`);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  let explicitId;
  document.getElementById("explicit-render").addEventListener("click", () => {
    explicitId = window.sesame?.render("#explicit", { tenant: "demo", flow: "reset", locale: "es", theme: "dark", callback: window.demo.onSuccess, "error-callback": window.demo.onError });
    log(`sesame.render → ${explicitId}`);
  });
  document.getElementById("explicit-reset").addEventListener("click", () => explicitId && window.sesame.reset(explicitId));
  document.getElementById("explicit-remove").addEventListener("click", () => {
    if (explicitId) window.sesame.remove(explicitId);
    explicitId = undefined;
  });
});

// The dev outbox is a tool for trying the demo, not part of a partner's page. It is loaded when
// scrolled into view (a lazy iframe's margin is so wide it loads at once), so it does not compete
// with the widgets for the worker and the main thread while they start; its refresh every few
// seconds starts only once someone has scrolled to it (or followed the header's link).
document.addEventListener("DOMContentLoaded", () => {
  const frame = document.querySelector("#outbox iframe[data-src]");
  new IntersectionObserver((entries, observer) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    frame.src = frame.dataset.src;
  }).observe(frame);
});
