import type { SlapdInfo } from "./slapd";

// Values the node and e2e projects' globalSetup provides (test/support/slapd.ts).
declare module "vitest" {
  export interface ProvidedContext {
    slapd: SlapdInfo;
  }
}
