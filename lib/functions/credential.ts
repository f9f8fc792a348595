/**
 * The credential: a Microsoft Entra sign-in (OAuth 2.0 authorization code, v2.0 endpoints) with the tenant in the
 * URLs, refreshed by the component itself. component.json's `credentials` block is generated from this.
 */
import { REQUESTED_SCOPES } from '../platform/permissions';

export const CREDENTIAL = {
  fields: {
    tenantId: {
      label: 'AD Tenant ID', viewClass: 'TextFieldView', required: true, placeholder: 'common',
      note: 'Use <b>common</b> if unsure. <b>organizations</b>, <b>consumers</b>, a tenant GUID or a tenant domain (contoso.onmicrosoft.com) also work.',
    },
    oauth: { label: 'Authentication', viewClass: 'OAuthFieldView', required: true },
  },
  oauth2: {
    client_id: '{{MSAPP_CLIENT_ID}}',
    client_secret: '{{MSAPP_CLIENT_SECRET}}',
    auth_uri: 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/authorize',
    token_uri: 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/token',
    scopes: REQUESTED_SCOPES,
  },
} as const;
