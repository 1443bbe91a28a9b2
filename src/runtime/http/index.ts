export {
  type HttpMethod,
  type PaginateOptions,
  type PollingOptions,
  type RequestOptions,
  RestClient,
  type RequestAuthorizer,
  type RestClientOptions,
  type RestResponse,
  type SendOptions,
} from "./rest-client.js";
export { createRestClient, type CreateRestClientOptions, restClientOptionsFromConfig } from "./create-rest-client.js";
export {
  ApiClient,
  type ApiClientEvents,
  type ApiClientListeners,
  createApiClient,
  type CreateApiClientOptions,
} from "./api-client.js";
export type { RequestBody } from "./body.js";
export { defaultNextLink, defaultPageItems } from "./pagination.js";
export { errorForStatus, IDEMPOTENT_METHODS, RETRYABLE_STATUSES } from "./status-errors.js";
