// Preloaded with `node --import ./listen-port.mjs EXAMPLE.js`: an example server that hard-codes its port
// (the MCP TypeScript SDK's simpleSseServer listens on 3000) listens on $PORT instead, so tests pick a free one.
import http from 'node:http';

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' && process.env.PORT) port = Number(process.env.PORT);
  return listen.call(this, port, ...rest);
};
