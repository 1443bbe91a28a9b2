import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearTokenCache, getAccessToken, getDefaultClient, resetOAuthState } from "../src/oauth-helpers.js";
import { completeConfig } from "./support/app-config.js";
import { captureFailure } from "./support/failure.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "./support/loopback-server.js";

let tokenServer: LoopbackServer;
let tokenLifetimeSeconds: number;
let tokenStatus: number;
const savedEnvironment = { url: process.env.ACME_TOKEN_URL, secret: process.env.ACME_CLIENT_SECRET };

beforeEach(async () => {
  resetOAuthState();
  tokenLifetimeSeconds = 3600;
  tokenStatus = 200;
  tokenServer = await startLoopbackServer((_request, response, requests) => {
    if (tokenStatus !== 200) sendJson(response, tokenStatus, { error: "invalid_client" });
    else sendJson(response, 200, { access_token: `token-${requests.length}`, token_type: "Bearer", expires_in: tokenLifetimeSeconds });
  });
  process.env.ACME_TOKEN_URL = `${tokenServer.url}/oauth2/token`;
  delete process.env.ACME_CLIENT_SECRET;
});

afterEach(async () => {
  resetOAuthState();
  await tokenServer.close();
  for (const [name, value] of [["ACME_TOKEN_URL", savedEnvironment.url], ["ACME_CLIENT_SECRET", savedEnvironment.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("getAccessToken", () => {
  it("requests a client-credentials token with the configured client", async () => {
    expect(await getAccessToken(completeConfig("https://api.example.com"))).toBe("token-1");
    const form = new URLSearchParams(tokenServer.requests[0].body);
    expect(tokenServer.requests[0].method).toBe("POST");
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "client_credentials",
      client_id: "test-client",
      client_secret: "test-client-secret",
      scope: "https://api.example.com/.default",
    });
  });

  it("reuses the token while it is valid and shares one request between concurrent callers", async () => {
    const config = completeConfig("https://api.example.com");
    const tokens = await Promise.all([getAccessToken(config), getAccessToken(config), getAccessToken(config)]);
    expect(tokens).toEqual(["token-1", "token-1", "token-1"]);
    expect(await getAccessToken(config)).toBe("token-1");
    expect(tokenServer.requests).toHaveLength(1);
  });

  it("fetches a new token after the cache is cleared", async () => {
    const config = completeConfig("https://api.example.com");
    await getAccessToken(config);
    clearTokenCache();
    expect(await getAccessToken(config)).toBe("token-2");
  });

  it("renews tokens that expire within the refresh margin", async () => {
    tokenLifetimeSeconds = 30;
    const config = completeConfig("https://api.example.com");
    expect(await getAccessToken(config)).toBe("token-1");
    expect(await getAccessToken(config)).toBe("token-2");
  });

  it("rejects when the token endpoint refuses the client", async () => {
    tokenStatus = 401;
    await expect(getAccessToken(completeConfig("https://api.example.com"))).rejects.toMatchObject({ status: 401 });
  });
});

describe("getDefaultClient", () => {
  it("builds one client and hands it out until reset", () => {
    const config = completeConfig("https://api.example.com");
    const client = getDefaultClient(config);
    expect(client.tokenUrl).toBe(`${tokenServer.url}/oauth2/token`);
    expect(client.clientId).toBe("test-client");
    expect(getDefaultClient(config)).toBe(client);
    resetOAuthState();
    expect(getDefaultClient(config)).not.toBe(client);
  });

  // Legacy behaviour that hardening changes on purpose: a missing `client-secret` in the
  // secrets file silently falls back to the environment.
  it("falls back to ACME_CLIENT_SECRET when the secrets file has no client secret", async () => {
    process.env.ACME_CLIENT_SECRET = "from-environment";
    await getAccessToken(completeConfig("https://api.example.com", null));
    expect(new URLSearchParams(tokenServer.requests[0].body).get("client_secret")).toBe("from-environment");
  });

  it("fails without any client secret", async () => {
    const failure = await captureFailure(() => getDefaultClient(completeConfig("https://api.example.com", null)));
    if (failure.exitCode !== undefined) expect(failure.exitCode).toBe(1);
    expect(failure.text).toMatch(/client[-_ ]?secret/i);
  });
});
