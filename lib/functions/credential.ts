/**
 * The credential: a Microsoft Entra sign-in of a user (OAuth 2.0 authorization code, v2.0 endpoints, refreshed by
 * the component), or an application (client credentials, with a secret or a certificate), in one of Microsoft's
 * clouds. component.json's `credentials` block is generated from this.
 */
import { CLOUD_NAMES } from '../graph/clouds';
import { REQUESTED_SCOPES } from '../platform/permissions';

export const CREDENTIAL = {
  fields: {
    authType: {
      label: 'Sign-in', viewClass: 'SelectView', required: false, prompt: 'A user signs in (delegated, default)',
      model: { delegated: 'A user signs in (delegated)', application: 'Application (client credentials, no user)' },
      note: '<b>Application</b>: the app acts on its own with application permissions; every step then names a mailbox.',
    },
    tenantId: {
      label: 'AD Tenant ID', viewClass: 'TextFieldView', required: true, placeholder: 'common',
      note: 'Use <b>common</b> if unsure. <b>organizations</b>, <b>consumers</b>, a tenant GUID or a tenant domain (contoso.onmicrosoft.com) also work. Application sign-in needs the GUID or domain.',
    },
    cloud: {
      label: 'Cloud', viewClass: 'SelectView', required: false, prompt: 'Global (default)', model: CLOUD_NAMES,
      note: 'Microsoft\'s national clouds have their own hosts; MSGRAPH_BASE_URL and MSAPP_AUTHORITY_HOST override them.',
    },
    oauth: { label: 'Authentication', viewClass: 'OAuthFieldView', required: false, note: 'For a user sign-in: sign in with Microsoft and consent.' },
    clientId: {
      label: 'Client ID', viewClass: 'TextFieldView', required: false,
      note: 'Application sign-in with your own app registration; empty: the component\'s MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET.',
    },
    clientSecret: { label: 'Client Secret', viewClass: 'PasswordFieldView', required: false, note: 'Application sign-in: the secret value (not its id).' },
    certificate: {
      label: 'Certificate', viewClass: 'TextAreaView', required: false,
      note: 'Application sign-in instead of a secret: the certificate registered on the app and its private key, both as PEM.',
    },
    verifyMailbox: {
      label: 'Mailbox to Verify', viewClass: 'TextFieldView', required: false, placeholder: 'shared@contoso.com',
      note: 'Application sign-in: a mailbox the app must reach; verifying the credential reads its Inbox.',
    },
  },
  oauth2: {
    client_id: '{{MSAPP_CLIENT_ID}}',
    client_secret: '{{MSAPP_CLIENT_SECRET}}',
    auth_uri: 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/authorize',
    token_uri: 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/token',
    scopes: REQUESTED_SCOPES,
  },
} as const;
