/** `GET /me` and `GET /users/{id|upn}`: the directory profile (every user, whatever their mailbox). */
import type { DirectoryUser } from '../core';
import { GraphHttpError } from '../http/errors';
import { requirePermission } from '../permissions';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { parseSelect, selectFields } from '../odata/query';
import { USER } from '../store/schema';

function profile(ctx: RouteContext, user: DirectoryUser): SandboxResponse {
  const select = parseSelect(ctx.req.query.$select, USER);
  const item: Record<string, unknown> = {
    businessPhones: user.businessPhones, displayName: user.displayName, givenName: user.givenName, jobTitle: user.jobTitle,
    mail: user.mail, mobilePhone: user.mobilePhone, officeLocation: user.officeLocation, preferredLanguage: user.preferredLanguage,
    surname: user.surname, userPrincipalName: user.userPrincipalName, id: user.id,
  };
  const context = `${ctx.core.url}/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`;
  return { status: 200, json: { '@odata.context': context, ...selectFields(item, select) } };
}

export const profileRoutes: RouteModule = {
  name: 'profile',
  routes: [
    {
      name: 'me', method: 'GET', path: 'me', scope: 'graph',
      handler: (ctx) => {
        if (ctx.appToken) throw new GraphHttpError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
        return profile(ctx, ctx.core.me);
      },
    },
    {
      name: 'user', method: 'GET', path: 'users/{user}', scope: 'graph',
      handler: (ctx) => {
        const user = ctx.core.findUser(ctx.params.user);
        requirePermission(user === ctx.core.me ? 'me' : 'user', { app: ctx.appToken, own: true, grants: ctx.grants });
        if (!user) {
          throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${ctx.params.user}' does not exist or one of its queried reference-property objects are not present.`);
        }
        return profile(ctx, user);
      },
    },
  ],
};
