export {
  ClientCredentialsGrant,
  clientCredentialsFromConfig,
  clientCredentialsGrantFromConfig,
  type ClientCredentialsOptions,
} from "./client-credentials.js";
export {
  type GrantedToken,
  TokenCache,
  type TokenGrant,
  TokenProvider,
  type TokenProviderEvents,
  type TokenProviderOptions,
  type TokenRefresh,
} from "./token-provider.js";
