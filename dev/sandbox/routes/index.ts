/**
 * Every route module of the sandbox, registered in one place. A new resource (calendar, subscriptions, $batch…)
 * exports a `RouteModule` from its own file and is added to this list.
 */
import type { RouteModule } from '../http/router';
import { attachmentRoutes } from './attachments';
import { batchRoutes } from './batch';
import { calendarRoutes } from './calendar';
import { categoryRoutes } from './categories';
import { contactRoutes } from './contacts';
import { mailActionRoutes } from './mailActions';
import { mailFolderRoutes } from './mailFolders';
import { mailboxSettingsRoutes } from './mailboxSettings';
import { messageRoutes } from './messages';
import { objectRoutes } from './objects';
import { profileRoutes } from './profile';
import { subscriptionRoutes } from './subscriptions';
import { tokenRoutes } from './token';

export const modules: RouteModule[] = [
  tokenRoutes,
  profileRoutes,
  mailFolderRoutes,
  messageRoutes,
  mailActionRoutes,
  attachmentRoutes,
  contactRoutes,
  objectRoutes,
  calendarRoutes,
  subscriptionRoutes,
  batchRoutes,
  mailboxSettingsRoutes,
  categoryRoutes,
];
