// N WebSocket clients (Node 22's built-in WebSocket, the same for both sides) that wait for a hello and then time
// every event: receipt time minus the commit time the event carries.
export interface LiveClients {
  /** One sample per event per client, in ms. */
  samples: number[];
  /** Events each client received. */
  perClient: number[];
  errors: string[];
  close(): void;
}

type Socket = {
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  close(): void;
};
type SocketCtor = new (url: string, init?: { headers: Record<string, string> }) => Socket;

/**
 * Connects `count` clients to `url` and resolves once every one has had its hello. `commitTime` returns the commit
 * time (epoch ms) of an event message, or null for messages that are not events (the hello, pongs) or that the
 * caller does not time (it gets the receipt time too, to keep figures of its own).
 */
export async function connectClients(
  url: string,
  headers: Record<string, string> | undefined,
  count: number,
  commitTime: (message: { type?: string; [key: string]: unknown }, receivedAt: number) => number | null,
  timeoutMs: number,
): Promise<LiveClients> {
  const Ctor = globalThis.WebSocket as unknown as SocketCtor;
  const samples: number[] = [];
  const perClient = Array.from({ length: count }, () => 0);
  const errors: string[] = [];
  const sockets: Socket[] = [];
  let greeted = 0;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  for (let i = 0; i < count; i++) {
    const socket = new Ctor(url, headers ? { headers } : undefined);
    sockets.push(socket);
    socket.onmessage = (ev) => {
      const receivedAt = Date.now(); // before parsing: parsing is the client's cost, not the stream's
      let message: { type?: string; [key: string]: unknown };
      try {
        message = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (message.type === "hello") {
        if (++greeted === count) resolveReady();
        return;
      }
      const at = commitTime(message, receivedAt);
      if (at === null) return;
      samples.push(receivedAt - at);
      perClient[i] = (perClient[i] ?? 0) + 1;
    };
    socket.onerror = (ev) => errors.push(String((ev as { message?: string }).message ?? "socket error"));
    socket.onclose = (ev) => {
      if (ev.code !== 1000 && ev.code !== 1005) errors.push(`closed with ${ev.code}`);
    };
  }
  const close = () => {
    for (const socket of sockets) {
      socket.onclose = null;
      try {
        socket.close();
      } catch {
        // already closed
      }
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${greeted} of ${count} clients got a hello in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ready, timedOut]);
  } catch (error) {
    close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { samples, perClient, errors, close };
}
