// Values the vitest globalSetup provides to the worker project (test/fakes/providers.mjs).
declare module "vitest" {
  export interface ProvidedContext {
    fakeProvidersPort: number;
  }
}

export {};
