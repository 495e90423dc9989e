// Verify (or sign) a Data Integrity credential with Digital Bazaar's @digitalbazaar/vc.
// Usage: node di.mjs verify < {"credential": {...}}
//        node di.mjs issue  < {"credential": {...}, "seed": "<hex>", "suite": "eddsa-jcs-2022"}
//        node di.mjs verify-presentation < {"presentation": {...}, "challenge": "...", "domain": "..."}
//        node di.mjs present < {"credential": {...}, "seed": "<hex>", "suite": "...",
//                               "challenge": "...", "domain": "..."}
// Contexts come only from Kunde's bundled set (a static document loader); did:key is
// resolved from the key itself.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as rdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite, createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextDir = path.join(here, '..', '..', '..', 'src', 'kunde', 'credentials', 'contexts');
const contextMap = JSON.parse(readFileSync(path.join(contextDir, 'context-map.json'), 'utf8'));

async function documentLoader(url) {
  if(contextMap[url]) {
    const document = JSON.parse(readFileSync(path.join(contextDir, contextMap[url]), 'utf8'));
    return {contextUrl: null, documentUrl: url, document};
  }
  if(url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const fingerprint = did.slice('did:key:'.length);
    const vmId = `${did}#${fingerprint}`;
    const method = {
      '@context': 'https://w3id.org/security/multikey/v1',
      id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: fingerprint
    };
    const document = fragment ? method : {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did, verificationMethod: [method], assertionMethod: [vmId], authentication: [vmId]
    };
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`document not bundled: ${url}`);
}

async function didKeyPair(seedHex) {
  const keyPair = await Ed25519Multikey.generate({seed: Uint8Array.from(Buffer.from(seedHex, 'hex'))});
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  return {keyPair, did};
}

function signSuite(name, keyPair) {
  const cryptosuite = name === 'eddsa-jcs-2022' ? createSignCryptosuite() : rdfc;
  return new DataIntegrityProof({signer: keyPair.signer(), cryptosuite});
}

// Both cryptosuites, so a presentation in one suite may hold a credential in the other.
const verifySuites = () => [
  new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()}),
  new DataIntegrityProof({cryptosuite: rdfc})
];
const checkStatus = async () => ({verified: true});
const message = error => error ? String(error.message || error) : null;

const input = JSON.parse(readFileSync(0, 'utf8'));
const command = process.argv[2];
if(command === 'verify') {
  const suite = new DataIntegrityProof({cryptosuite: input.credential.proof.cryptosuite === 'eddsa-jcs-2022' ? createVerifyCryptosuite() : rdfc});
  const result = await vc.verifyCredential({credential: input.credential, suite, documentLoader, checkStatus});
  console.log(JSON.stringify({verified: result.verified, error: message(result.error)}));
} else if(command === 'issue') {
  const {keyPair, did} = await didKeyPair(input.seed);
  const credential = {...input.credential, issuer: did};
  const signed = await vc.issue({credential, suite: signSuite(input.suite, keyPair), documentLoader});
  console.log(JSON.stringify(signed));
} else if(command === 'verify-presentation') {
  const result = await vc.verify({
    presentation: input.presentation, challenge: input.challenge, domain: input.domain,
    suite: verifySuites(), documentLoader, checkStatus
  });
  const errors = [result.error, ...(result.presentationResult?.results || []).map(r => r.error),
    ...(result.credentialResults || []).map(r => r.error)].filter(Boolean);
  console.log(JSON.stringify({
    verified: result.verified,
    presentation: result.presentationResult?.verified ?? null,
    credentials: (result.credentialResults || []).map(r => r.verified),
    error: errors.length ? errors.map(message).join('; ') : null
  }));
} else if(command === 'present') {
  const {keyPair, did} = await didKeyPair(input.seed);
  const presentation = vc.createPresentation({verifiableCredential: [input.credential], holder: did});
  const signed = await vc.signPresentation({
    presentation, suite: signSuite(input.suite, keyPair), challenge: input.challenge,
    domain: input.domain, documentLoader
  });
  console.log(JSON.stringify(signed));
} else {
  throw new Error('usage: node di.mjs verify|issue|verify-presentation|present');
}
