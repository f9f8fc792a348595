/** Maester-compatible object storage: `POST /objects` → `{objectId}`, `GET /objects/{id}` → the bytes. */
import { GraphHttpError } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';

const OBJECT_LIMIT = 256 * 1024 * 1024;

function post(ctx: RouteContext): SandboxResponse {
  const contentType = ctx.req.headers['content-type'] ?? 'application/octet-stream';
  const objectId = ctx.core.objects.put(ctx.req.body, contentType);
  return { status: 201, json: { objectId, contentType, size: ctx.req.body.length } };
}

function get(ctx: RouteContext): SandboxResponse {
  const found = ctx.core.objects.get(ctx.params.id);
  if (!found) throw new GraphHttpError(404, 'ObjectNotFound', `Object ${ctx.params.id} does not exist.`);
  return { status: 200, headers: { 'Content-Type': found.contentType }, raw: found.content };
}

function remove(ctx: RouteContext): SandboxResponse {
  if (!ctx.core.objects.delete(ctx.params.id)) throw new GraphHttpError(404, 'ObjectNotFound', `Object ${ctx.params.id} does not exist.`);
  return { status: 204 };
}

export const objectRoutes: RouteModule = {
  name: 'objects',
  routes: [
    { name: 'objectsPost', method: 'POST', path: 'objects', scope: 'root', auth: 'objects', faultClass: 'explicit', bodyLimit: OBJECT_LIMIT, handler: post },
    { name: 'objectsGet', method: 'GET', path: 'objects/{id}', scope: 'root', auth: 'objects', faultClass: 'explicit', handler: get },
    { name: 'objectsDelete', method: 'DELETE', path: 'objects/{id}', scope: 'root', auth: 'objects', faultClass: 'explicit', handler: remove },
  ],
};
