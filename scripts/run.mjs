// `make run`: the local sandbox with its demo fleet, and the console served at http://127.0.0.1:8080
// with a config.json that points it at the sandbox; beside it, on a free port, the self-service
// build (dist-self-service/) that signs people in through the sandbox's user pool. Ctrl-C stops
// them all.
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
const pool = await sandbox.control('user-pool');
const selfService = await serveDist({
  build: 'self-service',
  prefix: '/self-service/',
  overrides: {
    'config.json': JSON.stringify({
      endpoint: sandbox.url, pages: ['onboarding'], allowedClusters: [pool.cluster],
      cognitoIdentityPoolId: pool.identityPoolId, cognitoUserPoolId: pool.userPoolId,
      cognitoClientId: pool.clientId, cognitoDomain: pool.domain,
    }),
  },
});
await sandbox.control('user-pool', { callbackUrl: `${selfService.url}index.html` });
console.log(`Local sandbox: ${sandbox.url}`);
console.log(`Console:       ${site.url}  (Ctrl-C to stop)`);
console.log(`Self-service:  ${selfService.url}index.html  (sign in as ${pool.users[0].username}, password ${pool.password})`);
const stop = () => {
  sandbox.stop();
  Promise.all([site.close(), selfService.close()]).finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
