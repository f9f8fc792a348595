/**
 * Maester-compatible object storage, as the official client speaks to it (elasticio/maester-client 6.0.0,
 * `src/StorageClient.ts`): `POST /objects` (streamed body, `Authorization: Bearer <token>`, `content-type`, optional
 * `x-eio-ttl`, `x-meta-*`, `x-query-*`) → `{objectId, contentType}`; `PUT /objects/{id}` replaces the bytes;
 * `GET /objects/{id}` → the bytes; `DELETE /objects/{id}`. Lookups by `query[...]` are not modelled.
 */
import { GraphHttpError } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';

const OBJECT_LIMIT = 256 * 1024 * 1024;

function contentType(ctx: RouteContext): string {
  return ctx.req.headers['content-type'] ?? 'application/octet-stream';
}

function notFound(id: string): GraphHttpError {
  return new GraphHttpError(404, 'ObjectNotFound', `Object ${id} does not exist.`);
}

function post(ctx: RouteContext): SandboxResponse {
  const objectId = ctx.core.objects.adopt(ctx.req.body, contentType(ctx));
  return { status: 201, json: { objectId, contentType: contentType(ctx), size: ctx.req.body.length } };
}

function put(ctx: RouteContext): SandboxResponse {
  if (!ctx.core.objects.replace(ctx.params.id, ctx.req.body, contentType(ctx))) throw notFound(ctx.params.id);
  return { status: 200, json: { objectId: ctx.params.id, contentType: contentType(ctx), size: ctx.req.body.length } };
}

function get(ctx: RouteContext): SandboxResponse {
  const found = ctx.core.objects.peek(ctx.params.id);
  if (!found) throw notFound(ctx.params.id);
  return { status: 200, headers: { 'Content-Type': found.contentType }, raw: found.content };
}

function remove(ctx: RouteContext): SandboxResponse {
  if (!ctx.core.objects.delete(ctx.params.id)) throw notFound(ctx.params.id);
  return { status: 204 };
}

export const objectRoutes: RouteModule = {
  name: 'objects',
  routes: [
    { name: 'objectsPost', method: 'POST', path: 'objects', scope: 'root', auth: 'objects', faultClass: 'explicit', bodyLimit: OBJECT_LIMIT, handler: post },
    { name: 'objectsPut', method: 'PUT', path: 'objects/{id}', scope: 'root', auth: 'objects', faultClass: 'explicit', bodyLimit: OBJECT_LIMIT, handler: put },
    { name: 'objectsGet', method: 'GET', path: 'objects/{id}', scope: 'root', auth: 'objects', faultClass: 'explicit', handler: get },
    { name: 'objectsDelete', method: 'DELETE', path: 'objects/{id}', scope: 'root', auth: 'objects', faultClass: 'explicit', handler: remove },
  ],
};
