// The import bench's server, run as a child process so that neither its CPU time nor its store of
// users counts as the client's. It keeps users by external_id and serves what an import uses:
//   GET  /v1/users?external_id=+a&external_id=+b…   the users with those external ids
//   POST /v1/users                                   creates one (422 when the external_id is taken)
// Options (JSON in argv[2]): latencyMs before every answer; perSecond, a sliding one-second budget
// of arrivals beyond which it answers 429 with Retry-After (0: no limit); ambiguous, the share of
// creates that are applied and then answered 500 or cut off (half each).
// Talks over IPC: sends { type: 'ready', url }; answers { type: 'stats' } with
// { type: 'stats', creates, lookups, rateLimited, ambiguous, users, duplicates }.
import http from 'node:http';

const options = JSON.parse(process.argv[2] ?? '{}');
const latencyMs = options.latencyMs ?? 0;
const perSecond = options.perSecond ?? 0;
const ambiguousShare = options.ambiguous ?? 0;

const users = new Map(); // external_id -> user
let sequence = 0;
let creates = 0;
let lookups = 0;
let rateLimited = 0;
let ambiguous = 0;
let duplicates = 0;
const arrivals = []; // times of accepted requests in the last second
let random = 0x2545f491;
const next = () => {
  random ^= random << 13;
  random ^= random >>> 17;
  random ^= random << 5;
  return (random >>> 0) / 2 ** 32;
};

const send = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};
const wire = (user) => ({
  id: user.id,
  object: 'user',
  external_id: user.external_id,
  first_name: user.first_name ?? null,
  created_at: user.created_at,
});

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const arrived = Date.now();
    if (perSecond > 0) {
      while (arrivals.length > 0 && arrivals[0] <= arrived - 1000) arrivals.shift();
      if (arrivals.length >= perSecond) {
        rateLimited++;
        const seconds = Math.max(1, Math.ceil((arrivals[0] + 1000 - arrived) / 1000));
        return void setTimeout(
          () =>
            send(
              res,
              429,
              { errors: [{ code: 'too_many_requests', message: 'Too many requests' }] },
              { 'retry-after': String(seconds) },
            ),
          latencyMs,
        );
      }
      arrivals.push(arrived);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const later = latencyMs > 0 ? (answer) => setTimeout(answer, latencyMs) : (answer) => answer();
    later(() => {
      if (req.method === 'GET' && url.pathname === '/v1/users') {
        lookups++;
        const found = [];
        for (const value of url.searchParams.getAll('external_id')) {
          const user = users.get(value.startsWith('+') ? value.slice(1) : value);
          if (user) found.push(wire(user));
        }
        return send(res, 200, found);
      }
      if (req.method === 'POST' && url.pathname === '/v1/users') {
        creates++;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (users.has(body.external_id)) {
          duplicates++;
          return send(res, 422, {
            errors: [{ code: 'form_identifier_exists', message: 'taken', meta: { param_name: 'external_id' } }],
          });
        }
        const user = {
          id: `user_${(++sequence).toString(36).padStart(8, '0')}`,
          external_id: body.external_id,
          first_name: body.first_name,
          created_at: arrived,
        };
        users.set(body.external_id, user);
        if (next() < ambiguousShare) {
          ambiguous++;
          if (ambiguous % 2 === 0)
            return send(res, 500, { errors: [{ code: 'internal_clerk_error', message: 'Oops' }] });
          return void res.socket?.destroy();
        }
        return send(res, 200, wire(user));
      }
      send(res, 404, { errors: [{ code: 'resource_not_found', message: 'not found' }] });
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}/v1` }),
);
process.on('message', (message) => {
  if (message.type === 'stats')
    process.send({ type: 'stats', creates, lookups, rateLimited, ambiguous, users: users.size, duplicates });
});
// The parent going away (even killed) closes the IPC channel: exit with it.
process.once('disconnect', () => process.exit(0));
