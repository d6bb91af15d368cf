// The bench's loopback server, run as a child process so its CPU time never counts as the client's.
// The parent sends the JSON body over IPC; the server answers every GET /v1/users/<id> with it (as
// Clerk does: application/json with a Content-Length) and 404s anything else, so a contender pointed at
// the wrong URL fails its check instead of timing a 404. It replies { port } once listening.
import http from 'node:http';

process.once('message', (message) => {
  const body = Buffer.from(String(message.body));
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && /^\/v1\/users\/[^/?]+$/.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    } else {
      const notFound = '{"errors":[{"code":"resource_not_found","message":"not found"}]}';
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(notFound) });
      res.end(notFound);
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // The parent going away (even killed) closes the IPC channel: exit with it.
  process.once('disconnect', () => process.exit(0));
});
