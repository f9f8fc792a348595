/** The only reader of process.env: environment → typed settings. */

export interface Settings {
  /** MSGRAPH_BASE_URL: overrides the Graph host of the credential's cloud. */
  graphBaseUrl?: string;
  /** MSAPP_AUTHORITY_HOST: overrides the identity platform host of the credential's cloud. */
  authorityHost?: string;
  clientId?: string;
  clientSecret?: string;
  objectStorageUri?: string;
  objectStorageToken?: string;
  flowType?: string;
  /** The flow step running this code (`ELASTICIO_STEP_ID`), so keys derived from a message differ between steps. */
  stepId?: string;
  /** The platform API, for the secrets of credentials made with an auth client (`cfg.secretId`). */
  apiUri?: string;
  apiUsername?: string;
  apiKey?: string;
  workspaceId?: string;
  /** The flow (`ELASTICIO_FLOW_ID`). */
  flowId?: string;
  /** The flow's webhook URL (`ELASTICIO_FLOW_WEBHOOK_URI`): where Graph posts change notifications for a webhook trigger. */
  flowWebhookUri?: string;
  /** The flow's message key (`ELASTICIO_MESSAGE_CRYPTO_PASSWORD`): a secret every container of the step shares. */
  messageKey?: string;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    graphBaseUrl: env.MSGRAPH_BASE_URL ? trimSlash(env.MSGRAPH_BASE_URL) : undefined,
    authorityHost: env.MSAPP_AUTHORITY_HOST ? trimSlash(env.MSAPP_AUTHORITY_HOST) : undefined,
    clientId: env.MSAPP_CLIENT_ID || undefined,
    clientSecret: env.MSAPP_CLIENT_SECRET || undefined,
    objectStorageUri: env.ELASTICIO_OBJECT_STORAGE_URI ? trimSlash(env.ELASTICIO_OBJECT_STORAGE_URI) : undefined,
    objectStorageToken: env.ELASTICIO_OBJECT_STORAGE_TOKEN || undefined,
    flowType: env.ELASTICIO_FLOW_TYPE || undefined,
    stepId: env.ELASTICIO_STEP_ID || undefined,
    apiUri: env.ELASTICIO_API_URI ? trimSlash(env.ELASTICIO_API_URI) : undefined,
    apiUsername: env.ELASTICIO_API_USERNAME || undefined,
    apiKey: env.ELASTICIO_API_KEY || undefined,
    workspaceId: env.ELASTICIO_WORKSPACE_ID || undefined,
    flowId: env.ELASTICIO_FLOW_ID || undefined,
    flowWebhookUri: env.ELASTICIO_FLOW_WEBHOOK_URI || undefined,
    messageKey: env.ELASTICIO_MESSAGE_CRYPTO_PASSWORD || undefined,
  };
}
