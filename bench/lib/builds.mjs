// The builds the bench measures, and what each one's first useful paint is.
//
// `make bench` measures every build listed here whose directory holds an index.html and notes the
// others as missing. `node bench/run.mjs --build NAME=DIR` (repeatable) measures only the builds
// named, from those directories. A build's `paint` is what its user waits for, found in the page
// by a CSS selector whose element must be rendered visible (Element.checkVisibility): the page
// owners keep these selectors in step with their markup.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DIST } from '../../scripts/static-server.mjs';
import { REPO } from './build.mjs';

export const CLUSTER = 'bench';

export const BUILDS = {
  admin: {
    title: 'admin console',
    dir: DIST,
    make: 'make dist',
    budgetKiB: 350,
    route: `#/fleet?cluster=${CLUSTER}`,
    paint: { what: 'first fleet row', selector: '.fleet-rows [role=row]' },
    // Keys from the local sandbox's /_sandbox/config, as `make run` does (here: the replay server's).
    config: ({ api }) => ({ sandboxUrl: api }),
  },
  'self-service': {
    title: 'self-service',
    dir: resolve(process.env.ANYWHERE_DIST_SELF_SERVICE ?? join(REPO, 'dist-self-service')),
    make: 'make dist-self-service',
    budgetKiB: 150,
    route: '#/onboarding',
    // The registration wizard, its first step ready to fill in.
    paint: { what: 'onboarding wizard visible', selector: 'form.wizard' },
    // A self-service deployment: only onboarding, guests signed in through the Cognito identity pool.
    config: ({ api, cognito }) => ({
      region: 'us-east-1', endpoint: api, pages: ['onboarding'], cognitoIdentityPoolId: cognito.identityPoolId,
    }),
  },
};

/** `--build NAME=DIR` arguments, or every build; answers `{present, missing}` with each build's name. */
export function selectBuilds(argv) {
  const named = argv.filter((arg, i) => argv[i - 1] === '--build' || arg.startsWith('--build='))
    .map((arg) => arg.replace(/^--build=/, ''));
  const chosen = named.length
    ? named.map((spec) => {
      const [name, dir] = spec.split('=');
      if (!BUILDS[name]) throw new Error(`--build ${spec}: unknown build "${name}" (known: ${Object.keys(BUILDS).join(', ')})`);
      return { name, ...BUILDS[name], ...(dir ? { dir: resolve(dir) } : {}) };
    })
    : Object.entries(BUILDS).map(([name, build]) => ({ name, ...build }));
  const withPath = chosen.map((build) => ({ ...build, path: relative(REPO, build.dir) || '.' }));
  return {
    present: withPath.filter((build) => existsSync(join(build.dir, 'index.html'))),
    missing: withPath.filter((build) => !existsSync(join(build.dir, 'index.html'))),
  };
}
