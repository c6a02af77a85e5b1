// aws-sdk-js v3's signer as its browser clients use it: @smithy/signature-v4 with the SHA-256 of
// @smithy/core's browser build (WebCrypto, the clients' default there) or its pure-JS fallback, one
// signer per service. Signs the same requests as bench/sign-wasm.
import { Sha256Js, Sha256WebCrypto } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { BENCH_CREDENTIALS, BENCH_REGION, benchRequest } from './requests.mjs';

// 2025-01-02T03:04:05Z, the time bench/sign-wasm signs at.
const SIGNING_DATE = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
const HASHES = { webcrypto: Sha256WebCrypto, js: Sha256Js };

function signers(hash) {
  const sha256 = HASHES[hash];
  if (!sha256) throw new Error(`unknown hash ${hash}`);
  // applyChecksum: false leaves out the x-amz-content-sha256 header (the payload is hashed either
  // way), so the SDK's signature is byte for byte the console's and the two can be checked equal.
  const make = (service) => new SignatureV4({
    credentials: BENCH_CREDENTIALS, region: BENCH_REGION, service, sha256, applyChecksum: false,
  });
  return { ecs: make('ecs'), ssm: make('ssm') };
}

async function sign(byService, index) {
  const { service, ...fields } = benchRequest(index);
  return byService[service].sign(new HttpRequest(fields), { signingDate: SIGNING_DATE });
}

/** Signs requests `0..n` one after another with `hash` (`webcrypto` or `js`); answers how many. */
export async function signMany(n, hash) {
  const byService = signers(hash);
  let signed = 0;
  for (let index = 0; index < n; index += 1) {
    if ((await sign(byService, index)).headers.authorization) signed += 1;
  }
  return signed;
}

/** The authorization header of request `index`, to check that the signers agree. */
export async function authorization(index, hash) {
  return (await sign(signers(hash), index)).headers.authorization;
}
