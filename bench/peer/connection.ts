// How the peer processes reach the bench's Redis: host and port come from the parent in argv.
export interface RedisConnection {
  host: string;
  port: number;
  maxRetriesPerRequest: null;
}

export function connectionFromArgs(argv = process.argv.slice(2)): RedisConnection {
  const [host, port] = argv;
  if (!host || !port) throw new Error("usage: <peer>.ts <redis host> <redis port> [queue]");
  return { host, port: Number(port), maxRetriesPerRequest: null };
}

export const connectionArgs = (redis: { host: string; port: number }) => [redis.host, String(redis.port)];
