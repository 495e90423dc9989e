// Verify (or sign) a Data Integrity credential with Digital Bazaar's @digitalbazaar/vc.
// Usage: node di.mjs verify < {"credential": {...}}
//        node di.mjs issue  < {"credential": {...}, "seed": "<hex>", "suite": "eddsa-jcs-2022"}
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

const input = JSON.parse(readFileSync(0, 'utf8'));
const command = process.argv[2];
if(command === 'verify') {
  const suite = new DataIntegrityProof({cryptosuite: input.credential.proof.cryptosuite === 'eddsa-jcs-2022' ? createVerifyCryptosuite() : rdfc});
  const result = await vc.verifyCredential({credential: input.credential, suite, documentLoader, checkStatus: async () => ({verified: true})});
  console.log(JSON.stringify({verified: result.verified, error: result.error ? String(result.error.message || result.error) : null}));
} else if(command === 'issue') {
  const seed = Uint8Array.from(Buffer.from(input.seed, 'hex'));
  const keyPair = await Ed25519Multikey.generate({seed});
  const fingerprint = keyPair.publicKeyMultibase;
  const did = `did:key:${fingerprint}`;
  keyPair.id = `${did}#${fingerprint}`;
  keyPair.controller = did;
  const credential = {...input.credential, issuer: did};
  const cryptosuite = input.suite === 'eddsa-jcs-2022' ? createSignCryptosuite() : rdfc;
  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite});
  const signed = await vc.issue({credential, suite, documentLoader});
  console.log(JSON.stringify(signed));
} else {
  throw new Error('usage: node di.mjs verify|issue');
}
