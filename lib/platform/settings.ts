/** The only reader of process.env: environment → typed settings. */

export interface Settings {
  graphBaseUrl: string;
  authorityHost: string;
  clientId?: string;
  clientSecret?: string;
  objectStorageUri?: string;
  objectStorageToken?: string;
  flowType?: string;
  /** The flow step running this code (`ELASTICIO_STEP_ID`), so keys derived from a message differ between steps. */
  stepId?: string;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    graphBaseUrl: trimSlash(env.MSGRAPH_BASE_URL || 'https://graph.microsoft.com'),
    authorityHost: trimSlash(env.MSAPP_AUTHORITY_HOST || 'https://login.microsoftonline.com'),
    clientId: env.MSAPP_CLIENT_ID || undefined,
    clientSecret: env.MSAPP_CLIENT_SECRET || undefined,
    objectStorageUri: env.ELASTICIO_OBJECT_STORAGE_URI ? trimSlash(env.ELASTICIO_OBJECT_STORAGE_URI) : undefined,
    objectStorageToken: env.ELASTICIO_OBJECT_STORAGE_TOKEN || undefined,
    flowType: env.ELASTICIO_FLOW_TYPE || undefined,
    stepId: env.ELASTICIO_STEP_ID || undefined,
  };
}
