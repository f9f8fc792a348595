// elasticio-node ships no types; only its message factory is used (its index also loads request and moment).
declare module 'elasticio-node/lib/messages' {
  export function newMessageWithBody(body: unknown): {
    id: string;
    body: unknown;
    headers: Record<string, unknown>;
    attachments: Record<string, unknown>;
    metadata: Record<string, unknown>;
  };
}
