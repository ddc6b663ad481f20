// A small, real OpenID Connect provider for the test suite (panva/oidc-provider, certified OP).
// It stands in for the DigiD and eHerkenning brokers: discovery, authorization code flow with PKCE,
// RS256-signed ID tokens with a fresh key per run published as JWKS, and a login and consent page
// (the library's development interactions) that the browser test fills in.
//
//   node tests/security/oidc/provider.mjs <config.json>
//
// config.json: {"port": 5xxxx, "clients": [{client_id, client_secret, redirect_uris}],
//               "accounts": {"<login>": {"bsn": "...", "kvk": "..."}}}
// Prints "klaar <issuer>" once it listens.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const issuer = `http://127.0.0.1:${config.port}`;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
    id_token_signed_response_alg: "RS256",
    ...client,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  // Like the brokers: the attribute is a claim of its own scope, and it travels in the signed ID token.
  claims: { openid: ["sub"], bsn: ["bsn"], kvk: ["kvk"] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const attributen = config.accounts[id] || {};
    return { accountId: id, async claims() { return { sub: id, ...attributen }; } };
  },
});

provider.listen(config.port, "127.0.0.1", () => {
  console.log(`klaar ${issuer}`);
});
