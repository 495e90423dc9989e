// Verify (or issue) an SD-JWT VC with @sd-jwt/sd-jwt-vc.
// Usage: node sd-jwt-vc.mjs verify < {"token": "...", "issuerJwk": {...}, "nonce": "...", "aud": "..."}
//        node sd-jwt-vc.mjs issue  < {"issuerJwk": {private}, "holderJwk": {private}, "nonce", "aud", "iss"}
import {readFileSync} from 'node:fs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {ES256, digest, generateSalt} from '@sd-jwt/crypto-nodejs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const command = process.argv[2];
const hasher = digest;

if(command === 'verify') {
  const verifier = await ES256.getVerifier(input.issuerJwk);
  const kbVerifier = async (data, sig, payload) => {
    const v = await ES256.getVerifier(payload.cnf.jwk);
    return v(data, sig);
  };
  const sdjwt = new SDJwtVcInstance({hasher, verifier, kbVerifier, hashAlg: 'sha-256', saltGenerator: generateSalt});
  try {
    const result = await sdjwt.verify(input.token, {requiredClaimKeys: [], keyBindingNonce: input.nonce});
    const aud = result.kb?.payload?.aud;
    console.log(JSON.stringify({verified: aud === input.aud, claims: result.payload, error: null}));
  } catch(e) {
    console.log(JSON.stringify({verified: false, error: String(e.message || e)}));
  }
} else if(command === 'issue') {
  const signer = await ES256.getSigner(input.issuerJwk);
  const kbSigner = await ES256.getSigner(input.holderJwk);
  const sdjwt = new SDJwtVcInstance({hasher, signer, signAlg: 'ES256', kbSigner, kbSignAlg: 'ES256', hashAlg: 'sha-256', saltGenerator: generateSalt});
  const {d, ...holderPublic} = input.holderJwk;
  const now = Math.floor(Date.now() / 1000);
  const issued = await sdjwt.issue(
    {iss: input.iss, iat: now, exp: now + 3600, vct: input.vct, cnf: {jwk: holderPublic},
     given_name: 'Sanne', skills: [{uri: 'http://data.europa.eu/esco/skill/a'}]},
    {_sd: ['given_name'], skills: {_sd: [0]}},
    {header: {typ: 'dc+sd-jwt'}}
  );
  const presented = await sdjwt.present(issued, {given_name: true, skills: {0: true}},
    {kb: {payload: {iat: now, aud: input.aud, nonce: input.nonce}}});
  console.log(JSON.stringify({token: presented}));
}
