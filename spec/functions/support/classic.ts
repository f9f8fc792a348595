/**
 * The existing elastic.io component's cursor over HTTP: `gt X` with X = the last message's second + .999,
 * one page of `top`, no nextLink. Specs run it next to our trigger on the same sandbox mailbox.
 */
import { GraphClient } from '../../../lib/graph/GraphClient';
import { StaticTokenSource } from '../../../lib/graph/auth';

interface Listed { value?: Array<{ subject?: string; changeKey?: string; lastModifiedDateTime?: string }> }

export class ClassicPoller {
  cursor = '1970-01-01T00:00:00.000Z';
  readonly emitted: string[] = [];
  private readonly client: GraphClient;

  constructor(baseUrl: string, accessToken: string, private readonly options: { folder?: string; top?: number; unreadOnly?: boolean } = {}) {
    this.client = new GraphClient({ baseUrl, tokens: new StaticTokenSource(accessToken) });
  }

  async poll(): Promise<void> {
    const filter = `lastModifiedDateTime gt ${this.cursor}${this.options.unreadOnly ? ' and isRead eq false' : ''}`;
    const page = await this.client.get<Listed>(`/me/mailFolders/${this.options.folder ?? 'inbox'}/messages`, {
      $filter: filter, $orderby: 'lastModifiedDateTime asc', $top: this.options.top ?? 1000, $select: 'id,subject,changeKey,lastModifiedDateTime',
    });
    const items = page.value ?? [];
    for (const m of items) this.emitted.push(`${String(m.subject)}#${String(m.changeKey)}`);
    if (items.length > 0) {
      const last = new Date(String(items[items.length - 1].lastModifiedDateTime));
      last.setMilliseconds(999);
      this.cursor = last.toISOString();
    }
  }
}
