// Values the vitest globalSetup provides to the worker project (test/fakes/providers.mjs).
declare module "vitest" {
  export interface ProvidedContext {
    fakeProvidersPort: number;
    /** test/fakes/webhook-receiver.mjs: a tenant's webhook receiver that can fail its first deliveries. */
    webhookReceiverPort: number;
  }
}

export {};
