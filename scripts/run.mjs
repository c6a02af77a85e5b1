// `make run`: the local sandbox with its demo fleet, and the console served at http://127.0.0.1:8080
// with a config.json that points it at the sandbox. Ctrl-C stops both.
import { serveDist } from './static-server.mjs';
import { startSandbox } from './sandbox.mjs';

const port = Number(process.env.PORT ?? 8080);
const sandbox = await startSandbox({ seed: process.env.SEED ?? 'demo' });
const config = JSON.stringify({ sandboxUrl: sandbox.url });
let site;
try {
  site = await serveDist({ port, overrides: { 'config.json': config } });
} catch (err) {
  sandbox.stop();
  console.error(`Could not serve on 127.0.0.1:${port} (${err.code ?? err.message}); set PORT=another one.`);
  process.exit(1);
}
console.log(`Local sandbox: ${sandbox.url}`);
console.log(`Console:       ${site.url}  (Ctrl-C to stop)`);
const stop = () => {
  sandbox.stop();
  site.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
