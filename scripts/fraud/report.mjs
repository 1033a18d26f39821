// @ts-check
/**
 * The simulator's figures: fraudulent sends blocked, legitimate users blocked, SMS sent and the
 * money the blocked fraud would have cost at the tenants' configured prices; per campaign, and
 * the time phone protection took to decide.
 */

const pct = (part, whole) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);
const median = (values) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : 0);
const round2 = (n) => Math.round(n * 100) / 100;

/** @param {{ sends: any[], journeys: any[], prices: Map<string, any> }} result */
export function figures(result) {
  const price = (send) => {
    const spend = result.prices.get(send.tenant);
    return (send.country && spend?.prices[send.country]) ?? spend?.defaultPrice ?? 0;
  };
  const fraud = result.sends.filter((s) => s.label === "fraud");
  const fraudBlocked = fraud.filter((s) => s.outcome !== "sent");
  const legitUsers = result.journeys.filter((j) => j.label === "legit" && j.attempts > 0);
  const legitBlocked = legitUsers.filter((j) => j.sent === 0);
  const campaigns = new Map();
  for (const send of result.sends) {
    const c = campaigns.get(send.campaign) ?? { sends: 0, sent: 0, cost: 0, saved: 0 };
    c.sends++;
    if (send.outcome === "sent") {
      c.sent++;
      c.cost += price(send);
    } else c.saved += price(send);
    campaigns.set(send.campaign, c);
  }
  return {
    fraudSends: fraud.length,
    fraudBlockedPct: pct(fraudBlocked.length, fraud.length),
    legitUsers: legitUsers.length,
    legitBlocked: legitBlocked.length,
    legitBlockedPct: pct(legitBlocked.length, legitUsers.length),
    legitVerified: legitUsers.filter((j) => j.verified).length,
    helpdesk: result.journeys.filter((j) => j.helpdesk).length,
    smsSent: result.sends.filter((s) => s.outcome === "sent").length,
    savedUsd: round2(fraudBlocked.reduce((sum, s) => sum + price(s), 0)),
    fraudCostUsd: round2(fraud.filter((s) => s.outcome === "sent").reduce((sum, s) => sum + price(s), 0)),
    decisionMsMedian: median(result.sends.filter((s) => s.decisionMs !== null).map((s) => s.decisionMs)),
    campaigns,
    leaks: fraud.filter((s) => s.outcome === "sent"),
    blockedLegit: legitBlocked,
  };
}

/** Prints the figures, ending with the one machine-readable line. */
export function printFigures(f, print = console.log) {
  print("");
  print("campaign              sends   sent  blocked%   cost USD  saved USD");
  for (const [name, c] of [...f.campaigns].sort()) {
    print(`${name.padEnd(20)} ${String(c.sends).padStart(6)} ${String(c.sent).padStart(6)} ${String(pct(c.sends - c.sent, c.sends)).padStart(9)} ${round2(c.cost).toFixed(2).padStart(10)} ${round2(c.saved).toFixed(2).padStart(10)}`);
  }
  print("");
  print(`Fraudulent sends blocked: ${f.fraudBlockedPct}% (${f.fraudSends - f.leaks.length} of ${f.fraudSends}); they would have cost $${f.savedUsd.toFixed(2)}, the ones sent cost $${f.fraudCostUsd.toFixed(2)}.`);
  print(`Legitimate users blocked: ${f.legitBlockedPct}% (${f.legitBlocked} of ${f.legitUsers}); ${f.legitVerified} typed their code in; ${f.helpdesk} journeys ended at the helpdesk.`);
  print(`SMS sent: ${f.smsSent}. Median time to decide a send: ${f.decisionMsMedian} ms (worker clock, local workerd).`);
  print(`fraud_blocked_pct=${f.fraudBlockedPct} legit_blocked_pct=${f.legitBlockedPct} sms_sent=${f.smsSent} saved_usd=${f.savedUsd.toFixed(2)}`);
}
