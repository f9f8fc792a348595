/**
 * Microsoft's national clouds: each has its own identity platform and Graph hosts, and tokens of one are refused by
 * another (learn.microsoft.com/graph/deployments).
 */
export type Cloud = 'global' | 'usgov' | 'usgovdod' | 'china';

export interface CloudHosts {
  /** The identity platform (token endpoint `{login}/{tenant}/oauth2/v2.0/token`). */
  login: string;
  /** Microsoft Graph; also the resource of app-only tokens (`{graph}/.default`). */
  graph: string;
}

export const CLOUDS: Readonly<Record<Cloud, CloudHosts>> = {
  global: { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  // US Government L4 (GCC High) and L5 (DoD) share the identity platform, not the Graph host.
  usgov: { login: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  usgovdod: { login: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us' },
  china: { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

export const CLOUD_NAMES: Readonly<Record<Cloud, string>> = {
  global: 'Global (Microsoft 365)', usgov: 'US Government L4 (GCC High)', usgovdod: 'US Government L5 (DoD)', china: 'China (21Vianet)',
};

export function isCloud(value: unknown): value is Cloud {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CLOUDS, value);
}
