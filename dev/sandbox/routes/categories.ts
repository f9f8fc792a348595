/**
 * The master category list (outlookuser-list-mastercategories, outlookuser-post-mastercategories): names unique in
 * the mailbox, colours `none` or `preset0` … `preset24` (resources/outlookcategory).
 */
import { randomUUID } from 'crypto';
import { GraphHttpError, badRequest, notFound } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { userContext } from './common';

const COLORS = ['none', ...Array.from({ length: 25 }, (_, i) => `preset${i}`)];

function list(ctx: RouteContext): SandboxResponse {
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/outlook/masterCategories`, value: ctx.mailbox.store.masterCategories.map((c) => ({ ...c })) } };
}

function get(ctx: RouteContext): SandboxResponse {
  const found = ctx.mailbox.store.masterCategories.find((c) => c.id === ctx.params.id);
  if (!found) throw notFound();
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/outlook/masterCategories/$entity`, ...found } };
}

function create(ctx: RouteContext): SandboxResponse {
  const body = ctx.json();
  const name = body.displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' is required.", 'ErrorInvalidParameter');
  const color = COLORS.find((c) => c.toLowerCase() === String(body.color ?? 'none').toLowerCase());
  if (!color) throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(body.color)}' was not found.`);
  const categories = ctx.mailbox.store.masterCategories;
  // UNCONFIRMED: the answer to a name the list has already (the docs say only that names are unique).
  if (categories.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
    throw new GraphHttpError(409, 'ErrorAlreadyExists', 'An object with the same key already exists.');
  }
  const category = { id: randomUUID(), displayName: name, color };
  categories.push(category);
  return { status: 201, json: { '@odata.context': `${userContext(ctx)}/outlook/masterCategories/$entity`, ...category } };
}

export const categoryRoutes: RouteModule = {
  name: 'categories',
  routes: [
    { name: 'listMasterCategories', method: 'GET', path: 'outlook/masterCategories', handler: list },
    { name: 'getMasterCategory', method: 'GET', path: 'outlook/masterCategories/{id}', handler: get },
    { name: 'createMasterCategory', method: 'POST', path: 'outlook/masterCategories', handler: create },
  ],
};
