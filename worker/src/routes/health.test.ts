import { describe, expect, it } from "vitest";
import { call, errorCode } from "../../test/api";

describe("GET /v1/health", () => {
  it("answers ok with a request id", async () => {
    const answer = await call("GET", "/v1/health");
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe("ok");
    expect(answer.headers.get("x-request-id")).toMatch(/.+/);
  });

  it("answers an unknown route with NOT_FOUND and the request id", async () => {
    const answer = await call("GET", "/v1/nope");
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe("NOT_FOUND");
    expect(answer.json.error.requestId).toBe(answer.headers.get("x-request-id"));
  });
});
